// Calls that survive a network blip, through real Asterisk: the softphone's WebSocket reset mid-call, its
// media path blackholed, and a blip longer than the recovery bound. Checked at the Genesys side (which
// BYEs crossed the trunk) and on the media both ways.
import assert from 'node:assert/strict';

const HINT = 'Call-Info: <sip:127.0.0.2>;answer-after=0';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** BYEs Genesys received (Asterisk hanging up the trunk leg) among sipp's `messages`. */
const byesAtGenesys = (messages) => messages.filter((m) => m.direction === 'received' && m.firstLine.startsWith('BYE '));

/**
 * An agent for `dn` (softphone options `overrides`) online at Genesys, in a Genesys call it auto-answered
 * with audio both ways. Resolves to { agent, call } (the sipp run).
 */
async function callInProgress(lab, dn, uuid, keys, overrides = {}) {
  const agent = await lab.agent(lab.subject, dn, overrides);
  await lab.online(dn);
  const since = Date.now();
  const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: HINT, ...keys }, timeoutMs: 60_000 });
  try {
    await agent.waitForEvent('confirmed', { match: { uuid } });
    await lab.audioBothWays(agent, since);
  } catch (error) {
    await call.stop();
    throw error;
  }
  return { agent, call };
}

export const websocketResetMidCall = {
  name: "call recovery: the WebSocket is reset 1.5 s into a call — reconnecting, re-INVITE with an ICE restart over the new connection, reconnected, audio both ways; Genesys' BYE 8 s later ends the call in the browser",
  timeoutMs: 45_000,
  async run(lab) {
    const dn = '5032';
    const uuid = 'RECOVERY00000001';
    const { agent, call } = await callInProgress(lab, dn, uuid, { call_ms: 11_000 });
    try {
      await sleep(1500);
      const mark = await agent.eventCount();
      const contacts = lab.watchContacts(dn);
      assert.ok(lab.killConnections(8089) > 0, 'there should have been a WebSocket to reset');
      const reconnecting = await agent.waitForEvent('reconnecting', { since: mark, timeoutMs: 5000 });
      assert.equal(reconnecting.cause, 'signalling');
      const reconnected = await agent.waitForEvent('reconnected', { since: mark, timeoutMs: 15_000 });
      const audio = await lab.audioFlowing(agent);
      const samples = await contacts.stop();
      console.log(`    reconnected ${reconnected.durationMs} ms after the reset; then ${audio.genesys} packets at Genesys, ${audio.browser} in the browser`);
      assert.ok(samples.every((sample) => sample.uris.length <= 1), `never more than one contact: ${JSON.stringify(samples.filter((s) => s.uris.length > 1))}`);
      assert.equal(lab.contacts(dn).length, 1, 'one contact after the reconnect (no double registration)');
      const registers = (await agent.events()).slice(mark).filter((event) => event.type === 'registered').length;
      assert.equal(registers, 1, 'the softphone registered once over the new connection');
      // Genesys hangs up: its BYE must reach the browser over the new WebSocket.
      const ended = await agent.waitForEvent('ended', { since: mark, timeoutMs: 15_000 });
      assert.equal(ended.reason, 'remote-hangup', `the call should end by Genesys' BYE, not ${ended.reason}`);
      const { messages } = await call.done;
      assert.deepEqual(byesAtGenesys(messages).map((m) => m.firstLine), [], 'Genesys must not receive a BYE: the call survived');
    } finally {
      await call.stop();
    }
  },
};

export const mediaBlackholeMidCall = {
  name: 'call recovery: the media path is blackholed for 5 s — reconnecting, ICE restart, reconnected with audio both ways; the call goes on and Genesys never sees a BYE',
  timeoutMs: 45_000,
  async run(lab) {
    const dn = '5033';
    const uuid = 'RECOVERY00000002';
    const { agent, call } = await callInProgress(lab, dn, uuid, { call_ms: 16_000 });
    try {
      const mark = await agent.eventCount();
      lab.blackhole.on();
      await sleep(5000);
      lab.blackhole.off();
      const back = Date.now();
      const reconnected = await agent.waitForEvent('reconnected', { since: mark, timeoutMs: 15_000 });
      const audio = await lab.audioFlowing(agent, { minimum: 10 });
      const seen = (await agent.events()).slice(mark);
      assert.equal(seen.find((event) => event.type === 'reconnecting')?.cause, 'media');
      console.log(`    ${lab.blackhole.dropped()} packets dropped; reconnected ${reconnected.durationMs} ms after the call noticed; audio both ways ${Date.now() - audio.ms - back + audio.ms} ms after the network came back`);
      const { messages } = await call.done;
      assert.deepEqual(byesAtGenesys(messages).map((m) => m.firstLine), [], 'Genesys must not receive a BYE: the call survived');
      const ended = await agent.waitForEvent('ended', { since: mark, timeoutMs: 5000 });
      assert.equal(ended.reason, 'remote-hangup');
    } finally {
      lab.blackhole.off();
      await call.stop();
    }
  },
};

export const blipLongerThanBound = {
  name: 'call recovery: a media outage longer than the bound ends the call cleanly on both sides — connection-lost in the browser, a BYE at Genesys',
  timeoutMs: 45_000,
  async run(lab) {
    const dn = '5034';
    const uuid = 'RECOVERY00000003';
    const { agent, call } = await callInProgress(lab, dn, uuid, { hangup: 'agent' }, { callRecovery: { timeoutMs: 3000 } });
    try {
      const mark = await agent.eventCount();
      lab.blackhole.on();
      const started = Date.now();
      const ended = await agent.waitForEvent('ended', { since: mark, timeoutMs: 20_000 });
      assert.equal(ended.reason, 'connection-lost');
      const reconnecting = (await agent.events()).slice(mark).find((event) => event.type === 'reconnecting');
      assert.ok(reconnecting, 'the call should have been reconnecting before it ended');
      const { messages } = await call.done;
      const byes = byesAtGenesys(messages);
      assert.equal(byes.length, 1, 'Genesys should receive exactly one BYE');
      console.log(`    reconnecting ${Math.round(reconnecting.at - started)} ms into the outage, ended ${Math.round(ended.at - reconnecting.at)} ms later; BYE at Genesys ${Math.round(byes[0].at - started)} ms into it`);
      assert.equal(await agent.state(), 'idle');
    } finally {
      lab.blackhole.off();
      await call.stop();
    }
  },
};

export const browserVanishesMidCall = {
  name: "call recovery: the agent's tab crashes mid-call — no BYE can come from the browser; the generated rtp_timeout (30 s) makes Asterisk hang up, and Genesys receives a BYE",
  timeoutMs: 60_000,
  async run(lab) {
    const dn = '5038';
    const uuid = 'RECOVERY00000004';
    const { agent, call } = await callInProgress(lab, dn, uuid, { hangup: 'agent' });
    try {
      const crashed = Date.now();
      await agent.crash();
      lab.pages.delete(agent);
      const { messages } = await call.done;
      const byes = byesAtGenesys(messages);
      assert.ok(byes.length >= 1, 'Genesys should receive a BYE');
      const after = byes[0].at - crashed;
      console.log(`    BYE at Genesys ${(after / 1000).toFixed(1)} s after the crash`);
      assert.ok(after >= 25_000, `the BYE came ${after} ms after the crash: before rtp_timeout, from something else`);
    } finally {
      await call.stop();
    }
  },
};
