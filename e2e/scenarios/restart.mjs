// 5. Kamailio killed and restarted mid-session: the softphone reconnects and re-registers by itself
//    (Kamailio forgot every binding); afterwards it takes a call from Genesys and places one with audio.
import assert from 'node:assert/strict';

export const serverRestart = {
  name: 'server restart: Kamailio killed and restarted, the softphone re-registers by itself, takes a call and places one',
  timeoutMs: 45_000,
  async run(lab) {
    const dn = '5041';
    const agent = await lab.agent(lab.subject, dn);
    const since = await agent.eventCount();
    await lab.kamailio.stop({ kill: true });
    await lab.kamailio.start();
    assert.deepEqual(await lab.kamailio.bindings(dn), [], 'a restarted Kamailio should have no binding');
    await agent.waitForEvent('registered', { since, timeoutMs: 35_000 });
    assert.equal((await lab.kamailio.bindings(dn)).length, 1, 'the softphone should be bound again after re-registering');

    const uuid = 'RESTART00000001';
    const genesys = lab.sipp('genesys-call-autoanswer.xml', dn, {
      keys: { uuid, caller: '1003', hint: 'Call-Info: <sip:127.0.0.1>;answer-after=0' },
      durationMs: 300,
      timeoutMs: 15_000,
    });
    try {
      await agent.waitForEvent('confirmed', { since, match: { uuid }, timeoutMs: 5000 });
      await genesys.done;
    } finally {
      await genesys.stop();
    }
    await agent.waitForState('idle');

    // And a call the softphone places itself, over its new connection, with audio.
    const far = await lab.agent('jssip', '4941', { autoAnswer: false });
    await agent.run('call', '4941');
    await far.waitForState('ringing');
    await far.run('answer');
    await Promise.all([agent.waitForAudio(), far.waitForAudio()]);
    await agent.run('hangup');
  },
};
