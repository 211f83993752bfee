/** Options of the TURN credential service, with their defaults in one place. */
export interface TurnCredentialOptions {
  /** coturn's `static-auth-secret`. Never leaves the gateway; never logged. */
  readonly secret: string;
  /** `turn:`/`turns:` (and optionally `stun:`) URIs handed to browsers, e.g. `turns:turn.example.com:443?transport=tcp`. */
  readonly urls: readonly string[];
  /** SIP password per DN: what an agent's browser proves it holds. */
  readonly agentPasswords: ReadonlyMap<string, string>;
  /** Credential lifetime, seconds. Default 14,400 (4 h); browsers refresh before it ends. */
  readonly ttlSeconds?: number;
  /** Credential requests per DN: sustained per minute (default 10) and burst (default 5). */
  readonly perDnPerMinute?: number;
  readonly perDnBurst?: number;
  /** Credential requests for all DNs together: per second (default 200) and burst (default 400). */
  readonly globalPerSecond?: number;
  readonly globalBurst?: number;
  /** How long a nonce may be used, ms. Default 30,000. */
  readonly nonceLifetimeMs?: number;
}

export type ResolvedTurnCredentialOptions = Required<TurnCredentialOptions>;

export const TURN_DEFAULTS = {
  ttlSeconds: 14_400,
  perDnPerMinute: 10,
  perDnBurst: 5,
  globalPerSecond: 200,
  globalBurst: 400,
  nonceLifetimeMs: 30_000,
} as const;

const TURN_URI = /^(turns?|stuns?):[A-Za-z0-9.-]+(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** Why `uri` is not a TURN/STUN URI a browser accepts (RFC 7065 / RFC 7064), or undefined. */
export function turnUriProblem(uri: string): string | undefined {
  if (TURN_URI.test(uri)) return undefined;
  return `${JSON.stringify(uri)} is not a TURN or STUN URI (e.g. turn:turn.example.com:3478?transport=udp, turns:turn.example.com:443?transport=tcp)`;
}

export function resolveTurnOptions(options: TurnCredentialOptions): ResolvedTurnCredentialOptions {
  return { ...TURN_DEFAULTS, ...options };
}
