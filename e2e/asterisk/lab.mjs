// The real-Asterisk lab every scenario runs in: Asterisk 22 with the project's generated configuration,
// `wwe-gateway run` beside it, the Genesys side (a sipp registrar/trunk and its RTP peer at 127.0.0.2),
// and the agents' pages in one Chromium, all in one private network namespace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateRelay } from '../lib/edge.mjs';
import { gatewayLibrary } from '../lib/gateway-service.mjs';
import { Lab } from '../lib/lab.mjs';
import { runSipp } from '../lib/sipp.mjs';
import { start, stop } from '../lib/processes.mjs';

/** Addresses and ports of the lab: Asterisk on 127.0.0.1, Genesys on 127.0.0.2. */
export const LAB = {
  asteriskHost: '127.0.0.1',
  asteriskSipPort: 5060,
  wssPort: 8089,
  genesysHost: '127.0.0.2',
  genesysSipPort: 5080,
  genesysRtpPort: 7078,
  /** Where load-test agents (sipp over UDP) register from. */
  stormHost: '127.0.0.3',
  stormPort: 5090,
  /** coturn (the generated turnserver.conf), beside Asterisk and relaying on its media address. */
  turnHost: '127.0.0.1',
  turnPort: 3478,
  /** nginx's name (the generated site); Chromium resolves it to 127.0.0.1. */
  proxyHost: 'pbx.wwe.test',
};

/** What agents at home reach, all through nginx on 443. */
export const PROXY = {
  pageUrl: `https://${LAB.proxyHost}/`,
  wsUrl: `wss://${LAB.proxyHost}/ws`,
  gatewayUrl: `https://${LAB.proxyHost}/`,
};

export class AsteriskLab extends Lab {
  /** The storm's sipp while one runs (see registerAgents). */
  #storm;

  constructor({ asterisk, gateway, genesys, coturn, proxy, certFile, blackhole, pageUrl, browser, subject = 'softphone' }) {
    super({
      registrar: { wsUrl: `wss://${LAB.asteriskHost}:${LAB.wssPort}/ws`, domain: LAB.asteriskHost, passwordFor: (dn) => gateway.passwordFor(dn) },
      pageUrl,
      browser,
      subject,
    });
    this.asterisk = asterisk;
    this.gateway = gateway;
    this.genesys = genesys;
    this.coturn = coturn;
    this.proxy = proxy;
    this.certFile = certFile;
    /** Cuts the browser ↔ Asterisk media path on command (lib/media-blackhole.mjs). */
    this.blackhole = blackhole;
  }

  /**
   * An agent at home: its page comes from nginx, it registers through nginx (WSS) and offers relay
   * candidates only (`iceTransportPolicy: 'relay'`), with TURN credentials from the gateway through
   * nginx (`gatewayUrl`) unless `overrides` say otherwise. The SIP domain is the proxy's name, the
   * softphone's default for that server URL.
   */
  remoteAgent(kind, user, overrides = {}) {
    const account = { wsUrl: PROXY.wsUrl, domain: LAB.proxyHost, gatewayUrl: PROXY.gatewayUrl, iceTransportPolicy: 'relay', ...overrides };
    return this.agent(kind, user, account, { pageUrl: PROXY.pageUrl });
  }

  /**
   * TURN servers for `dn` as the gateway would hand them out (the generated URIs, coturn's REST-API
   * credential scheme through the gateway's own `turnCredential`), but valid for `ttlSeconds` from now
   * (negative: expired that long ago) and signed with `secret` (default coturn's real one).
   */
  async turnServers(dn, { ttlSeconds, secret = this.gateway.turnSecret }) {
    const { turnCredential } = await gatewayLibrary();
    const { username, credential } = turnCredential(secret, dn, ttlSeconds, Date.now());
    return [{ urls: this.gateway.config.turn.urls, username, credential }];
  }

  /** Whether the lab's coturn grants an allocation to `iceServer`'s credential (see allocateRelay). */
  askCoturn({ username, credential }) {
    return allocateRelay({ host: LAB.turnHost, port: LAB.turnPort, username, credential });
  }

