import { AgentNonces, type NonceProblem } from './agent-nonces.js';
import { parseAgentProofHeader, proofMatches, type AgentProofPurpose } from './agent-proof.js';

export type AgentVerification =
  | { readonly outcome: 'verified'; readonly dn: string }
  | { readonly outcome: 'unauthenticated' }
  | { readonly outcome: 'nonce_invalid'; readonly dn: string; readonly problem: NonceProblem }
  | { readonly outcome: 'proof_invalid'; readonly dn: string };

/**
 * Checks that a request comes from a browser holding its DN's SIP password: issues single-use nonces
 * and verifies `Authorization: <scheme> dn, nonce, proof` for one purpose (see `agent-proof.ts`). Rate
 * limits belong to the route using it. Pure: the caller passes the clock.
 */
export class AgentVerifier {
  readonly #nonces: AgentNonces;

  /** `maxRedeemedPerLifetime`: the most requests the route's global limit lets through in a nonce lifetime. */
  constructor(
    readonly purpose: AgentProofPurpose,
    readonly passwords: ReadonlyMap<string, string>,
    nonceLifetimeMs: number,
    maxRedeemedPerLifetime: number,
  ) {
    this.#nonces = new AgentNonces(nonceLifetimeMs, maxRedeemedPerLifetime);
  }

  get nonceLifetimeMs(): number {
    return this.#nonces.lifetimeMs;
  }

  nonce(nowMs: number): string {
    return this.#nonces.issue(nowMs);
  }

  verify(authorization: string | undefined, nowMs: number): AgentVerification {
    const header = parseAgentProofHeader(authorization, this.purpose);
    if (!header) return { outcome: 'unauthenticated' };
    const { dn, nonce, proof } = header;
    const problem = this.#nonces.redeem(nonce, nowMs);
    if (problem) return { outcome: 'nonce_invalid', dn, problem };
    if (!proofMatches(proof, this.passwords.get(dn), dn, nonce, this.purpose)) return { outcome: 'proof_invalid', dn };
    return { outcome: 'verified', dn };
  }
}
