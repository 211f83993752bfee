import { TokenBucket } from '../token-bucket.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * Bounds how often one DN's browser is sent remote-control NOTIFYs. A real agent gets one per answer
 * or hold; a burst of distinct requests for one DN (a looping CTI adapter, forged HEP traffic) should
 * not turn into a burst of NOTIFYs on the agent's WebSocket. Pure: the caller passes the clock.
 */
export class DnRateLimit {
  private readonly buckets: ExpiringMap<string, TokenBucket>;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    maxDns = 50_000,
  ) {
    // An idle bucket refills to full within burst / perSecond; forgetting it after that changes nothing.
    this.buckets = new ExpiringMap(Math.max(1000, (burst / perSecond) * 1000), maxDns);
  }

  allow(dn: string, nowMs: number): boolean {
    let bucket = this.buckets.get(dn, nowMs);
    if (!bucket) bucket = new TokenBucket(this.perSecond, this.burst, nowMs);
    this.buckets.set(dn, bucket, nowMs);
    return bucket.take(nowMs);
  }
}
