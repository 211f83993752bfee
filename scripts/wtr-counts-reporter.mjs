// Writes the browser suites' pass/fail/skip counts to a JSON file so scripts/test.mjs can sum every
// suite into one closing line (the runner itself prints its counts on a progress line only).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const BROWSER_COUNTS_FILE = '.cache/test-results/browser.json';

function countSuite(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countSuite(child, counts);
}

export function countsReporter({ file = BROWSER_COUNTS_FILE } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = counts.passed + counts.failed + counts.skipped;
        countSuite(session.testResults, counts);
        const counted = counts.passed + counts.failed + counts.skipped - before;
        // A file that failed to load or threw outside a test has errors but no failed test: count it.
        if (!session.passed && (counted === 0 || (session.errors?.length ?? 0) > 0)) counts.failed += 1;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(counts));
    },
  };
}
