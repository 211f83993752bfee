// Bundle size of <wwe-softphone> as an app ships it: the published dist/ (templates minified, parts
// split into chunks) bundled with esbuild's code splitting, minified, each chunk gzip -9.
// Headline: the initial load without JsSIP (entry chunk and its static imports) against Lit alone.
// Beside it, so nobody is fooled: what connect() loads on top (call quality and recovery), the total
// of every chunk, each chunk loaded on first use, and the same with JsSIP against JsSIP alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outFile } from '../stats.mjs';
import { buildPackages, bundleSizes, kib, root, sizeRow } from '../bundle-size.mjs';

const out = outFile();
buildPackages('@wwe-webrtc/softphone', '@wwe-webrtc/widget');

const widgetDir = join(root, 'widget');
const softphoneDir = join(root, 'packages/softphone');
const widget = `export * from './dist/index.js';`;
/** What every connect() loads beside registration, before any call (see loadCallFeatures). */
const CONNECT_CHUNKS = ['quality-monitor', 'call-recovery', 'ice-restart'];

const lit = await bundleSizes(`export * from 'lit';`, { resolveDir: widgetDir });
const jssip = await bundleSizes(`export { default } from 'jssip';`, { resolveDir: softphoneDir });
const withoutJssip = await bundleSizes(widget, { resolveDir: widgetDir, external: ['jssip'] });
const withJssip = await bundleSizes(widget, { resolveDir: widgetDir });
const own = await bundleSizes(widget, { resolveDir: widgetDir, external: ['jssip', 'lit', '@wwe-webrtc/softphone'] });
const host = await bundleSizes(`export * from './dist/host.js';`, { resolveDir: widgetDir });

const metrics = [
  sizeRow('widget initial load min+gz, without JsSIP (vs Lit alone)', withoutJssip.initial, lit.initial),
  sizeRow('widget initial load + what connect() loads min+gz, without JsSIP (vs Lit alone)', withoutJssip.with(CONNECT_CHUNKS), lit.initial),
  sizeRow('widget all chunks min+gz, without JsSIP (vs Lit alone)', withoutJssip.total, lit.initial),
  sizeRow('widget initial load min+gz, with JsSIP (vs JsSIP alone)', withJssip.initial, jssip.initial),
  sizeRow('widget all chunks min+gz, with JsSIP (vs JsSIP alone)', withJssip.total, jssip.initial),
  sizeRow('widget code alone, initial load min+gz (vs widget initial without JsSIP)', own.initial, withoutJssip.initial),
  sizeRow('host helper min+gz (vs widget initial without JsSIP)', host.total, withoutJssip.initial),
  ...withoutJssip.lazy
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((chunk) => ({ metric: `widget chunk on first use: ${chunk.name}${CONNECT_CHUNKS.includes(chunk.name) ? ' (at connect)' : ''} min+gz`, unit: 'KiB', value: kib(chunk.gz) })),
  { metric: 'widget chunks, without JsSIP', unit: 'count', value: withoutJssip.chunks },
  { metric: 'widget initial load minified, without JsSIP', unit: 'KiB', value: kib(withoutJssip.initial.min) },
  { metric: 'widget all chunks minified, without JsSIP', unit: 'KiB', value: kib(withoutJssip.total.min) },
];
for (const row of metrics) console.log(`${row.metric}: ${row.value} ${row.unit}${row.ratio ? ` (×${row.ratio.toFixed(3)} of ${row.baseline} KiB)` : ''}`);
writeFileSync(out, JSON.stringify(metrics, null, 2));
