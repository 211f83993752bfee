// The shared body of the end-to-end runners: isolate the network, bring the lab up step by step, run
// the selected scenarios one after the other, and report counts whatever happens (failure, time limit,
// SIGINT/SIGTERM). Each runner supplies its lab and scenarios.
import { rmSync, writeFileSync } from 'node:fs';
import { runIsolated, IsolationError } from './namespace.mjs';
import { Suite } from './suite.mjs';

const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/**
 * Runs a suite. `startLab({ step })` resolves to { lab, tearDown, afterScenario?, describeFailure?,
 * before? }; `before(lab)` runs once before the scenarios. Command-line options: --counts=<file>,
 * --only=<substring>. Never returns: exits with 0 when nothing failed.
 */
export async function runSuite({ name, scenarios, startLab, limitMs, prepare }) {
  const countsFile = option('counts');
  const only = option('only');
  const writeCounts = (counts) => countsFile && writeFileSync(countsFile, `${JSON.stringify(counts)}\n`);
  // A run that dies before writing counts must not leave an older run's counts behind.
  if (countsFile) rmSync(countsFile, { force: true });

  try {
    await runIsolated();
  } catch (error) {
    if (!(error instanceof IsolationError)) throw error;
    console.error(`${name}: ${error.message}`);
    writeCounts({ passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  }
  if (prepare) {
    try {
      await prepare();
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      writeCounts({ passed: 0, failed: 1, skipped: 0 });
      process.exit(1);
    }
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
    console.error(`${name}: ${why}, stopping`);
    await tearDown();
    suite.counts.failed += 1;
    console.log(suite.summary(Date.now() - started, name));
    writeCounts(suite.counts);
    process.exit(code);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => abort(`received ${signal}`, 130));
  setTimeout(() => abort(`the suite ran past ${limitMs / 1000} s`, 1), limitMs).unref();

  try {
    const environment = await startLab({ step: (stepName, fn, ms) => suite.setup(stepName, fn, ms) });
    tearDown = environment.tearDown;
    const { lab } = environment;
    const capabilities = environment.capabilities ? await environment.capabilities() : undefined;
    for (const scenario of selected) {
      if (aborting) break;
      const missing = (scenario.needs ?? []).filter((need) => capabilities && !capabilities.includes(need));
      const skip = missing.length > 0 ? `the ${lab.subject ?? 'subject'} does not offer ${missing.join(', ')} yet` : undefined;
      const outcome = await suite.scenario(scenario.name, () => scenario.run(lab), { timeoutMs: scenario.timeoutMs, skip });
      if (outcome === 'failed') for (const line of environment.describeFailure?.() ?? []) console.log(`    ${line}`);
      await environment.afterScenario?.(outcome);
    }
  } catch (error) {
    console.error(`${name}: ${error.message}`);
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

  console.log(suite.summary(Date.now() - started, name));
  writeCounts(suite.counts);
  process.exit(suite.counts.failed > 0 ? 1 : 0);
}
