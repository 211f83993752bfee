import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.js';

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
 * Why a secret kept from `secrets.json` is not good enough, or undefined. Generated ones are 32 random
 * characters; a hand-edited one must still be at least 20 characters of the same alphabet with about
 * 64 bits of entropy, judged by how evenly its characters are spread (`aaaa…` and `abab…` fail). This
 * catches the obvious; it cannot tell a dictionary word from a random one.
 */
export function secretWeakness(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return 'has characters other than letters, digits, "-" and "_"';
  if (value.length < 20) return `is ${value.length} characters long (20 or more)`;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / value.length) * Math.log2(count / value.length);
  if (bitsPerCharacter * value.length < 64) return 'repeats too few different characters to be random';
  return undefined;
}

/**
 * Keeps secrets generated before and creates only what is missing (new DNs), so re-running the
 * command never changes a password a browser already uses. `rotate` starts over. A kept secret that is
 * weak is refused (ConfigError naming it, never its value) rather than reused or silently replaced.
 */
export function ensureSecrets(existing: GeneratedSecrets | undefined, dns: readonly string[], options: { rotate?: boolean; random?: () => string; turn?: boolean } = {}): { secrets: GeneratedSecrets; created: number } {
  const random = options.random ?? randomSecret;
  const base = options.rotate ? undefined : existing;
  let created = 0;
  const problems: string[] = [];
  const keep = (name: string, value: unknown): string => {
    if (value === undefined || value === '') {
      created += 1;
      return random();
    }
    const weakness = typeof value === 'string' ? secretWeakness(value) : 'is not a string';
    if (weakness) problems.push(`secrets.json: ${name} ${weakness}`);
    return String(value);
  };
  const agents: Record<string, string> = {};
  for (const dn of dns) agents[dn] = keep(`agents.${dn}`, base?.agents?.[dn]);
  const secrets = { amiSecret: keep('amiSecret', base?.amiSecret), hepPassword: keep('hepPassword', base?.hepPassword), httpToken: keep('httpToken', base?.httpToken), presenceToken: keep('presenceToken', base?.presenceToken), ...((options.turn || base?.turnSecret) && { turnSecret: keep('turnSecret', base?.turnSecret) }), agents };
  if (problems.length > 0) {
    throw new ConfigError([
      ...problems,
      'Delete those entries from secrets.json to have random ones generated, or run with --rotate-secrets to replace every secret (agents then need their new SIP passwords).',
    ]);
  }
  return { secrets, created };
}

/** Reads secrets.json; ConfigError when it is not a JSON object (it is never silently replaced). */
export function parseSecrets(text: string): GeneratedSecrets {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(['secrets.json is not valid JSON: fix it, or run with --rotate-secrets to start over with new secrets.']);
  }
  const stored = value as Partial<Record<keyof GeneratedSecrets, unknown>>;
  const string = (field: unknown) => (typeof field === 'string' ? field : '');
  return {
    amiSecret: string(stored.amiSecret),
    hepPassword: string(stored.hepPassword),
    httpToken: string(stored.httpToken),
    presenceToken: string(stored.presenceToken),
    ...(typeof stored.turnSecret === 'string' && { turnSecret: stored.turnSecret }),
    // Values are checked by ensureSecrets, so a hand-edited number is reported rather than replaced.
    agents: typeof stored.agents === 'object' && stored.agents !== null ? (stored.agents as Record<string, string>) : {},
  };
}
