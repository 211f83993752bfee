#!/usr/bin/env node
// `pnpm bench`: runs every benchmark suite in bench/suites/ (each a standalone script), prints one table
// and writes bench/results/latest.json: [{ metric, unit, value, p50?, p95?, p99?, baseline?, ratio? }].
// A suite is `node bench/suites/<name>.mjs --out <file>` writing its metrics array as JSON to <file>.
// `pnpm bench <name> ...` runs only those suites.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suitesDir = join(root, 'bench/suites');
const resultsDir = join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });

const available = readdirSync(suitesDir)
  .filter((file) => file.endsWith('.mjs'))
  .map((file) => file.replace(/\.mjs$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? wanted : available;
const unknown = selected.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

function runSuite(name) {
  const out = join(resultsDir, `${name}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(suitesDir, `${name}.mjs`), '--out', out], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('exit', (code) => {
      if (code !== 0 || !existsSync(out)) {
        console.error(`benchmark ${name} failed (exit ${code})`);
        resolve({ ok: false, metrics: [] });
        return;
      }
      resolve({ ok: true, metrics: JSON.parse(readFileSync(out, 'utf8')) });
    });
  });
}

const all = [];
let failed = 0;
for (const name of selected) {
  console.log(`\n=== bench: ${name} ===`);
  const { ok, metrics } = await runSuite(name);
  if (!ok) failed += 1;
  all.push(...metrics);
}

const format = (value) =>
  value === undefined ? '' : typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
const columns = ['metric', 'unit', 'value', 'p50', 'p95', 'p99', 'baseline', 'ratio'];
const rows = all.map((metric) => columns.map((column) => format(metric[column])));
const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(`\n${line(columns)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));

writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(all, null, 2)}\n`);
console.log(`\nwrote bench/results/latest.json (${all.length} metrics)`);
process.exit(failed > 0 ? 1 : 0);
