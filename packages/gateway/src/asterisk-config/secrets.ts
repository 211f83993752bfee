import { randomBytes } from 'node:crypto';

/** Every secret the generated configuration uses. Kept in `secrets.json` (mode 0600) beside it. */
export interface GeneratedSecrets {
  amiSecret: string;
  hepPassword: string;
  httpToken: string;
  /** Read-only token for agents' browsers (`GET /api/dns/:dn`). */
  presenceToken: string;
  /** coturn's static-auth-secret, shared with the gateway that mints TURN credentials (only once TURN is asked for). */
  turnSecret?: string;
  /** SIP password per DN. */
  agents: Record<string, string>;
}

/** 24 random bytes, URL-safe: no character that needs quoting in an Asterisk config or a shell. */
export function randomSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Keeps secrets generated before and creates only what is missing (new DNs), so re-running the
 * command never changes a password a browser already uses. `rotate` starts over.
 */
export function ensureSecrets(existing: GeneratedSecrets | undefined, dns: readonly string[], options: { rotate?: boolean; random?: () => string; turn?: boolean } = {}): { secrets: GeneratedSecrets; created: number } {
  const random = options.random ?? randomSecret;
  const base = options.rotate ? undefined : existing;
  let created = 0;
  const make = (value: string | undefined) => {
    if (value && /^[A-Za-z0-9_-]{16,}$/.test(value)) return value;
    created += 1;
    return random();
  };
  const agents: Record<string, string> = {};
  for (const dn of dns) agents[dn] = make(base?.agents?.[dn]);
  return { secrets: { amiSecret: make(base?.amiSecret), hepPassword: make(base?.hepPassword), httpToken: make(base?.httpToken), presenceToken: make(base?.presenceToken), ...((options.turn || base?.turnSecret) && { turnSecret: make(base?.turnSecret) }), agents }, created };
}

export function parseSecrets(text: string): GeneratedSecrets | undefined {
  try {
    const value = JSON.parse(text) as Partial<GeneratedSecrets>;
    if (typeof value !== 'object' || value === null) return undefined;
    return { amiSecret: String(value.amiSecret ?? ''), hepPassword: String(value.hepPassword ?? ''), httpToken: String(value.httpToken ?? ''), presenceToken: String(value.presenceToken ?? ''), ...(typeof value.turnSecret === 'string' && { turnSecret: value.turnSecret }), agents: typeof value.agents === 'object' && value.agents ? value.agents : {} };
  } catch {
    return undefined;
  }
}
