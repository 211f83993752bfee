/** Exponential backoff with jitter, shared by AMI reconnects and registration retries. */
export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  initialMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Fraction of the delay randomised (0.2 = ±20 %), so thousands of DNs or gateways don't retry in step. */
  jitter: number;
}

/** Delay before retry number `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const spread = base * options.jitter;
  const delay = base - spread + random() * 2 * spread;
  return Math.max(0, Math.min(options.maxMs, Math.round(delay)));
}
