// Step runner: prints each step's name, times it, and turns failures into one readable line naming the
// step. Setup steps abort the run when they fail; scenarios are independent and counted.

export class SetupError extends Error {
  code = 'E2E_SETUP';
  name = 'SetupError';
  constructor(step, cause) {
    super(`setup step "${step}" failed: ${cause?.message ?? cause}`, { cause });
    this.step = step;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export class Suite {
  counts = { passed: 0, failed: 0, skipped: 0 };
  rows = [];

  /** Runs an infrastructure step; throws SetupError naming it if it fails. */
  async setup(name, fn, timeoutMs = 30_000) {
    const started = Date.now();
    console.log(`▶ ${name}`);
    try {
      const value = await withTimeout(fn(), timeoutMs, name);
      console.log(`  ok ${name} (${seconds(Date.now() - started)})`);
      return value;
    } catch (error) {
      throw new SetupError(name, error);
    }
  }

  /**
   * Runs one scenario: passes, fails (with the message of what broke) or is skipped with a reason.
   * Resolves to 'passed', 'failed' or 'skipped'.
   */
  async scenario(name, fn, { timeoutMs = 30_000, skip } = {}) {
    if (skip) {
      console.log(`- skip ${name}: ${skip}`);
      this.#record(name, 'skipped', skip, 0);
      return 'skipped';
    }
    const started = Date.now();
    console.log(`▶ ${name}`);
    try {
      await withTimeout(fn(), timeoutMs, name);
      console.log(`  pass ${name} (${seconds(Date.now() - started)})`);
      this.#record(name, 'passed', '', Date.now() - started);
      return 'passed';
    } catch (error) {
      const message = error?.message ?? String(error);
      console.log(`  FAIL ${name} (${seconds(Date.now() - started)}): ${message}`);
      this.#record(name, 'failed', message, Date.now() - started);
      return 'failed';
    }
  }

  /** Counts scenarios that could not run because setup broke as failed. */
  notRun(names, reason) {
    for (const name of names) {
      console.log(`  FAIL ${name}: not run, ${reason}`);
      this.#record(name, 'failed', `not run: ${reason}`, 0);
    }
  }

  #record(name, outcome, detail, ms) {
    this.counts[outcome] += 1;
    this.rows.push({ name, outcome, detail, ms });
  }

  summary(totalMs, name = 'e2e') {
    const lines = ['', `${name} scenarios:`];
    for (const row of this.rows) {
      const tag = { passed: 'pass', failed: 'FAIL', skipped: 'skip' }[row.outcome];
      lines.push(`  ${tag.padEnd(4)}  ${row.name}${row.outcome === 'passed' ? ` (${seconds(row.ms)})` : `: ${row.detail.split('\n')[0]}`}`);
    }
    const { passed, failed, skipped } = this.counts;
    lines.push(`${name}: ${passed} passed, ${failed} failed, ${skipped} skipped in ${seconds(totalMs)}`);
    return lines.join('\n');
  }
}

/** Rejects with "<name> timed out after N s" if `promise` takes longer than `ms`. */
export function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} timed out after ${seconds(ms)}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
