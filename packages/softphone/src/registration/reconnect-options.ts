import type { BackoffOptions } from '@wwe-webrtc/shared';

/** Reconnect pacing. Defaults in `DEFAULT_RECONNECT`. */
export interface ReconnectOptions extends Partial<BackoffOptions> {
  /** First retry delay, ms. Default `1000`. */
  initialDelayMs?: number;
  /**
   * Ceiling of the delay, ms. Default `10000`: a phone must come back soon after its network does (with
   * a 30 s ceiling an agent waited up to 16 s more after a 15 s outage); ±30 % jitter still spreads
   * 2,000 agents to about 200 attempts a second, well inside what Asterisk registers (e2e/README.md).
   */
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
  maxDelayMs: 10_000,
  multiplier: 2,
  jitter: 0.3,
  maxAttempts: Number.POSITIVE_INFINITY,
};
