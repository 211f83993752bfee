import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { ENV_PREFIX, ENV_VARIABLES } from './env.js';
import type { GatewayConfig } from './gateway-config.js';
import { configSchema } from './schema.js';

export interface LoadConfigOptions {
  /** JSON config file; else `WWE_GATEWAY_CONFIG`; else environment only. */
  configFile?: string;
  env?: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

type Raw = Record<string, unknown>;

/** Secrets may come from the environment or a file, never from the config file itself. */
const SECRETS = [
  { path: 'ami.secret', file: 'ami.secretFile' },
  { path: 'http.token', file: 'http.tokenFile' },
  { path: 'http.presenceToken', file: 'http.presenceTokenFile' },
  { path: 'relay.hep.password', file: 'relay.hep.passwordFile' },
  { path: 'turn.secret', file: 'turn.secretFile' },
] as const;

/**
 * Loads the configuration: defaults < JSON file < `WWE_GATEWAY_*` environment, then secrets from their
 * `_FILE`s, then validation. Throws one `ConfigError` listing every problem, each naming the setting
 * and its environment variable.
 */
export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const read = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const problems: string[] = [];
  const raw: Raw = {};

  const file = options.configFile ?? env.WWE_GATEWAY_CONFIG;
  if (file) {
    try {
      const parsed: unknown = JSON.parse(read(file));
      if (!isObject(parsed)) problems.push(`config file ${file}: must hold a JSON object`);
      else {
        Object.assign(raw, parsed);
        // A file named in the config file is found beside it, wherever the gateway is started from.
        for (const setting of ['turn.agentPasswordsFile', 'quality.browserReports.agentPasswordsFile']) {
          const passwords = getPath(raw, setting);
          if (typeof passwords === 'string' && passwords !== '' && !isAbsolute(passwords)) setPath(raw, setting, resolve(dirname(file), passwords));
        }
      }
    } catch (error) {
      problems.push(`config file ${file}: ${(error as Error).message}`);
    }
    for (const { path, file: filePath } of SECRETS) {
      if (getPath(raw, path) !== undefined) {
        const variable = ENV_VARIABLES.find((v) => v.path === path)!.name;
        problems.push(`${path} must not be written in the config file: set ${variable} or ${filePath}`);
        deletePath(raw, path);
      }
    }
  }

  const known = new Set(ENV_VARIABLES.map((v) => v.name).concat(`${ENV_PREFIX}CONFIG`));
  for (const name of Object.keys(env)) {
    if (name.startsWith(ENV_PREFIX) && !known.has(name)) problems.push(`${name} is not a setting the gateway knows (typo?)`);
  }
  for (const variable of ENV_VARIABLES) {
    const value = env[variable.name];
    if (value === undefined || value === '') continue;
    const converted = convert(value, variable.type);
    if (converted === undefined) {
      problems.push(`${variable.name}: expected ${EXPECTED[variable.type]}${variable.secret ? '' : `, got ${JSON.stringify(value)}`}`);
      continue;
    }
    setPath(raw, variable.path, converted);
  }

  for (const { path, file: filePath } of SECRETS) {
    const secretFile = getPath(raw, filePath);
    if (secretFile === undefined) continue;
    deletePath(raw, filePath);
    if (getPath(raw, path) !== undefined) {
      problems.push(`${path}: set either the secret or ${filePath}, not both`);
      continue;
    }
    try {
      const content = read(String(secretFile)).replace(/\r?\n$/, '');
      if (content === '') problems.push(`${filePath}: ${String(secretFile)} is empty`);
      else setPath(raw, path, content);
    } catch (error) {
      problems.push(`${filePath}: cannot read ${String(secretFile)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  // Present the required sections so a missing one reports each required setting by name.
  for (const section of ['ami', 'dns']) if (!isObject(raw[section])) raw[section] = {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join('.');
      // A list item's path ends in its index (`http.corsOrigins.1`): name the list's variable.
      const variable = ENV_VARIABLES.find((v) => v.path === path || path.startsWith(`${v.path}.`));
      const hint = variable ? ` (${variable.name})` : '';
      // Never echo a secret back: zod messages do not include values, and the hint is only a name.
      const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      problems.push(`${path}${hint}: ${message}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** The configuration with every secret replaced, for the startup log. */
export function redactConfig(config: GatewayConfig): unknown {
  const copy = structuredClone(config) as unknown as Raw;
  for (const { path } of SECRETS) if (getPath(copy, path) !== undefined) setPath(copy, path, '[redacted]');
  return copy;
}

const EXPECTED = { string: 'text', list: 'a list', integer: 'an integer', number: 'a number', boolean: 'true or false' } as const;

function convert(value: string, type: 'string' | 'integer' | 'number' | 'boolean' | 'list'): string | number | boolean | string[] | undefined {
  if (type === 'string') return value;
  if (type === 'list') return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (type === 'integer') return /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
  if (type === 'number') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
  const lower = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  return undefined;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getPath(target: Raw, path: string): unknown {
  let node: unknown = target;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function setPath(target: Raw, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Raw;
  }
  node[keys[keys.length - 1]!] = value;
}

function deletePath(target: Raw, path: string): void {
  const keys = path.split('.');
  const parent = getPath(target, keys.slice(0, -1).join('.'));
  if (isObject(parent)) delete parent[keys[keys.length - 1]!];
}
