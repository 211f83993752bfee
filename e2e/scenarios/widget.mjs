// The <wwe-softphone> element on the real path: it registers, auto-answers a Genesys INVITE, and the
// agent answers a call with its Answer button and hangs up with its Hang up button, audio both ways.
import assert from 'node:assert/strict';

export const widget = {
  name: 'widget: <wwe-softphone> registers, auto-answers Genesys, answers and hangs up from its buttons with audio',
  timeoutMs: 25_000,
  async run(lab) {
    const dn = '5051';
    const [agent, caller] = await Promise.all([lab.agent('widget', dn), lab.agent('jssip', '4951', { autoAnswer: false })]);
    assert.equal((await lab.kamailio.bindings(dn)).length, 1, 'the widget should be bound in Kamailio');

    const uuid = 'WIDGET000000001';
    const genesys = lab.sipp('genesys-call-autoanswer.xml', dn, {
      keys: { uuid, caller: '1003', hint: 'Call-Info: <sip:127.0.0.1>;answer-after=0' },
      durationMs: 300,
      timeoutMs: 15_000,
    });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid }, timeoutMs: 5000 });
      await genesys.done;
    } finally {
      await genesys.stop();
    }
    await agent.waitForState('idle');

    await caller.run('call', dn);
    await agent.waitForState('ringing');
    await agent.run('answer');
    await Promise.all([agent.waitForState('active'), caller.waitForState('active')]);
    await Promise.all([agent.waitForAudio(), caller.waitForAudio()]);
    await agent.run('hangup');
    await Promise.all([agent.waitForState('idle'), caller.waitForState('idle')]);
  },
};
