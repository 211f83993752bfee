import { QUALITY_PROOF } from '../agent-auth/agent-proof.js';
import { AgentVerifier, type AgentVerification } from '../agent-auth/agent-verifier.js';
import { DnRateLimit } from '../relay/dn-rate-limit.js';
import { TokenBucket } from '../token-bucket.js';

/** Limits of browser quality reports, with their defaults in one place. */
export interface BrowserReportLimits {
  /** Reports per DN: sustained per minute (default 30) and burst (default 10). An agent sends one per call. */
  readonly perDnPerMinute?: number;
  readonly perDnBurst?: number;
  /** Nonce and report requests for all DNs together: per second (default 200) and burst (default 400). */
  readonly globalPerSecond?: number;
  readonly globalBurst?: number;
  /** How long a nonce may be used, ms. Default 30,000. */
  readonly nonceLifetimeMs?: number;
}

export const BROWSER_REPORT_DEFAULTS = { perDnPerMinute: 30, perDnBurst: 10, globalPerSecond: 200, globalBurst: 400, nonceLifetimeMs: 30_000 } as const;

export type BrowserReportAdmission =
  | Exclude<AgentVerification, { outcome: 'verified' }>
  | { readonly outcome: 'admitted'; readonly dn: string }
  | { readonly outcome: 'dn_mismatch'; readonly dn: string }
  | { readonly outcome: 'rate_limited'; readonly scope: 'dn' | 'global'; readonly retryAfterSeconds: number; readonly dn?: string };

/**
 * Who may post a quality report: a browser proving its DN's SIP password over a fresh nonce (the TURN
 * credentials' scheme, with its own proof context), for the DN in the path. One global bucket guards
 * the gateway; the per-DN bucket counts only proven requests, so nobody without the password can use
 * up an agent's reports. Pure: the caller passes the clock.
 */
export class BrowserReportGate {
  readonly #verifier: AgentVerifier;
  readonly #global: TokenBucket;
  readonly #nonceBucket: TokenBucket;
  readonly #perDn: DnRateLimit;
  readonly #perDnPerMinute: number;

  constructor(agentPasswords: ReadonlyMap<string, string>, limits: BrowserReportLimits, nowMs: number) {
    const o = { ...BROWSER_REPORT_DEFAULTS, ...limits };
    this.#global = new TokenBucket(o.globalPerSecond, o.globalBurst, nowMs);
    this.#nonceBucket = new TokenBucket(o.globalPerSecond, o.globalBurst, nowMs);
    this.#perDn = new DnRateLimit(o.perDnPerMinute / 60, o.perDnBurst);
    this.#perDnPerMinute = o.perDnPerMinute;
    // Every redemption within a nonce lifetime passed the global bucket: that bounds the map exactly.
    this.#verifier = new AgentVerifier(QUALITY_PROOF, agentPasswords, o.nonceLifetimeMs, Math.ceil(o.globalBurst + (o.globalPerSecond * o.nonceLifetimeMs) / 1000) + 1);
  }

  nonce(nowMs: number): { outcome: 'issued'; nonce: string; expiresIn: number } | { outcome: 'rate_limited'; retryAfterSeconds: number } {
    if (!this.#nonceBucket.take(nowMs)) return { outcome: 'rate_limited', retryAfterSeconds: retryAfter(this.#nonceBucket.waitMs(nowMs)) };
    return { outcome: 'issued', nonce: this.#verifier.nonce(nowMs), expiresIn: Math.floor(this.#verifier.nonceLifetimeMs / 1000) };
  }

  /** Checks `Authorization` for a report on `pathDn`. */
  admit(authorization: string | undefined, pathDn: string, nowMs: number): BrowserReportAdmission {
    if (!this.#global.take(nowMs)) return { outcome: 'rate_limited', scope: 'global', retryAfterSeconds: retryAfter(this.#global.waitMs(nowMs)) };
    const verification = this.#verifier.verify(authorization, nowMs);
    if (verification.outcome !== 'verified') return verification;
    const { dn } = verification;
    if (dn !== pathDn) return { outcome: 'dn_mismatch', dn };
    if (!this.#perDn.allow(dn, nowMs)) return { outcome: 'rate_limited', scope: 'dn', dn, retryAfterSeconds: Math.ceil(60 / this.#perDnPerMinute) };
    return { outcome: 'admitted', dn };
  }
}

function retryAfter(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
