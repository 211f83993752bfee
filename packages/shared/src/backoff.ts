/** Exponential backoff with jitter: the softphone's reconnects, the gateway's AMI reconnects and register retries. */
export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  initialDelayMs: number;
  /** Ceiling of any delay, ms. */
  maxDelayMs: number;
  /** Growth per attempt. */
  multiplier: number;
  /**
   * Random spread, 0…1, applied as ±jitter×delay, so the agents of a site (or the DNs of a gateway)
   * do not retry in step after a shared outage.
   */
  jitter: number;
}

/**
 * Delay before retry `attempt` (1-based): exponential from `initialDelayMs`, capped at `maxDelayMs`,
 * with symmetric jitter. `random` returns [0, 1) and is injectable so the curve is testable.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxDelayMs, base + spread)));
}
