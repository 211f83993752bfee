#!/usr/bin/env node
// Runs every test suite (lint, typecheck, node, browser, e2e, asterisk) and ends with one line:
// `N passed, N failed, N skipped`, summed over all suites. Exits non-zero on any failure.
// `node scripts/test.mjs node browser` runs only the named suites.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, '.cache/test-results');

/** Test files under `dir` whose names end with one of `suffixes`. */
function findTests(dir, suffixes) {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  const found = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !suffixes.some((suffix) => entry.name.endsWith(suffix))) continue;
    const full = join(entry.parentPath ?? entry.path, entry.name);
    if (full.includes('node_modules')) continue;
    found.push(relative(root, full));
  }
  return found.sort();
}

function run(command, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const bin = (name) => join(root, 'node_modules/.bin', name);

/** A step that is one check (lint, typecheck): passes or fails as a whole. */
const check = (command, args) => async () => {
  const code = await run(command, args);
  return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
};

/** Reads `# pass N` / `# fail N` / `# skipped N` / `# todo N` from the node test runner's TAP output. */
function parseTapCounts(file) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const read = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  counts.passed = read('pass');
  counts.failed = read('fail') + read('cancelled');
  counts.skipped = read('skipped') + read('todo');
  return counts;
}

async function nodeSuite() {
  const files = [
    ...findTests('packages/shared/test', ['.test.ts']),
    ...findTests('packages/gateway/test', ['.test.ts']),
    ...findTests('scripts/test', ['.test.mjs']),
  ];
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  const tap = join(resultsDir, 'node.tap');
  const code = await run(process.execPath, [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const counts = parseTapCounts(tap) ?? { passed: 0, failed: 0, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself broke
  return counts;
}

async function browserSuite() {
  const files = [...findTests('packages/softphone/test', ['.test.ts']), ...findTests('widget/test', ['.test.ts'])];
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  const countsFile = join(resultsDir, 'browser.json');
  const code = await run(bin('wtr'), ['--config', 'web-test-runner.config.mjs']);
  const counts = existsSync(countsFile)
    ? JSON.parse(readFileSync(countsFile, 'utf8'))
    : { passed: 0, failed: 0, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** An end-to-end runner (`e2e/run.mjs`, `e2e/asterisk/run.mjs`) that writes its counts to a file. */
const e2eSuite = (path, name) => async () => {
  const runner = join(root, path);
  if (!existsSync(runner)) return { passed: 0, failed: 0, skipped: 0 };
  const countsFile = join(resultsDir, `${name}.json`);
  const code = await run(process.execPath, [runner, `--counts=${countsFile}`]);
  const counts = existsSync(countsFile)
    ? JSON.parse(readFileSync(countsFile, 'utf8'))
    : { passed: 0, failed: 0, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
};

const suites = {
  lint: check(bin('eslint'), ['--max-warnings=0', '.']),
  typecheck: check(bin('tsc'), ['-b']),
  node: nodeSuite,
  browser: browserSuite,
  e2e: e2eSuite('e2e/run.mjs', 'e2e'),
  asterisk: e2eSuite('e2e/asterisk/run.mjs', 'asterisk'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const total = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const counts = await suites[name]();
  rows.push({ name, ...counts, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  for (const key of Object.keys(total)) total[key] += counts[key];
}

console.log('\nsuite       passed  failed  skipped  seconds');
for (const row of rows) {
  console.log(
    `${row.name.padEnd(10)} ${String(row.passed).padStart(7)} ${String(row.failed).padStart(7)} ${String(row.skipped).padStart(8)} ${row.seconds.padStart(8)}`,
  );
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
