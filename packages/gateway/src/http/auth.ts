import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a request's bearer token grants: everything, or only reading one DN's presence. */
export type AccessScope = 'admin' | 'presence';

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** Compares two tokens in constant time. */
export function tokensEqual(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual leaks neither content nor length.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/**
 * The scope the request's bearer token grants, or undefined for none. Both tokens are always compared,
 * so the time taken does not tell which one a guess came close to.
 */
export function requestScope(req: IncomingMessage, tokens: { admin: string; presence?: string | undefined }): AccessScope | undefined {
  const given = bearerToken(req);
  if (given === undefined) return undefined;
  const admin = tokensEqual(given, tokens.admin);
  const presence = tokens.presence !== undefined && tokensEqual(given, tokens.presence);
  return admin ? 'admin' : presence ? 'presence' : undefined;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
