// Faults and load through real Asterisk: Asterisk restarting under the gateway, the gateway restarting
// under live agents, dropped connections (reset with `ss -K`, as a network fault would), and a storm of
// 1,000 agents registering at once. Checked at Genesys: it must end with exactly the DNs that are online.
import assert from 'node:assert/strict';
import { STORM_DNS } from '../environment.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Agents for `dns`, each online at Genesys; resolves to their pages. */
async function onlineAgents(lab, dns) {
  const agents = await Promise.all(dns.map((dn) => lab.agent(lab.subject, dn)));
  await Promise.all(dns.map((dn) => lab.online(dn)));
  return agents;
}

/** Un-REGISTERs Genesys received for any of `dns` since `since`. */
const unregistersSince = (lab, dns, since) => lab.genesys.registers().filter((entry) => dns.includes(entry.dn) && entry.at >= since && entry.expires === 0);

export const asteriskRestart = {
  name: 'Asterisk restarts with agents online: the gateway reconnects and reconciles, the agents re-register, Genesys ends with exactly the online DNs',
  timeoutMs: 80_000,
  async run(lab) {
    const dns = ['5021', '5022'];
    const agents = await onlineAgents(lab, dns);
    const marks = await Promise.all(agents.map((agent) => agent.eventCount()));
    const reconnects = await lab.metric('wwe_gateway_ami_reconnects_total');
    // `core stop now` sends no un-REGISTERs: Genesys keeps the bindings, as after a crash.
    await lab.asterisk.stop();
    await lab.asterisk.start();
    // The softphone's reconnect backoff (1 s doubling, ±30 %) reaches its next attempt within ~2× the outage.
    await Promise.all(agents.map((agent, i) => agent.waitForEvent('registered', { since: marks[i], timeoutMs: 45_000 })));
    await lab.gateway.waitUntilHealthy(20_000);
    await lab.genesysRegistered(dns, 20_000);
    assert.ok((await lab.metric('wwe_gateway_ami_reconnects_total')) > reconnects, 'the gateway should have reconnected to AMI');
  },
};

export const gatewayRestart = {
  name: 'the gateway restarts (stopped, then killed) with agents online: Genesys sees no un-REGISTER and keeps them registered',
  timeoutMs: 40_000,
  async run(lab) {
    const dns = ['5023', '5024'];
    await onlineAgents(lab, dns);
    const since = Date.now();
    await lab.gateway.stop();
    await lab.gateway.start();
    await sleep(2000);
    await lab.gateway.stop({ kill: true });
    await lab.gateway.start();
    await sleep(2000);
    assert.deepEqual(unregistersSince(lab, dns, since), [], 'a gateway restart must not unregister online agents at Genesys');
    for (const dn of dns) {
      assert.ok(lab.genesys.isRegistered(dn), `${dn} should still be registered at Genesys`);
      assert.equal((await lab.gateway.api(`/api/dns/${dn}`)).genesys, 'registered', `the restarted gateway should know ${dn} is registered`);
    }
  },
};

export const websocketDrop = {
  name: "the agent's WebSocket is reset: the softphone reconnects and re-registers within the debounce, Genesys sees no un-REGISTER",
  timeoutMs: 30_000,
  async run(lab) {
    const dn = '5025';
    const [agent] = await onlineAgents(lab, [dn]);
    const mark = await agent.eventCount();
    const since = Date.now();
    assert.ok(lab.killConnections(8089) > 0, 'there should have been a WebSocket to reset');
    await agent.waitForEvent('registered', { since: mark, timeoutMs: 15_000 });
    await sleep(lab.gateway.config.dns.unregisterDebounceMs ?? 3000);
    assert.deepEqual(unregistersSince(lab, [dn], since), [], 'a WebSocket blip shorter than the debounce must not unregister the DN');
    assert.ok(lab.genesys.isRegistered(dn));
  },
};

/** Waits until every one of `dns` is (or, with `registered: false`, none is) registered at Genesys. */
async function genesysHolds(lab, dns, { registered = true, timeoutMs = 60_000 } = {}) {
  const wanted = new Set(dns);
  let missing = dns.length;
  try {
    await lab.until(
      `${dns.length} DNs ${registered ? 'registered' : 'unregistered'} at Genesys`,
      () => {
        const now = new Set(lab.genesys.registeredDns());
        missing = registered ? [...wanted].filter((dn) => !now.has(dn)).length : [...wanted].filter((dn) => now.has(dn)).length;
        return missing === 0;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${error.message} (${missing} still ${registered ? 'not registered' : 'registered'})`);
  }
}

export const registrationStorm = {
  name: 'registration storm: 1,000 agents register within seconds, every DN reaches Genesys (lost PJSIPRegisters retried), then all leave and all are unregistered',
  timeoutMs: 150_000,
  async run(lab) {
    const retries = await lab.metric('wwe_gateway_registration_retries_total');
    const started = Date.now();
    try {
      await lab.registerAgents(STORM_DNS, { rate: 500 });
      await genesysHolds(lab, STORM_DNS);
      const registeredMs = Date.now() - started;
      const retried = (await lab.metric('wwe_gateway_registration_retries_total')) - retries;
      console.log(`    ${STORM_DNS.length} DNs registered at Genesys ${(registeredMs / 1000).toFixed(1)} s after the first agent REGISTER; ${retried} PJSIPRegister(s) retried`);
    } finally {
      const leaving = Date.now();
      await lab.registerAgents(STORM_DNS, { expires: 0, rate: 500 });
      await genesysHolds(lab, STORM_DNS, { registered: false });
      console.log(`    all unregistered ${((Date.now() - leaving) / 1000).toFixed(1)} s after the first un-REGISTER`);
    }
  },
};

export const amiCutMidStorm = {
  name: 'the AMI connection is reset in the middle of a storm: the gateway reconnects, reconciles, and every DN still ends registered, then unregistered',
  timeoutMs: 150_000,
  async run(lab) {
    const dns = STORM_DNS.slice(0, 400);
    const reconnects = await lab.metric('wwe_gateway_ami_reconnects_total');
    const storm = lab.registerAgents(dns, { rate: 200 });
    storm.catch(() => undefined); // awaited below
    try {
      await sleep(700);
      const reset = lab.killConnections(5038);
      await storm;
      assert.ok(reset > 0, 'there should have been an AMI connection to reset');
      await genesysHolds(lab, dns);
      assert.ok((await lab.metric('wwe_gateway_ami_reconnects_total')) > reconnects, 'the gateway should have reconnected to AMI');
    } finally {
      await storm.catch(() => undefined);
      await lab.registerAgents(dns, { expires: 0, rate: 500 });
      await genesysHolds(lab, dns, { registered: false });
    }
  },
};
