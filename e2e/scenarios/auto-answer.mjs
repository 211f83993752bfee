// 2. Each auto-answer signal Genesys sends: the softphone answers on sight. Once from sipp with the
//    real Genesys header set, once from a browser caller so that audio is proven both ways.
import assert from 'node:assert/strict';

const SIGNALS = [
  { kind: 'call-info', header: 'Call-Info: <sip:127.0.0.1>;answer-after=0', dn: '5011', caller: '4911' },
  { kind: 'alert-info', header: 'Alert-Info: <http://127.0.0.1/>;info=alert-autoanswer', dn: '5012', caller: '4912' },
  { kind: 'answer-mode', header: 'Answer-Mode: Auto', dn: '5013', caller: '4913' },
];

export const autoAnswer = SIGNALS.map(({ kind, header, dn, caller }) => ({
  name: `auto-answer on ${header.split(':')[0]}: answers a Genesys INVITE and a browser call, audio both ways`,
  timeoutMs: 25_000,
  async run(lab) {
    const [agent, browserCaller] = await Promise.all([lab.agent(lab.subject, dn), lab.agent('jssip', caller, { autoAnswer: false })]);

    // Genesys SIP Server (sipp) with the header set of the real logs plus the hint.
    const uuid = `AA${kind.replace('-', '').toUpperCase()}0001`;
    const genesys = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, caller: '1003', hint: header }, durationMs: 300, timeoutMs: 15_000 });
    try {
      const decision = await agent.waitForEvent('decision', { match: { uuid } });
      assert.equal(decision.answer, true, `Genesys INVITE with "${header}" was not auto-answered (${decision.reason ?? ''})`);
      assert.equal(decision.signal, kind, `auto-answer was decided by ${decision.signal}, expected ${kind}`);
      await agent.waitForEvent('confirmed', { match: { uuid }, timeoutMs: 5000 });
      await genesys.done;
    } finally {
      await genesys.stop();
    }
    await agent.waitForState('idle');

    // A browser caller adds the same hint: real media both ways.
    const since = await agent.eventCount();
    await browserCaller.run('call', dn, { extraHeaders: [header] });
    await agent.waitForEvent('decision', { since, match: { answer: true } });
    await Promise.all([agent.waitForState('active'), browserCaller.waitForState('active')]);
    const [received, sent] = await Promise.all([agent.waitForAudio(), browserCaller.waitForAudio()]);
    console.log(`    audio packets received: softphone ${received}, caller ${sent}`);
    await browserCaller.run('hangup');
    await agent.waitForState('idle');
  },
}));
