// Bundle size of <wwe-softphone> as an app would ship it: minified ESM, gzip -9.
// With JsSIP (everything an app loads) against JsSIP alone, and without JsSIP (what the widget and the
// library add on top of it) against Lit alone; the element's own code and the host helper against that.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outFile } from '../stats.mjs';
import { workspaceEntries } from '../../scripts/workspace-aliases.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const alias = Object.fromEntries(Object.entries(workspaceEntries).map(([name, entry]) => [name, resolve(root, entry)]));

/** Minified + gzipped bytes of a bundle of `contents` (an ES module importing what to measure). */
async function minGz(contents, { external = [], from = 'widget' } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: resolve(root, from), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    // An external package must not be redirected to its sources first.
    alias: Object.fromEntries(Object.entries(alias).filter(([name]) => !external.includes(name))),
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.byteLength, gz: gzipSync(code, { level: 9 }).byteLength };
}

const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const row = (metric, size, baseline) => ({
  metric,
  unit: 'KiB',
  value: kib(size.gz),
  ...(baseline ? { baseline: kib(baseline.gz), ratio: size.gz / baseline.gz } : {}),
});

const widget = `export * from '@wwe-webrtc/widget';`;
const jssip = await minGz(`export { default } from 'jssip';`, { from: 'packages/softphone' });
const lit = await minGz(`export * from 'lit';`);
const withJssip = await minGz(widget);
const withoutJssip = await minGz(widget, { external: ['jssip'] });
const own = await minGz(widget, { external: ['jssip', 'lit', '@wwe-webrtc/softphone'] });
const host = await minGz(`export * from '@wwe-webrtc/widget/host';`);

const metrics = [
  row('widget min+gz, with JsSIP (vs JsSIP alone)', withJssip, jssip),
  row('widget min+gz, without JsSIP (vs Lit alone)', withoutJssip, lit),
  row('widget code alone min+gz (vs widget without JsSIP)', own, withoutJssip),
  row('host helper min+gz (vs widget without JsSIP)', host, withoutJssip),
  { metric: 'widget minified, with JsSIP', unit: 'KiB', value: kib(withJssip.min) },
  { metric: 'widget minified, without JsSIP', unit: 'KiB', value: kib(withoutJssip.min) },
];
writeFileSync(outFile(), JSON.stringify(metrics, null, 2));
