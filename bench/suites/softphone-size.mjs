// Bundle size of @wwe-webrtc/softphone as an app ships it: the published dist/ bundled with esbuild's
// code splitting, minified, each chunk gzip -9. The initial load (entry chunk and its static imports)
// with JsSIP external and bundled in, against JsSIP alone; what connect() loads on top; every chunk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outFile } from '../stats.mjs';
import { buildPackages, bundleSizes, kib, root, sizeRow } from '../bundle-size.mjs';

const out = outFile();
buildPackages('@wwe-webrtc/softphone');

const resolveDir = join(root, 'packages/softphone');
const library = `export * from './dist/index.js';`;
const CONNECT_CHUNKS = ['quality-monitor', 'call-recovery', 'ice-restart'];

const jssip = await bundleSizes(`export { default } from 'jssip';`, { resolveDir });
const withoutJssip = await bundleSizes(library, { resolveDir, external: ['jssip'] });
const withJssip = await bundleSizes(library, { resolveDir });

const rows = [
  { metric: 'softphone-size JsSIP alone (min+gz)', unit: 'KiB', value: kib(jssip.initial.gz) },
  sizeRow('softphone-size library initial load without JsSIP (min+gz)', withoutJssip.initial, jssip.initial),
  sizeRow('softphone-size library initial + what connect() loads without JsSIP (min+gz)', withoutJssip.with(CONNECT_CHUNKS), jssip.initial),
  sizeRow('softphone-size library all chunks without JsSIP (min+gz)', withoutJssip.total, jssip.initial),
  sizeRow('softphone-size library initial load with JsSIP (min+gz)', withJssip.initial, jssip.initial),
  ...withoutJssip.lazy
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((chunk) => ({ metric: `softphone-size chunk on first use: ${chunk.name}${CONNECT_CHUNKS.includes(chunk.name) ? ' (at connect)' : ''} (min+gz)`, unit: 'KiB', value: kib(chunk.gz) })),
];
for (const row of rows) console.log(`${row.metric}: ${row.value} KiB${row.ratio ? ` (×${row.ratio.toFixed(3)} of JsSIP)` : ''}`);
writeFileSync(out, JSON.stringify(rows, null, 2));
