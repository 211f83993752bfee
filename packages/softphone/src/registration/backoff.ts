/** Reconnect pacing. Defaults in `DEFAULT_RECONNECT`. */
export interface ReconnectOptions {
  /** First retry delay, ms. Default `1000`. */
  initialDelayMs?: number;
  /** Ceiling of the delay, ms. Default `30000`. */
  maxDelayMs?: number;
  /** Growth per attempt. Default `2`. */
  multiplier?: number;
  /** Random spread, 0…1, applied as ±jitter×delay so agents of a site do not reconnect in step. Default `0.3`. */
  jitter?: number;
  /** Attempts before giving up (`failed`). Default `Infinity`. */
  maxAttempts?: number;
}

export const DEFAULT_RECONNECT: Required<ReconnectOptions> = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.3,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, with symmetric jitter.
 * `random` is injectable so the curve is testable.
 */
export function backoffDelay(attempt: number, options: Required<ReconnectOptions>, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxDelayMs, base + spread)));
}
