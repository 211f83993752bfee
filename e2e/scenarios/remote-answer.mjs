// 3. Genesys remote answer (NOTIFY Event: talk, relayed out of dialog): only the ringing call whose
//    X-Genesys-CallUUID matches is answered.
import assert from 'node:assert/strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const remoteAnswer = {
  name: 'remote answer: NOTIFY talk with another or an empty UUID keeps it ringing, with the matching UUID answers',
  timeoutMs: 20_000,
  async run(lab) {
    const dn = '5021';
    const agent = await lab.agent(lab.subject, dn);
    const uuid = 'UIVB8J6JE91C53UIM3VI59VHQ4000015';
    const call = lab.sipp('genesys-call.xml', dn, { keys: { uuid, caller: '1003' }, durationMs: 300, timeoutMs: 15_000 });
    try {
      await agent.waitForState('ringing');
      const ringDecision = await agent.waitForEvent('decision', { match: { uuid } });
      assert.equal(ringDecision.answer, false, 'an INVITE without an auto-answer hint must ring, not answer');

      const since = await agent.eventCount();
      await lab.sipp('genesys-notify-talk.xml', dn, { keys: { uuid: 'UIVB8J6JE91C53UIM3VI59VHQ4009999' } }).done;
      const mismatch = await agent.waitForEvent('decision', { since, match: { signal: 'remote-answer' } });
      assert.equal(mismatch.answer, false, 'a NOTIFY talk for another call must not answer this one');
      await sleep(500);
      assert.equal(await agent.state(), 'ringing', 'the call should still ring after a NOTIFY talk for another UUID');

      const beforeEmpty = await agent.eventCount();
      await lab.sipp('genesys-notify-talk.xml', dn, { keys: { uuid: '' } }).done;
      const empty = await agent.waitForEvent('decision', { since: beforeEmpty });
      assert.equal(empty.answer, false, 'a NOTIFY talk with an empty X-Genesys-CallUUID must not answer anything');
      assert.equal(await agent.state(), 'ringing', 'the call should still ring after a NOTIFY talk without a UUID');

      const notify = lab.sipp('genesys-notify-talk.xml', dn, { keys: { uuid } });
      await notify.done;
      await agent.waitForState('active');
      await call.done;
      await agent.waitForState('idle');
    } finally {
      await call.stop();
    }
  },
};

export const clickToDial = {
  name: 'click-to-dial: delayed-offer INVITE answered on NOTIFY talk with the SDP offer in the 200, answer in the ACK',
  timeoutMs: 20_000,
  async run(lab) {
    const dn = '5022';
    const agent = await lab.agent(lab.subject, dn);
    const uuid = 'UIVB8J6JE91C53UIM3VI59VHQ4000016';
    const call = lab.sipp('genesys-click-to-dial.xml', dn, { keys: { uuid, destination: '4000' }, durationMs: 300, timeoutMs: 15_000 });
    try {
      await agent.waitForState('ringing');
      await lab.sipp('genesys-notify-talk.xml', dn, { keys: { uuid } }).done;
      await agent.waitForEvent('confirmed');
      const { messages } = await call.done;
      const ok = messages.find((message) => message.direction === 'received' && /^SIP\/2\.0 200/.test(message.firstLine) && /CSeq:\s*1 INVITE/i.test(message.text));
      assert.ok(ok && /\r?\nm=audio /.test(ok.text), 'the 200 OK to a delayed-offer INVITE must carry the SDP offer');
      await agent.waitForState('idle');
    } finally {
      await call.stop();
    }
  },
};
