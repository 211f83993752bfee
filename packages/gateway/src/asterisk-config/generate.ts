import { join } from 'node:path';
import { resolveAsteriskConfigOptions, type AsteriskConfigOptions, type ResolvedAsteriskConfigOptions } from './options.js';
import {
  renderExtensionsConf,
  renderGatewayEnv,
  renderGatewayJson,
  renderHepConf,
  renderHttpConf,
  renderManagerConf,
  renderPjsipNotifyConf,
  renderRtpConf,
} from './other-files.js';
import { renderPjsipConf } from './pjsip-conf.js';
import { prepareOutputDirectory, readUnlinkedFile, replaceFile } from './safe-files.js';
import { ensureSecrets, parseSecrets, type GeneratedSecrets } from './secrets.js';
import { renderTurnserverConf } from './turnserver-conf.js';
import { NGINX_SITE_FILE, renderNginxSite } from './nginx-conf.js';

export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
  /** File mode: 0o600 for anything holding a secret. */
  readonly mode: number;
}

export const SECRETS_FILE = 'secrets.json';

/** Renders the whole set, with no I/O. Same options and secrets → same bytes. */
export function renderAsteriskConfig(options: ResolvedAsteriskConfigOptions, secrets: GeneratedSecrets): GeneratedFile[] {
  return [
    { name: 'pjsip.conf', content: renderPjsipConf(options, secrets), mode: 0o640 },
    { name: 'extensions.conf', content: renderExtensionsConf(options), mode: 0o644 },
    { name: 'manager.conf', content: renderManagerConf(options, secrets), mode: 0o640 },
    { name: 'http.conf', content: renderHttpConf(options), mode: 0o644 },
    { name: 'rtp.conf', content: renderRtpConf(options), mode: 0o644 },
    { name: 'hep.conf', content: renderHepConf(options, secrets), mode: 0o640 },
    { name: 'pjsip_notify.conf', content: renderPjsipNotifyConf(), mode: 0o644 },
    { name: 'gateway.json', content: renderGatewayJson(options), mode: 0o644 },
    ...(options.turn ? [{ name: 'turnserver.conf', content: renderTurnserverConf(options, options.turn, secrets), mode: 0o600 }] : []),
    ...(options.proxy
      ? [{ name: NGINX_SITE_FILE, content: renderNginxSite({ serverName: options.proxy.host, certFile: options.proxy.certFile, keyFile: options.proxy.keyFile, staticRoot: options.proxy.staticRoot }), mode: 0o644 }]
      : []),
    { name: 'gateway.env', content: renderGatewayEnv(secrets, options), mode: 0o600 },
    { name: SECRETS_FILE, content: `${JSON.stringify(secrets, null, 2)}\n`, mode: 0o600 },
  ];
}

export interface WriteResult {
  readonly directory: string;
  readonly files: readonly string[];
  /** Secrets created in this run (0 when every one was reused). */
  readonly secretsCreated: number;
}

/**
 * Writes the set into `directory`. Idempotent: secrets from an earlier run (`secrets.json`) are reused,
 * so re-running after adding DNs only adds passwords; `rotateSecrets` replaces them all. Throws
 * `ConfigError`, writing nothing, for a folder every user may write to, a `secrets.json` that is a
 * symbolic link or not JSON, or a weak secret in it; never writes through a symbolic link.
 */
export function writeAsteriskConfig(directory: string, input: AsteriskConfigOptions, options: { rotateSecrets?: boolean; random?: () => string } = {}): WriteResult {
  const resolved = resolveAsteriskConfigOptions(input);
  prepareOutputDirectory(directory);
  const rotate = options.rotateSecrets ?? false;
  const existingText = rotate ? undefined : readUnlinkedFile(join(directory, SECRETS_FILE));
  const existing = existingText === undefined ? undefined : parseSecrets(existingText);
  const { secrets, created } = ensureSecrets(existing, resolved.dns, { rotate, turn: resolved.turn !== undefined, ...(options.random && { random: options.random }) });
  const files = renderAsteriskConfig(resolved, secrets);
  for (const file of files) replaceFile(join(directory, file.name), file.content, file.mode);
  return { directory, files: files.map((f) => f.name), secretsCreated: created };
}
