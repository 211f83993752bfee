// Presence follows the browser, checked at Genesys: what reached the registrar, not what the gateway says.
import assert from 'node:assert/strict';
import { LAB_DNS, expandDns } from '../environment.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const bootReconciliation = {
  name: 'boot: every DN Asterisk registers at load is unregistered at Genesys while no browser is there',
  timeoutMs: 60_000,
  async run(lab) {
    const dns = expandDns(LAB_DNS);
    const unheard = () => dns.filter((dn) => lab.genesys.registers(dn).length === 0);
    // On a loaded machine Asterisk is still sending its load-time REGISTERs when this starts: ~10 s for
    // the lab's 1,040 registrations on a quiet 2-core machine, more on a busy one.
    await lab.until(`Genesys heard about all ${dns.length} DNs`, () => unheard().length === 0, { timeoutMs: 40_000, intervalMs: 250 }).catch((error) => {
      const missing = unheard();
      throw new Error(`${error.message}: ${missing.length} never heard of (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''})`);
    });
    const heardAll = Date.now();
    await lab.genesysRegistered([], 15_000);
    console.log(`    all ${dns.length} DNs heard at Genesys; every one unregistered ${Date.now() - heardAll} ms later`);
    // Asterisk queues a REGISTER for every registration at load; the gateway's un-REGISTER, sent as soon
    // as it sees FullyBooted, cancels it (or undoes it, if it already went out).
    for (const dn of dns) {
      const registers = lab.genesys.registers(dn);
      assert.ok(registers.length > 0, `Genesys should have heard about ${dn} at boot`);
      assert.equal(registers.at(-1).expires, 0, `the last REGISTER for idle DN ${dn} should be an un-REGISTER`);
    }
  },
};

export const presenceOnlineOffline = {
  name: 'presence: a browser registering puts its DN online at Genesys; disconnect() takes it offline',
  timeoutMs: 20_000,
  async run(lab) {
    const dn = '5001';
    const agent = await lab.agent(lab.subject, dn);
    const registered = (await agent.waitForEvent('registered')).at;
    await lab.genesysRegistered([dn]);
    const atGenesys = lab.genesys.registers(dn).findLast((entry) => entry.expires > 0).at;
    console.log(`    browser registered → REGISTER at Genesys: ${(atGenesys - registered).toFixed(0)} ms`);
    const status = await lab.gateway.api(`/api/dns/${dn}`);
    assert.equal(status.contacts.length, 1, `the gateway should see one browser contact for ${dn}: ${JSON.stringify(status)}`);
    assert.equal(status.genesys, 'registered', `the gateway should know ${dn} is registered at Genesys: ${JSON.stringify(status)}`);

    await agent.run('disconnect');
    await lab.genesysRegistered([]);
  },
};

export const pageReload = {
  name: 'presence: a page reload (the page unregisters on pagehide, then registers again) causes no un-REGISTER at Genesys',
  timeoutMs: 25_000,
  async run(lab) {
    const dn = '5002';
    const page = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    const since = Date.now();
    await lab.reloadAgent(page, lab.subject, dn);
    await page.waitForEvent('registered');
    await sleep(lab.gateway.config.dns.unregisterDebounceMs ?? 4000);
    await sleep(1500);
    const unregisters = lab.genesys.registers(dn).filter((entry) => entry.at >= since && entry.expires === 0);
    assert.deepEqual(unregisters, [], `Genesys saw ${unregisters.length} un-REGISTER(s) of ${dn} during the reload`);
    assert.ok(lab.genesys.isRegistered(dn), `${dn} should still be registered at Genesys`);
    assert.equal(lab.contacts(dn).length, 1, 'one contact: the reloaded page');
  },
};
