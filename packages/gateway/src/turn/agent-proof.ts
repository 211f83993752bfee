import { createHmac, randomBytes } from 'node:crypto';
import { tokensEqual } from '../http/auth.js';

/** Binds a proof to this use, so an HMAC of the same password computed elsewhere never matches. */
export const AGENT_PROOF_CONTEXT = 'wwe-turn-v1';

/** The scheme name of the `Authorization` header that carries the proof. */
export const AGENT_PROOF_SCHEME = 'WWE-TURN';

/**
 * What an agent's browser sends to prove it holds the DN's SIP password without sending it:
 * base64url(HMAC-SHA256(key = SIP password, `wwe-turn-v1\n<dn>\n<nonce>`)). The softphone computes the
 * same with WebCrypto.
 */
export function agentProof(password: string, dn: string, nonce: string): string {
  return createHmac('sha256', password).update(`${AGENT_PROOF_CONTEXT}\n${dn}\n${nonce}`).digest('base64url');
}

export interface AgentProofHeader {
  readonly dn: string;
  readonly nonce: string;
  readonly proof: string;
}

const HEADER = new RegExp(`^${AGENT_PROOF_SCHEME}\\s+dn="(\\d{1,15})",\\s*nonce="([A-Za-z0-9_-]{1,128})",\\s*proof="([A-Za-z0-9_-]{43})"\\s*$`, 'i');

/** `Authorization: WWE-TURN dn="5001", nonce="…", proof="…"`, or undefined when it is not exactly that. */
export function parseAgentProofHeader(header: string | undefined): AgentProofHeader | undefined {
  const match = HEADER.exec(header ?? '');
  return match ? { dn: match[1]!, nonce: match[2]!, proof: match[3]! } : undefined;
}

/** The header value for a DN, nonce and password (what the browser sends; used by tests and tools). */
export function agentProofHeader(password: string, dn: string, nonce: string): string {
  return `${AGENT_PROOF_SCHEME} dn="${dn}", nonce="${nonce}", proof="${agentProof(password, dn, nonce)}"`;
}

/**
 * Whether `given` is the proof for `dn` and `nonce`. Runs in the same time whether the DN is known or
 * not (`password` undefined is checked against a random stand-in), so answers do not reveal which DNs exist.
 */
export function proofMatches(given: string, password: string | undefined, dn: string, nonce: string): boolean {
  const expected = agentProof(password ?? UNKNOWN_DN_STAND_IN, dn, nonce);
  return tokensEqual(given, expected) && password !== undefined;
}

const UNKNOWN_DN_STAND_IN = randomBytes(24).toString('base64url');