  /**
   * Fresh TURN credentials for `dn` from the gateway through nginx, fetched the way a browser does
   * (nonce, then the proof of the DN's SIP password): `{ iceServers, ttl, expiresAt }`.
   */
  async fetchTurnCredentials(dn) {
    const { agentProofHeader } = await gatewayLibrary();
    const { nonce } = await this.#proxyGet('/api/turn/nonce');
    return this.#proxyGet('/api/turn/credentials', { authorization: agentProofHeader(this.gateway.passwordFor(dn), dn, nonce) });
  }

  /**
   * Checks that `agent`'s call has its media on a TURN relay: the selected candidate pair's local
   * candidate is `relay` (allocated from the lab's coturn), no other kind was gathered, and the pair
   * carried `minimum` packets each way. Resolves to the selected pair.
   */
  async relayedMedia(agent, minimum = 20) {
    let last;
    const route = await this.until(
      `${agent.name}: a selected candidate pair carrying ${minimum} packets each way`,
      async () => {
        last = await agent.mediaRoute();
        return last?.selected?.packetsSent >= minimum && last.selected.packetsReceived >= minimum ? last : undefined;
      },
      { timeoutMs: 8000, intervalMs: 200 },
    ).catch((error) => {
      throw new Error(`${error.message} (last seen: ${JSON.stringify(last)})`);
    });
    const { local, remote } = route.selected;
    if (local?.candidateType !== 'relay') {
      throw new Error(`${agent.name}: media runs on a ${local?.candidateType} candidate, not a TURN relay (${JSON.stringify(route)})`);
    }
    if (!local.url?.startsWith(`turn:${LAB.turnHost}:${LAB.turnPort}`)) throw new Error(`${agent.name}: the relay came from ${local.url}, not the lab's coturn`);
    if (route.localCandidates.some((candidate) => candidate.candidateType !== 'relay')) {
      throw new Error(`${agent.name}: relay-only ICE gathered other candidates too: ${JSON.stringify(route.localCandidates)}`);
    }
    return { ...route.selected, local, remote };
  }

  /**
   * Runs a sipp scenario from e2e/asterisk/sipp as Genesys SIP Server calling Asterisk's trunk port from
   * the Genesys address; its SDP points at the Genesys RTP peer.
   */
  sipp(scenario, dn, { keys = {}, ...options } = {}) {
    return runSipp(scenario, {
      target: `${LAB.asteriskHost}:${LAB.asteriskSipPort}`,
      service: dn,
      scenarioDir: this.genesys.scenarioDir,
      localIp: LAB.genesysHost,
      keys: { rtp_ip: LAB.genesysHost, rtp_port: LAB.genesysRtpPort, caller: '1003', notify_ms: -1, call_ms: 2000, hangup: 'genesys', ...keys },
      ...options,
    });
  }

  /**
   * Audio both ways on the call `agent` has up: the browser's inbound RTP (Genesys → Asterisk → browser)
   * and the packets the Genesys RTP peer received on a stream that began after `since` (browser →
   * Asterisk → Genesys). Resolves to { browser, genesys } packet counts.
   */
  async audioBothWays(agent, since, minimum = 20) {
    const browser = await agent.waitForAudio(minimum);
    const stream = await this.until(
      `${minimum} audio packets at the Genesys side`,
      () => this.genesys.rtp.streamsSince(since).find((candidate) => candidate.audio > minimum),
      { timeoutMs: 8000 },
    );
    return { browser, genesys: stream.audio };
  }

