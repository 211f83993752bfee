// Bundles the test page with esbuild (the softphone and the widget from their TypeScript sources,
// JsSIP and Lit from their packages' dependencies) and serves it on loopback. http://127.0.0.1 is a secure context, so
// getUserMedia works without TLS.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE_DIR = new URL('../page/', import.meta.url);
const ROOT = new URL('../../', import.meta.url);

export async function bundlePage() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('harness.js', PAGE_DIR))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    sourcemap: 'inline',
    alias: {
      '@wwe-webrtc/softphone': fileURLToPath(new URL('packages/softphone/src/index.ts', ROOT)),
      '@wwe-webrtc/widget': fileURLToPath(new URL('widget/src/index.ts', ROOT)),
    },
    nodePaths: [fileURLToPath(new URL('packages/softphone/node_modules', ROOT)), fileURLToPath(new URL('widget/node_modules', ROOT))],
    tsconfig: fileURLToPath(new URL('tsconfig.base.json', ROOT)),
  });
  return result.outputFiles[0].text;
}

/** Writes the page (`index.html`, `harness.js`) into `dir`, for a web server of its own (nginx) to serve. */
export function writePage(bundle, dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), readFileSync(new URL('index.html', PAGE_DIR)));
  writeFileSync(join(dir, 'harness.js'), bundle);
}

/** Serves `/` (the page) and `/harness.js` (the bundle) on 127.0.0.1; resolves to { url, close }. */
export async function servePage(bundle) {
  const html = readFileSync(new URL('index.html', PAGE_DIR));
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
