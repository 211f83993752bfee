// JsSIP is CommonJS with circular requires, which the dev server cannot serve as ESM.
// Pre-bundle it once with esbuild and serve it under a virtual path.
import { build } from 'esbuild';
import { createRequire } from 'node:module';

const VIRTUAL_PATH = '/__bundled__/jssip.js';

export function jssipPlugin() {
  let bundled;
  return {
    name: 'bundled-jssip',
    resolveImport({ source }) {
      if (source === 'jssip') return VIRTUAL_PATH;
      return undefined;
    },
    async serve(context) {
      if (context.path !== VIRTUAL_PATH) return undefined;
      bundled ??= bundleJssip();
      return { body: await bundled, type: 'js' };
    },
  };
}

async function bundleJssip() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('jssip', { paths: [process.cwd(), new URL('../packages/softphone/', import.meta.url).pathname] });
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