  /**
   * Audio flowing both ways on a call that is already up (after a fault): from now on, the browser's
   * inbound RTP and the packets the Genesys RTP peer receives (on any stream) each grow by `minimum`.
   * Resolves to { browser, genesys, ms } — the growth and how long until both had grown.
   */
  async audioFlowing(agent, { minimum = 20, timeoutMs = 8000 } = {}) {
    const started = Date.now();
    const genesysTotal = () => [...this.genesys.rtp.streams.values()].reduce((sum, stream) => sum + stream.audio, 0);
    const [browserBefore, genesysBefore] = [await agent.audioPackets(), genesysTotal()];
    const grown = await this.until(
      `${minimum} more audio packets both ways`,
      async () => {
        const browser = (await agent.audioPackets()) - browserBefore;
        const genesys = genesysTotal() - genesysBefore;
        return browser >= minimum && genesys >= minimum ? { browser, genesys } : null;
      },
      { timeoutMs, intervalMs: 20 },
    );
    return { ...grown, ms: Date.now() - started };
  }

  /**
   * Registers (or, with `expires: 0`, unregisters) every DN in `dns` to Asterisk over UDP with digest
   * auth, `rate` per second, from one fixed address: a registration storm as the gateway sees it.
   * Resolves when sipp has seen every 200 OK. On a loaded machine a few of sipp's transactions can
   * time out; registering again is harmless (a refresh), so a run with failures is repeated, twice at most.
   */
  async registerAgents(dns, { expires = 300, rate = 500, timeoutMs = 60_000 } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'wwe-storm-'));
    try {
      const injection = join(dir, 'agents.csv');
      writeFileSync(injection, `SEQUENTIAL\n${dns.map((dn) => `${dn};[authentication username=${dn} password=${this.gateway.passwordFor(dn)}]`).join('\n')}\n`);
      let failure;
      // A storm left running by a scenario that timed out would hold the storm's port: stop it first.
      if (this.#storm) await stop(this.#storm);
      for (let run = 1; run <= 3; run += 1) {
        const proc = start(
          'sipp',
          [
            `${LAB.asteriskHost}:${LAB.asteriskSipPort}`, '-sf', join(this.genesys.scenarioDir, 'agents-register.xml'), '-inf', injection,
            '-key', 'expires', String(expires), '-m', String(dns.length), '-r', String(rate), '-l', String(dns.length),
            '-i', LAB.stormHost, '-p', String(LAB.stormPort), '-mi', LAB.stormHost, '-mp', '6200', '-nostdin',
            '-timeout', `${Math.ceil(timeoutMs / 1000)}s`, '-timeout_error', '-trace_err', '-error_file', join(dir, 'errors.log'),
          ],
          { name: 'sipp agents-register' },
        );
        this.#storm = proc;
        const { code, signal } = await proc.exited;
        if (code === 0) return;
        const failed = /Failed call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(proc.output)?.[1] ?? '?';
        failure = `sipp agents-register (${dns.length} DNs, expires ${expires}) failed (${signal ?? `exit ${code}`}, ${failed} failed)`;
        console.log(`    ${failure}; run ${run} of 3`);
      }
      throw new Error(failure);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * Throws unless every contact Asterisk holds for `dn` came in on its plain-HTTP WebSocket (`WS`),
   * which listens on loopback for nginx only; a browser that reached Asterisk's own TLS listener
   * directly shows as `WSS`. (nginx logs a WebSocket only once it closes, so its access log cannot say.)
   */
  registeredThroughProxy(dn) {
    const contacts = this.asterisk.cli('pjsip show contacts').split('\n').filter((line) => line.includes(` ${dn}/sip:`));
    const transports = contacts.map((line) => /;transport=(\w+)/i.exec(line)?.[1]?.toUpperCase());
    if (transports.length === 0 || transports.some((transport) => transport !== 'WS')) {
      throw new Error(`${dn} is not registered through nginx: Asterisk's contacts for it are ${contacts.map((line) => line.trim()).join(' | ') || 'none'}`);
    }
  }

  /**
   * Throws unless nginx answered each of `expected` ({ method, path (string or RegExp), status }) at
   * least once: the proof that a browser went through the proxy rather than around it.
   */
  servedByProxy(expected) {
    const served = this.proxy.requests();
    const missing = expected.filter(({ method = 'GET', path, status }) =>
      !served.some((r) => r.method === method && r.status === status && (path instanceof RegExp ? path.test(r.path) : r.path === path)),
    );
    if (missing.length > 0) {
      throw new Error(`nginx never answered ${missing.map((m) => `${m.method ?? 'GET'} ${m.path} → ${m.status}`).join(', ')} (it served: ${served.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')})`);
    }
  }

  /** nginx's error log at warn level or above. */
  proxyProblems() {
    return (this.proxy?.errorLog() ?? '').split('\n').filter((line) => /\[(warn|error|crit|alert|emerg)\]/.test(line));
  }

  /** GET `path` from nginx over HTTPS (trusting the lab's certificate); resolves to the parsed JSON of a 200. */
  #proxyGet(path, headers = {}) {
    return new Promise((resolve, reject) => {
      const options = { host: LAB.asteriskHost, port: 443, servername: LAB.proxyHost, path, ca: readFileSync(this.certFile), headers: { host: LAB.proxyHost, accept: 'application/json', ...headers } };
      const req = request(options, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`nginx GET ${path}: ${response.statusCode} ${body}`))));
      });
      req.on('error', reject);
      req.setTimeout(5000, () => req.destroy(new Error(`nginx GET ${path}: no answer within 5 s`)));
      req.end();
    });
  }

  /** Resets every TCP connection to or from local `port` (ss -K): a dropped connection, as a network fault. */
  killConnections(port) {
    const result = spawnSync('ss', ['-K', '-t', 'state', 'established', `( sport = :${port} or dport = :${port} )`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ss -K for port ${port} failed: ${result.stderr}`);
    // ss prints a header line, then one line per socket it closed.
    return result.stdout.split('\n').slice(1).filter((line) => line.trim() !== '').length;
  }

  /** The contact URIs Asterisk holds for `dn` right now (`pjsip show contacts`). */
  contacts(dn) {
    const output = this.asterisk.cli('pjsip show contacts', { quiet: true });
    return [...output.matchAll(/^\s*Contact:\s+([^/\s]+)\/(sip:\S+)/gm)].filter(([, aor]) => aor === dn).map(([, , uri]) => uri);
  }

  /**
   * Samples `contacts(dn)` every `intervalMs` until stopped: the registrar's view at (nearly) every
   * moment. `stop()` resolves to the samples, { at, uris }.
   */
  watchContacts(dn, intervalMs = 10) {
    const samples = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        samples.push({ at: Date.now(), uris: this.contacts(dn) });
        await sleep(intervalMs);
      }
    })();
    return {
      samples,
      async stop() {
        running = false;
        await loop;
        return samples;
      },
    };
  }

  /** Value of a gateway metric (summed over series whose labels match `labels`). */
  async metric(name, labels = {}) {
    const text = await this.gateway.api('/metrics');
    let total = 0;
    for (const line of String(text).split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? ([0-9.e+-]+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const series = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
      if (Object.entries(labels).every(([key, value]) => series[key] === value)) total += Number(match[3]);
    }
    return total;
  }

  /** Resolves with `check()`'s first truthy value; rejects naming `what` after `timeoutMs`. */
  async until(what, check, { timeoutMs = 10_000, intervalMs = 50 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      last = await check();
      if (last) return last;
      await sleep(intervalMs);
    }
    throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
  }

  /** Waits until Genesys holds a registration for `dn` (other DNs may come and go meanwhile). */
  online(dn, timeoutMs = 10_000) {
    return this.until(`${dn} registered at Genesys`, () => this.genesys.isRegistered(dn), { timeoutMs });
  }

  /** Waits until Genesys's registrations are exactly `dns` (sorted DN strings). */
  async genesysRegistered(dns, timeoutMs = 10_000) {
    const wanted = [...dns].sort().join(',');
    try {
      await this.until(`Genesys registrations ${wanted || '(none)'}`, () => this.genesys.registeredDns().join(',') === wanted, { timeoutMs });
    } catch (error) {
      throw new Error(`${error.message} (registered at Genesys: ${this.genesys.registeredDns().join(',') || 'none'})`);
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
