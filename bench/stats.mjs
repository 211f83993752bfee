// Percentiles and ratio helpers shared by the benchmark suites.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Summarises samples as a metric row: value is the median; p50/p95/p99 included. */
export function summarize(metric, unit, samples, extra = {}) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  return { metric, unit, value: p50, p50, p95: percentile(sorted, 95), p99: percentile(sorted, 99), ...extra };
}

/** Adds baseline and ratio (value / baseline) to a metric row. */
export function against(row, baseline) {
  return { ...row, baseline, ratio: baseline === 0 ? undefined : row.value / baseline };
}

/** Parses `--out <file>` from a suite's argv. */
export function outFile(argv = process.argv) {
  const index = argv.indexOf('--out');
  if (index < 0 || !argv[index + 1]) throw new Error('usage: <suite> --out <file.json>');
  return argv[index + 1];
}
