// The setup and measuring steps of the benchmarks that drive a lab: each printed, bounded in time and
// named in its failure.
import { withTimeout } from '../e2e/lib/suite.mjs';

/** Runs `fn` as the step `name`, at most `ms`; a failure says which step broke. */
export async function step(name, fn, ms = 30_000) {
  console.log(`▶ ${name}`);
  try {
    return await withTimeout(fn(), ms, name);
  } catch (error) {
    throw new Error(`step "${name}" failed: ${error.message}`, { cause: error });
  }
}
