// Kamailio in the foreground from the project's config, with a random digest secret for this run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop } from './processes.mjs';

const CONFIG = fileURLToPath(new URL('../kamailio/kamailio.cfg', import.meta.url));
export const SIP_DOMAIN = '127.0.0.1';

export class Kamailio {
  constructor({ sipPort = 5060, wsPort = 8080 } = {}) {
    this.sipPort = sipPort;
    this.wsPort = wsPort;
    this.secret = randomBytes(18).toString('base64url');
    this.runDir = mkdtempSync(join(tmpdir(), 'wwe-e2e-kamailio-'));
    this.process = null;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** The password Kamailio expects for `user` in this run. */
  passwordFor(user) {
    return `${this.secret}-${user}`;
  }

  async start() {
    const pidFile = join(this.runDir, 'kamailio.pid');
    rmSync(pidFile, { force: true });
    this.process = start(
      'kamailio',
      [
        '-f', CONFIG, '-DD', '-E', '-Y', this.runDir, '-P', pidFile,
        '-A', `AUTH_SECRET="${this.secret}"`, '-A', `SIP_PORT=${this.sipPort}`, '-A', `WS_PORT=${this.wsPort}`,
      ],
      { name: 'kamailio' },
    );
    const deadline = Date.now() + 5000;
    let lastError;
    while (Date.now() < deadline) {
      const exited = await Promise.race([this.process.exited, sleep(50).then(() => null)]);
      if (exited) throw new Error(`kamailio exited at start (${describe(exited)}):\n${this.process.output.trim()}`);
      try {
        await this.rpc('core.version');
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`kamailio did not answer JSON-RPC within 5 s (${lastError?.message}):\n${this.process.output}`);
  }

  /** Stops Kamailio by PID (the foreground process; it takes its workers down with it). */
  async stop({ kill = false } = {}) {
    if (!this.process) return;
    if (kill) this.process.child.kill('SIGKILL');
    await stop(this.process);
    this.process = null;
  }

  async rpc(method, params = []) {
    const response = await fetch(`http://127.0.0.1:${this.wsPort}/RPC`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
      signal: AbortSignal.timeout(2000),
    });
    const body = await response.json();
    if (body.error) throw new Error(`kamailio RPC ${method}: ${body.error.message}`);
    return body.result;
  }

  /** Contacts currently bound to `user` (empty when none). */
  async bindings(user) {
    const result = await this.rpc('ul.dump');
    const domain = result.Domains?.find((entry) => entry.Domain?.Domain === 'location')?.Domain;
    const record = domain?.AoRs?.find((entry) => entry.Info?.AoR === user || entry.Info?.AoR === `${user}@${SIP_DOMAIN}`);
    return (record?.Info?.Contacts ?? []).map((entry) => entry.Contact);
  }

  cleanUp() {
    rmSync(this.runDir, { recursive: true, force: true });
  }

  get log() {
    return this.process?.output ?? '';
  }
}

const describe = ({ code, signal }) => (signal ? `signal ${signal}` : `exit ${code}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export { readFileSync, existsSync };
