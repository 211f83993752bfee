// Kamailio in the foreground from the project's config, with a random digest secret for this run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop, signal } from './processes.mjs';

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
      { name: 'kamailio', group: true },
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

  /** Stops Kamailio and its workers by process group; `kill` does it the hard way, like a crash. */
  async stop({ kill = false } = {}) {
    if (!this.process) return;
    if (kill) signal(this.process, 'SIGKILL');
    await stop(this.process);
    if (kill) await waitUntilPortFree(this.wsPort);
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

const describe = ({ code, signal: name }) => (name ? `signal ${name}` : `exit ${code}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Workers die a moment after the main process; wait until nothing listens on `port`. */
async function waitUntilPortFree(port) {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const busy = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(200) }).then(
      () => true,
      () => false,
    );
    if (!busy) return;
    await sleep(50);
  }
}
