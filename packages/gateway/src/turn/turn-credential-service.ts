import { TokenBucket } from '../token-bucket.js';
import { DnRateLimit } from '../relay/dn-rate-limit.js';
import type { NonceProblem } from '../agent-auth/agent-nonces.js';
import { TURN_PROOF } from '../agent-auth/agent-proof.js';
import { AgentVerifier } from '../agent-auth/agent-verifier.js';
import { turnCredential } from './turn-credentials.js';
import { resolveTurnOptions, type ResolvedTurnCredentialOptions, type TurnCredentialOptions } from './turn-options.js';

/** An `RTCIceServer` as the browser's `RTCPeerConnection` takes it. */
export interface IceServer {
  readonly urls: string[];
  readonly username?: string;
  readonly credential?: string;
}

/**
 * The answer to a credential request: the shape Twilio's Network Traversal tokens and Genesys Cloud's
 * SDK hand to their browsers (a list of `RTCIceServer`s plus a lifetime), ready for `RTCPeerConnection`.
 */
export interface TurnCredentialsResponse {
  readonly iceServers: IceServer[];
  /** Lifetime in seconds from now: refresh before it ends (clock-skew safe, unlike `expiresAt`). */
  readonly ttl: number;
  /** Expiry, Unix milliseconds (the time coturn stops accepting the credential). */
  readonly expiresAt: number;
}

export type IssueResult =
  | { readonly outcome: 'issued'; readonly dn: string; readonly response: TurnCredentialsResponse }
  | { readonly outcome: 'unauthenticated' }
  | { readonly outcome: 'nonce_invalid'; readonly dn: string; readonly problem: NonceProblem }
  | { readonly outcome: 'proof_invalid'; readonly dn: string }
  | { readonly outcome: 'rate_limited'; readonly scope: 'dn' | 'global'; readonly retryAfterSeconds: number; readonly dn?: string };

export type NonceResult = { readonly outcome: 'issued'; readonly nonce: string; readonly expiresIn: number } | { readonly outcome: 'rate_limited'; readonly retryAfterSeconds: number };

/**
 * Issues short-lived TURN credentials to agents' browsers that prove they hold their DN's SIP
 * password (see `agent-auth/agent-proof.ts`) over a fresh nonce. Limits: one global bucket for all requests (it
 * protects the gateway), and a per-DN bucket counted only after a valid proof, so nobody without the
 * password can lock an agent out by flooding requests for its DN. Pure: the caller passes the clock.
 */
export class TurnCredentialService {
  readonly options: ResolvedTurnCredentialOptions;
  readonly #verifier: AgentVerifier;
  readonly #global: TokenBucket;
  readonly #nonceBucket: TokenBucket;
  readonly #perDn: DnRateLimit;
  readonly #stun: string[];
  readonly #turn: string[];

  constructor(options: TurnCredentialOptions, nowMs: number) {
    this.options = resolveTurnOptions(options);
    const o = this.options;
    this.#global = new TokenBucket(o.globalPerSecond, o.globalBurst, nowMs);
    this.#nonceBucket = new TokenBucket(o.globalPerSecond, o.globalBurst, nowMs);
    this.#perDn = new DnRateLimit(o.perDnPerMinute / 60, o.perDnBurst);
    // Every redemption within a nonce lifetime passed the global bucket: that bounds the map exactly.
    this.#verifier = new AgentVerifier(TURN_PROOF, o.agentPasswords, o.nonceLifetimeMs, Math.ceil(o.globalBurst + (o.globalPerSecond * o.nonceLifetimeMs) / 1000) + 1);
    this.#stun = o.urls.filter((u) => /^stuns?:/.test(u));
    this.#turn = o.urls.filter((u) => /^turns?:/.test(u));
  }

  nonce(nowMs: number): NonceResult {
    if (!this.#nonceBucket.take(nowMs)) return { outcome: 'rate_limited', retryAfterSeconds: retryAfter(this.#nonceBucket.waitMs(nowMs)) };
    return { outcome: 'issued', nonce: this.#verifier.nonce(nowMs), expiresIn: Math.floor(this.options.nonceLifetimeMs / 1000) };
  }

  /** Checks the request's `Authorization` header and, when it proves the DN, mints its credential. */
  issue(authorization: string | undefined, nowMs: number): IssueResult {
    if (!this.#global.take(nowMs)) return { outcome: 'rate_limited', scope: 'global', retryAfterSeconds: retryAfter(this.#global.waitMs(nowMs)) };
    const verification = this.#verifier.verify(authorization, nowMs);
    if (verification.outcome !== 'verified') return verification;
    const { dn } = verification;
    if (!this.#perDn.allow(dn, nowMs)) return { outcome: 'rate_limited', scope: 'dn', dn, retryAfterSeconds: Math.ceil(60 / this.options.perDnPerMinute) };
    const { username, credential, expiresAt } = turnCredential(this.options.secret, dn, this.options.ttlSeconds, nowMs);
    const iceServers: IceServer[] = [];
    if (this.#turn.length > 0) iceServers.push({ urls: [...this.#turn], username, credential });
    if (this.#stun.length > 0) iceServers.push({ urls: [...this.#stun] });
    return { outcome: 'issued', dn, response: { iceServers, ttl: this.options.ttlSeconds, expiresAt } };
  }
}

function retryAfter(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
