// One DN open in several tabs of one browser (pages of one Chromium share its profile: the same Web
// Locks and BroadcastChannels, as tabs do). Checked at Asterisk's registrar (`pjsip show contacts`,
// sampled all along) and at Genesys (no un-REGISTER, calls ring in the tab that owns the DN).
import assert from 'node:assert/strict';

const HINT = 'Call-Info: <sip:127.0.0.2>;answer-after=0';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Un-REGISTERs Genesys received for `dn` since `since`. */
const unregistersSince = (lab, dn, since) => lab.genesys.registers(dn).filter((entry) => entry.at >= since && entry.expires === 0);

/** Opens a tab for `dn` that stands by (another tab owns the DN); resolves to its page. */
async function standingBy(lab, dn) {
  const tab = await lab.agent(lab.subject, dn);
  await tab.waitForEvent('tab', { match: { state: 'standby' } });
  assert.equal(await tab.run('tabState'), 'standby');
  return tab;
}

/** A Genesys call to `dn`, auto-answered: resolves once `tab` has audio both ways and the call ended. */
async function callRingsIn(lab, tab, dn, uuid, others = []) {
  const since = Date.now();
  const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: HINT, call_ms: 2500 }, timeoutMs: 20_000 });
  try {
    await tab.waitForEvent('confirmed', { match: { uuid } });
    await lab.audioBothWays(tab, since);
    await call.done;
  } finally {
    await call.stop();
  }
  for (const other of others) {
    const rang = (await other.events()).filter((event) => event.type === 'call' && event.uuid === uuid);
    assert.deepEqual(rang, [], `${other.name} must not ring`);
  }
}

export const tabsTakeover = {
  name: 'tabs: two tabs of one browser on one DN — one registers, the other stands by; "use here" is refused during a call, then moves the DN without a moment unregistered at Asterisk, no un-REGISTER at Genesys',
  timeoutMs: 60_000,
  async run(lab) {
    const dn = '5036';
    const first = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    const second = await standingBy(lab, dn);
    assert.equal(lab.contacts(dn).length, 1, 'the tab standing by must not register');
    const since = Date.now();

    // A call in the first tab: the second is told, and its "use here" is refused.
    const busy = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid: 'TABS000000000001', hint: HINT, call_ms: 3000 }, timeoutMs: 20_000 });
    try {
      await first.waitForEvent('confirmed', { match: { uuid: 'TABS000000000001' } });
      await second.waitForEvent('ownerCalls', { match: { calls: 1 } });
      const refused = await second.try('takeover');
      assert.equal(refused.code, 'OTHER_TAB_BUSY', `"use here" during a call: ${JSON.stringify(refused)}`);
      await busy.done;
    } finally {
      await busy.stop();
    }
    await second.waitForEvent('ownerCalls', { match: { calls: 0 } });

    // "Use here", with the registrar watched all along.
    const contacts = lab.watchContacts(dn);
    const mark = await first.eventCount();
    const started = Date.now();
    await second.run('takeover');
    const moved = Date.now() - started;
    await first.waitForEvent('tab', { match: { state: 'standby' }, since: mark });
    await sleep(300);
    const samples = await contacts.stop();
    const counts = samples.map((sample) => sample.uris.length);
    // Never without a contact. With remove_existing Asterisk stores the new contact before it deletes the
    // old one, inside the one REGISTER: a sample may land in that instant, never in two tabs' steady state.
    assert.ok(counts.every((count) => count >= 1), `a contact at every sample: ${counts.join('')}`);
    assert.ok(counts.filter((count) => count > 1).length <= 1 && counts.at(-1) === 1, `two contacts only for the instant of the new REGISTER: ${counts.join('')}`);
    const owners = [...new Set(samples.flatMap((sample) => sample.uris))];
    assert.equal(owners.length, 2, `the contact moved from the first tab to the second: ${owners.join(' → ')}`);
    console.log(`    "use here" took ${moved} ms; ${samples.length} samples of the registrar: ${counts.join('')}`);

    await callRingsIn(lab, second, dn, 'TABS000000000002', [first]);
    await sleep(lab.gateway.config.dns.unregisterDebounceMs ?? 3000);
    assert.deepEqual(unregistersSince(lab, dn, since), [], 'Genesys must see no un-REGISTER');
    assert.ok(lab.genesys.isRegistered(dn));
  },
};

export const tabsOwnerGoes = {
  name: 'tabs: three tabs on one DN — the owner crashes (no unload handler runs) and the next tab registers; that one is closed and the last takes over; never two contacts, no un-REGISTER at Genesys',
  timeoutMs: 60_000,
  async run(lab) {
    const dn = '5037';
    const first = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    const second = await standingBy(lab, dn);
    const third = await standingBy(lab, dn);
    const since = Date.now();
    const contacts = lab.watchContacts(dn);

    let crashed = Date.now();
    await first.crash();
    lab.pages.delete(first);
    const next = await second.waitForEvent('registered', { timeoutMs: 5000 });
    console.log(`    owner crashed → next tab registered: ${Math.round(next.at - crashed)} ms`);
    assert.equal(await third.run('tabState'), 'standby');

    crashed = Date.now();
    await second.close();
    lab.pages.delete(second);
    const last = await third.waitForEvent('registered', { timeoutMs: 5000 });
    console.log(`    owner closed → last tab registered: ${Math.round(last.at - crashed)} ms`);
    await sleep(300);
    const samples = await contacts.stop();
    const counts = samples.map((sample) => sample.uris.length);
    assert.ok(counts.every((count) => count <= 1), `never two contacts: ${counts.join('')}`);
    assert.equal(counts.at(-1), 1);

    await callRingsIn(lab, third, dn, 'TABS000000000003');
    await sleep(lab.gateway.config.dns.unregisterDebounceMs ?? 3000);
    assert.deepEqual(unregistersSince(lab, dn, since), [], 'a handover inside the debounce must not unregister the DN at Genesys');
  },
};
