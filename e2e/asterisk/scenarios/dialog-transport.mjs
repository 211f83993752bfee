// What real Asterisk does with a call's dialog when the browser's WebSocket is replaced mid-call, shown
// with plain JsSIP (no recovery logic of ours): each WebSocket is a pjsip transport of its own, and
// Asterisk sends in-dialog requests to the dialog's remote target, which names the connection the
// dialog last heard the browser's Contact on. A re-REGISTER over the new connection does not move it;
// a re-INVITE in the dialog over the new connection does (a target refresh). These scenarios keep
// that fact checked on every Asterisk the suite runs against.
import assert from 'node:assert/strict';

const HINT = 'Call-Info: <sip:127.0.0.2>;answer-after=0';

/**
 * Genesys calls `dn` (a plain JsSIP agent auto-answers), the agent's WebSocket is reset 1.5 s in, the
 * agent reconnects and re-registers; `afterReconnect(agent)` runs; Genesys hangs up `byeAfterMs` after
 * the answer. Resolves to { ended } (the agent's ended event, or undefined) and Genesys' messages.
 */
async function genesysHangsUpAfterReset(lab, dn, uuid, afterReconnect) {
  const agent = await lab.agent('jssip', dn);
  await lab.online(dn);
  const since = Date.now();
  const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: HINT, call_ms: 7000 }, timeoutMs: 30_000 });
  try {
    await agent.waitForEvent('confirmed', { match: { uuid } });
    await lab.audioBothWays(agent, since);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const mark = await agent.eventCount();
    const before = lab.contacts(dn);
    assert.ok(lab.killConnections(8089) > 0, 'there should have been a WebSocket to reset');
    await agent.waitForEvent('registered', { since: mark, timeoutMs: 10_000 });
    const after = lab.contacts(dn);
    assert.equal(after.length, 1, `one contact after the re-REGISTER: ${after.join(' ')}`);
    assert.notEqual(after[0], before[0], 'the new connection registers a contact of its own');
    console.log(`    contact before the reset: ${before[0]}\n    contact after:            ${after[0]}`);
    await afterReconnect(agent);
    const { messages } = await call.done;
    const ended = await agent.waitForEvent('ended', { since: mark, timeoutMs: 4000 }).catch(() => undefined);
    return { agent, ended, messages };
  } finally {
    await call.stop();
  }
}

export const byeLostAfterReregister = {
  name: "Asterisk: after the browser's WebSocket is replaced mid-call, a re-REGISTER alone does not move the dialog: Genesys' BYE never reaches the browser",
  timeoutMs: 40_000,
  async run(lab) {
    const { agent, ended } = await genesysHangsUpAfterReset(lab, '5030', 'DIALOGMOVE000001', async () => undefined);
    assert.equal(ended, undefined, 'the BYE reached the browser without a re-INVITE: Asterisk moved the dialog by itself (update the docs)');
    assert.notEqual(await agent.state(), 'idle', 'the browser should still believe the call is up (the ghost call)');
    await agent.run('hangup');
  },
};

export const byeDeliveredAfterReinvite = {
  name: "Asterisk: a re-INVITE with an ICE restart in the same dialog over the new WebSocket moves the dialog there: Genesys' BYE reaches the browser",
  timeoutMs: 40_000,
  async run(lab) {
    const { ended } = await genesysHangsUpAfterReset(lab, '5031', 'DIALOGMOVE000002', async (agent) => {
      await agent.run('restartIce');
      const audio = await lab.audioFlowing(agent);
      console.log(`    after the ICE restart: ${audio.browser} packets in the browser, ${audio.genesys} at Genesys within ${audio.ms} ms`);
    });
    assert.ok(ended, "Genesys' BYE should reach the browser once the dialog's target names the new connection");
    assert.equal(ended.originator, 'remote');
  },
};
