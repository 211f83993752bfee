import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { isValidDn } from '../registration-sync/dn-ranges.js';

/**
 * Reads agents' SIP passwords from a JSON file shaped like the generator's `secrets.json`:
 * `{ "agents": { "5001": "<password>", … } }`. Problems name the file, never a password.
 */
export function loadAgentPasswords(
  path: string,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
  /** The setting that named the file, for messages. */
  setting = 'turn.agentPasswordsFile',
): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(read(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message);
    throw new ConfigError([`${setting}: cannot read ${path} (${reason})`]);
  }
  const agents = (parsed as { agents?: unknown } | null)?.agents;
  if (typeof agents !== 'object' || agents === null || Array.isArray(agents)) {
    throw new ConfigError([`${setting}: ${path} has no "agents" object (expected { "agents": { "<dn>": "<password>" } })`]);
  }
  const passwords = new Map<string, string>();
  const problems: string[] = [];
  for (const [dn, password] of Object.entries(agents)) {
    if (!isValidDn(dn)) problems.push(`${setting}: ${JSON.stringify(dn.slice(0, 20))} in ${path} is not a DN (1–15 digits)`);
    else if (typeof password !== 'string' || password.length < 8) problems.push(`${setting}: the password of DN ${dn} in ${path} is missing or shorter than 8 characters`);
    else passwords.set(dn, password);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return passwords;
}
