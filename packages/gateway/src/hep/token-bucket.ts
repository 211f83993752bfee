/**
 * Token bucket: `ratePerSecond` tokens flow in continuously, at most `burst` are kept. Pure — the
 * caller passes the clock (milliseconds), so tests need no timers.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = ratePerSecond,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst >= 1');
    this.tokens = burst;
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    if (this.last !== undefined && nowMs > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.last) * this.ratePerSecond) / 1000);
    }
    this.last = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
