import { createHmac, randomBytes } from 'node:crypto';
import { tokensEqual } from '../http/auth.js';

/**
 * What a proof is for: the `Authorization` scheme that carries it and the context string its HMAC
 * covers. Each use has its own context, so a proof made for one route never passes on another.
 */
export interface AgentProofPurpose {
  readonly scheme: string;
  readonly context: string;
}

/** TURN credentials (`GET /api/turn/credentials`). */
export const TURN_PROOF: AgentProofPurpose = { scheme: 'WWE-TURN', context: 'wwe-turn-v1' };
/** A browser's call-quality report (`POST /api/dns/:dn/quality`). */
export const QUALITY_PROOF: AgentProofPurpose = { scheme: 'WWE-QUALITY', context: 'wwe-quality-v1' };

/** The TURN proof's context and scheme, by their first names. */
export const AGENT_PROOF_CONTEXT = TURN_PROOF.context;
export const AGENT_PROOF_SCHEME = TURN_PROOF.scheme;

/**
 * What an agent's browser sends to prove it holds the DN's SIP password without sending it:
 * base64url(HMAC-SHA256(key = SIP password, `<context>\n<dn>\n<nonce>`)). The softphone computes the
 * same with WebCrypto.
 */
export function agentProof(password: string, dn: string, nonce: string, purpose: AgentProofPurpose = TURN_PROOF): string {
  return createHmac('sha256', password).update(`${purpose.context}\n${dn}\n${nonce}`).digest('base64url');
}

export interface AgentProofHeader {
  readonly dn: string;
  readonly nonce: string;
  readonly proof: string;
}

const HEADER_PARAMS = '\\s+dn="(\\d{1,15})",\\s*nonce="([A-Za-z0-9_-]{1,128})",\\s*proof="([A-Za-z0-9_-]{43})"\\s*$';
const headerPatterns = new Map<string, RegExp>();

/** `Authorization: <scheme> dn="5001", nonce="…", proof="…"`, or undefined when it is not exactly that. */
export function parseAgentProofHeader(header: string | undefined, purpose: AgentProofPurpose = TURN_PROOF): AgentProofHeader | undefined {
  let pattern = headerPatterns.get(purpose.scheme);
  if (!pattern) headerPatterns.set(purpose.scheme, (pattern = new RegExp(`^${purpose.scheme}${HEADER_PARAMS}`, 'i')));
  const match = pattern.exec(header ?? '');
  return match ? { dn: match[1]!, nonce: match[2]!, proof: match[3]! } : undefined;
}

/** The header value for a DN, nonce and password (what the browser sends; used by tests and tools). */
export function agentProofHeader(password: string, dn: string, nonce: string, purpose: AgentProofPurpose = TURN_PROOF): string {
  return `${purpose.scheme} dn="${dn}", nonce="${nonce}", proof="${agentProof(password, dn, nonce, purpose)}"`;
}

/**
 * Whether `given` is the proof for `dn` and `nonce`. Runs in the same time whether the DN is known or
 * not (`password` undefined is checked against a random stand-in), so answers do not reveal which DNs exist.
 */
export function proofMatches(given: string, password: string | undefined, dn: string, nonce: string, purpose: AgentProofPurpose = TURN_PROOF): boolean {
  const expected = agentProof(password ?? UNKNOWN_DN_STAND_IN, dn, nonce, purpose);
  return tokensEqual(given, expected) && password !== undefined;
}

const UNKNOWN_DN_STAND_IN = randomBytes(24).toString('base64url');
