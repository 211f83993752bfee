// Bundle size of @wwe-webrtc/softphone as an app ships it: minified + gzipped, with JsSIP external
// (the published build) and with JsSIP bundled in; plain JsSIP alone is the baseline for the ratio.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { outFile } from '../stats.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = outFile();

async function minGzip(options) {
  const result = await build({ bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', ...options });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length / 1024;
}

const nodePaths = [`${root}packages/softphone/node_modules`];
const library = `${root}packages/softphone/src/index.ts`;
const jssipOnly = await minGzip({ stdin: { contents: "export { default } from 'jssip';", resolveDir: `${root}packages/softphone` }, nodePaths });
const withoutJssip = await minGzip({ entryPoints: [library], external: ['jssip'] });
const withJssip = await minGzip({ entryPoints: [library], nodePaths });

const rows = [
  { metric: 'softphone-size JsSIP alone (min+gz)', unit: 'KiB', value: round(jssipOnly) },
  { metric: 'softphone-size library without JsSIP (min+gz)', unit: 'KiB', value: round(withoutJssip), baseline: round(jssipOnly), ratio: round(withoutJssip / jssipOnly, 3) },
  { metric: 'softphone-size library with JsSIP (min+gz)', unit: 'KiB', value: round(withJssip), baseline: round(jssipOnly), ratio: round(withJssip / jssipOnly, 3) },
];
for (const row of rows) console.log(`${row.metric}: ${row.value} KiB${row.ratio ? ` (×${row.ratio} of JsSIP)` : ''}`);
writeFileSync(out, JSON.stringify(rows, null, 2));

function round(value, digits = 1) {
  return Number(value.toFixed(digits));
}
