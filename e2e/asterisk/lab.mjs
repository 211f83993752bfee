// The real-Asterisk lab every scenario runs in: Asterisk 22 with the project's generated configuration,
// `wwe-gateway run` beside it, the Genesys side (a sipp registrar/trunk and its RTP peer at 127.0.0.2),
// and the agents' pages in one Chromium, all in one private network namespace.
import { Lab } from '../lib/lab.mjs';
import { runSipp } from '../lib/sipp.mjs';

/** Addresses and ports of the lab: Asterisk on 127.0.0.1, Genesys on 127.0.0.2. */
export const LAB = {
  asteriskHost: '127.0.0.1',
  asteriskSipPort: 5060,
  wssPort: 8089,
  genesysHost: '127.0.0.2',
  genesysSipPort: 5080,
  genesysRtpPort: 7078,
};

export class AsteriskLab extends Lab {
  constructor({ asterisk, gateway, genesys, pageUrl, browser, subject = 'softphone' }) {
    super({
      registrar: { wsUrl: `wss://${LAB.asteriskHost}:${LAB.wssPort}/ws`, domain: LAB.asteriskHost, passwordFor: (dn) => gateway.passwordFor(dn) },
      pageUrl,
      browser,
      subject,
    });
    this.asterisk = asterisk;
    this.gateway = gateway;
    this.genesys = genesys;
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
