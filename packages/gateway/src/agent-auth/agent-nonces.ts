import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ExpiringMap } from '../relay/expiring-map.js';

/** Why a nonce was not accepted. */
export type NonceProblem = 'malformed' | 'expired' | 'reused';

const TIME_BYTES = 6; // milliseconds since the epoch fit in 48 bits until the year 10889
const RANDOM_BYTES = 12;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;

/**
 * Single-use, short-lived nonces for requests an agent's browser authenticates with its SIP password
 * (TURN credentials, quality reports), so that a captured request (a browser's exported HAR file, a
 * proxy log) cannot be replayed. Issuing keeps no
 * state: a nonce carries its issue time and a MAC under a key of this process. Redeeming remembers it
 * until it would have expired anyway, in a bounded map (`maxRedeemedPerLifetime` must cover every
 * redemption a lifetime can see; the route's global rate limit guarantees that).
 * A restart forgets the key: outstanding nonces fail as `malformed` and the browser asks for another.
 */
export class AgentNonces {
  readonly #key = randomBytes(32);
  readonly #redeemed: ExpiringMap<string, true>;

  constructor(
    readonly lifetimeMs: number,
    maxRedeemedPerLifetime: number,
  ) {
    this.#redeemed = new ExpiringMap(lifetimeMs, maxRedeemedPerLifetime);
  }

  issue(nowMs: number): string {
    const body = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
    body.writeUIntBE(Math.floor(nowMs), 0, TIME_BYTES);
    randomBytes(RANDOM_BYTES).copy(body, TIME_BYTES);
    return Buffer.concat([body, this.#mac(body)]).toString('base64url');
  }

  /** Accepts a nonce once, within its lifetime; undefined when accepted, else why not. */
  redeem(nonce: string, nowMs: number): NonceProblem | undefined {
    const raw = /^[A-Za-z0-9_-]+$/.test(nonce) ? Buffer.from(nonce, 'base64url') : Buffer.alloc(0);
    if (raw.length !== NONCE_BYTES) return 'malformed';
    const body = raw.subarray(0, TIME_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(raw.subarray(TIME_BYTES + RANDOM_BYTES), this.#mac(body))) return 'malformed';
    const issuedAt = body.readUIntBE(0, TIME_BYTES);
    if (issuedAt > nowMs + 1000 || nowMs - issuedAt >= this.lifetimeMs) return 'expired';
    if (this.#redeemed.has(nonce, nowMs)) return 'reused';
    this.#redeemed.set(nonce, true, nowMs);
    return undefined;
  }

  #mac(body: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
