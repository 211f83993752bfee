import { createHmac } from 'node:crypto';

/** One TURN credential in coturn's REST-API scheme (`use-auth-secret`). */
export interface TurnCredential {
  /** `<expiry, Unix seconds>:<dn>`: coturn reads the expiry from it and refuses the credential after it. */
  readonly username: string;
  /** base64(HMAC-SHA1(shared secret, username)): coturn recomputes it from its `static-auth-secret`. */
  readonly credential: string;
  /** Expiry, Unix milliseconds. */
  readonly expiresAt: number;
}

/**
 * The credential coturn accepts for `dn` until `now + ttlSeconds` without any shared state: the
 * "TURN REST API" scheme of draft-uberti-behave-turn-rest, which coturn implements as
 * `use-auth-secret` + `static-auth-secret`. Pure: the caller passes the clock.
 */
export function turnCredential(secret: string, dn: string, ttlSeconds: number, nowMs: number): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${dn}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64'), expiresAt: expiry * 1000 };
}
