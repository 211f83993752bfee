// The gateway as an operator runs it: `wwe-gateway asterisk-config` writes the Asterisk configuration
// and the gateway's own files; `wwe-gateway run --config gateway.json` with gateway.env's variables.
// The built package is used (rebuilt first when a source is newer), through its real executable.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPackage } from '../../scripts/built-package.mjs';
import { start, stop, signal } from './processes.mjs';

const GATEWAY_DIR = fileURLToPath(new URL('../../packages/gateway/', import.meta.url));
const EXECUTABLE = join(GATEWAY_DIR, 'bin', 'wwe-gateway.js');

/** Builds the gateway if a source is newer than its dist/, and returns the `wwe-gateway` executable. */
export function gatewayExecutable() {
  builtPackage(GATEWAY_DIR, 'cli.js');
  return EXECUTABLE;
}

/** The built gateway package's exports (`turnCredential`, `agentProofHeader`, …), rebuilt first when stale. */
export function gatewayLibrary() {
  builtPackage(GATEWAY_DIR, 'cli.js');
  return import(join(GATEWAY_DIR, 'dist', 'index.js'));
}

/** Runs `wwe-gateway asterisk-config` with `args` (flag → value; `true` for a bare flag) into `outDir`. */
export function generateAsteriskConfig(outDir, args) {
  const argv = ['asterisk-config', '--out', outDir];
  for (const [flag, value] of Object.entries(args)) {
    if (value === false || value === undefined) continue;
    argv.push(`--${flag}`);
    if (value !== true) argv.push(String(value));
  }
  return execFileSync(process.execPath, [gatewayExecutable(), ...argv], { encoding: 'utf8' });
}

/** KEY=value lines of an env file (gateway.env), comments skipped. */
export function readEnvFile(path) {
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

export class GatewayService {
  constructor(etcDir) {
    this.etcDir = etcDir;
    this.env = readEnvFile(join(etcDir, 'gateway.env'));
    this.config = JSON.parse(readFileSync(join(etcDir, 'gateway.json'), 'utf8'));
    this.secrets = JSON.parse(readFileSync(join(etcDir, 'secrets.json'), 'utf8'));
    /** Every JSON log line the gateway wrote, parsed, across restarts. */
    this.logs = [];
    this.process = null;
    this.#partial = '';
  }

  #partial;

  get baseUrl() {
    return `http://${this.config.http.host}:${this.config.http.port}`;
  }

  passwordFor(dn) {
    return this.secrets.agents[dn];
  }

  /** coturn's static-auth-secret, which the gateway signs TURN credentials with. */
  get turnSecret() {
    return this.secrets.turnSecret;
  }

  /** The read-only presence token agents' pages get (never the admin token). */
  get presenceToken() {
    return this.env.WWE_GATEWAY_HTTP_PRESENCE_TOKEN;
  }

  /** Starts `wwe-gateway run` and resolves once /healthz says the AMI session is up. */
  async start({ env = {} } = {}) {
    this.process = start(process.execPath, [gatewayExecutable(), 'run', '--config', join(this.etcDir, 'gateway.json')], {
      name: 'wwe-gateway',
      env: { ...this.env, ...env },
      onOutput: (text) => this.#collect(text),
    });
    await this.waitUntilHealthy();
  }

  async waitUntilHealthy(timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      const exited = await Promise.race([this.process.exited, sleep(100).then(() => null)]);
      if (exited) throw new Error(`wwe-gateway exited (${exited.signal ?? `exit ${exited.code}`}):\n${this.process.output.slice(-2000)}`);
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error.message;
      }
    }
    throw new Error(`wwe-gateway not healthy within ${timeoutMs / 1000} s (last: ${last})`);
  }

  /** SIGTERM (a clean stop) or SIGKILL (`kill`: a crash). */
  async stop({ kill = false } = {}) {
    if (!this.process) return;
    if (kill) signal(this.process, 'SIGKILL');
    await stop(this.process, 5000);
    this.process = null;
  }

  /** GET `path` of the HTTP API with the admin token; resolves to the parsed JSON (or text). */
  async api(path, { method = 'GET' } = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.env.WWE_GATEWAY_HTTP_TOKEN}` },
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`gateway ${method} ${path}: ${response.status} ${text}`);
    return /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  }

  /** Log lines at warn level or above (pino: 40 warn, 50 error, 60 fatal). */
  warnings() {
    return this.logs.filter((line) => line.level >= 40);
  }

  #collect(text) {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop();
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        this.logs.push(JSON.parse(line));
      } catch {
        this.logs.push({ level: 50, msg: `not a JSON log line: ${line}` });
      }
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
