#!/usr/bin/env node
// End-to-end suite against real peers: Kamailio (WebSocket registrar/proxy), headless Chromium running
// the softphone, and sipp playing the Genesys SIP Server, all inside a private loopback-only network
// namespace. Usage: node e2e/run.mjs [--counts=<file>] [--only=<substring>] [--agent=softphone|jssip]
// `--agent=jssip` runs every scenario against plain JsSIP instead of the softphone (checks the lab).
// Writes {"passed":N,"failed":N,"skipped":N} to the counts file; exits non-zero on any failure.
import { rmSync, writeFileSync } from 'node:fs';
import { runIsolated, IsolationError } from './lib/namespace.mjs';
import { startLab } from './lib/environment.mjs';
import { Suite } from './lib/suite.mjs';
import { scenarios } from './scenarios/index.mjs';

const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const countsFile = option('counts');
const only = option('only');
const subject = option('agent') ?? 'softphone';

function writeCounts(counts) {
  if (countsFile) writeFileSync(countsFile, `${JSON.stringify(counts)}\n`);
}

// A run that dies before writing counts must not leave an older run's counts behind.
if (countsFile) rmSync(countsFile, { force: true });

try {
  await runIsolated();
} catch (error) {
  if (!(error instanceof IsolationError)) throw error;
  console.error(`e2e: ${error.message}`);
  writeCounts({ passed: 0, failed: 1, skipped: 0 });
  process.exit(1);
}

const started = Date.now();
const suite = new Suite();
const selected = scenarios.filter((scenario) => !only || scenario.name.includes(only));
let tearDown = async () => undefined;

let aborting = false;

/** Stops everything, reports what ran and exits: used by signals and the time limit. */
async function abort(why, code) {
  if (aborting) return;
  aborting = true;
  console.error(`e2e: ${why}, stopping`);
  await tearDown();
  suite.counts.failed += 1;
  console.log(suite.summary(Date.now() - started));
  writeCounts(suite.counts);
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => abort(`received ${signal}`, 130));
// The suite must stay well under 3 minutes on a shared 2-core machine; past this, something hangs.
const SUITE_LIMIT_MS = 170_000;
setTimeout(() => abort(`the suite ran past ${SUITE_LIMIT_MS / 1000} s`, 1), SUITE_LIMIT_MS).unref();

try {
  const environment = await startLab({ step: (name, fn, ms) => suite.setup(name, fn, ms), subject });
  tearDown = environment.tearDown;
  const { lab } = environment;
  const { kamailio } = lab;
  const capabilities = await suite.setup(`load the ${subject} in a page`, () => lab.capabilities());

  for (const scenario of selected) {
    if (aborting) break;
    const missing = (scenario.needs ?? []).filter((need) => !capabilities.includes(need));
    const skip = missing.length > 0 ? `the ${subject} does not offer ${missing.join(', ')} yet` : undefined;
    const outcome = await suite.scenario(scenario.name, () => scenario.run(lab), { timeoutMs: scenario.timeoutMs, skip });
    if (outcome === 'failed') {
      for (const line of lab.pageErrors().slice(-10)) console.log(`    page ${line}`);
      const kamailioErrors = kamailio.log.trim().split('\n').filter((line) => /ERROR|CRITICAL/.test(line));
      for (const line of kamailioErrors.slice(-5)) console.log(`    kamailio ${line}`);
    }
    await lab.closePages();
    if (!kamailio.process) await suite.setup('restart Kamailio after a scenario left it stopped', () => kamailio.start(), 10_000);
  }
} catch (error) {
  console.error(`e2e: ${error.message}`);
  const done = new Set(suite.rows.map((row) => row.name));
  suite.notRun(
    selected.filter((scenario) => !done.has(scenario.name)).map((scenario) => scenario.name),
    error.step ? `setup step "${error.step}" failed` : error.message,
  );
  if (suite.rows.length === 0) suite.counts.failed += 1;
} finally {
  await tearDown();
}
// An abort in progress reports and exits by itself.
if (aborting) await new Promise(() => undefined);

console.log(suite.summary(Date.now() - started));
writeCounts(suite.counts);
process.exit(suite.counts.failed > 0 ? 1 : 0);
