// 4. In-call features between the softphone and a far end: hold/resume (re-INVITE, checked on the
//    media), DTMF, blind transfer to a third softphone, hangup from either side.
import assert from 'node:assert/strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The softphone (dn) calls a plain JsSIP far end (peer), which answers; both end up active. */
async function connectedPair(lab, dn, peer) {
  const [agent, far] = await Promise.all([lab.agent(lab.subject, dn), lab.agent('jssip', peer, { autoAnswer: false })]);
  await agent.run('call', peer);
  await far.waitForState('ringing');
  await far.run('answer');
  await Promise.all([agent.waitForState('active'), far.waitForState('active')]);
  await Promise.all([agent.waitForAudio(), far.waitForAudio()]);
  return { agent, far };
}

/** Packets `page` receives over `ms`. */
async function packetsDuring(page, ms) {
  const before = await page.audioPackets();
  await sleep(ms);
  return (await page.audioPackets()) - before;
}

export const holdResume = {
  name: 'hold/resume: re-INVITE stops the far end sending, resume restarts it',
  needs: ['hold', 'unhold'],
  timeoutMs: 20_000,
  async run(lab) {
    const { agent, far } = await connectedPair(lab, '5031', '4931');
    await agent.run('hold');
    await agent.waitForState('held');
    await sleep(300); // packets already in flight
    const duringHold = await packetsDuring(agent, 800);
    assert.ok(duringHold <= 3, `on hold the softphone still received ${duringHold} packets in 0.8 s: the far end kept sending`);
    await agent.run('unhold');
    await agent.waitForState('active');
    await sleep(300);
    const afterResume = await packetsDuring(agent, 800);
    assert.ok(afterResume > 10, `after resume the softphone received only ${afterResume} packets in 0.8 s`);
    assert.equal(await far.state(), 'active');
  },
};

export const dtmf = {
  name: 'DTMF: digits sent by the softphone (SIP INFO) reach the far end',
  needs: ['sendDtmf'],
  timeoutMs: 20_000,
  async run(lab) {
    const { agent, far } = await connectedPair(lab, '5032', '4932');
    await agent.run('sendDtmf', '1#', { transport: 'info' });
    await far.waitForEvent('dtmf', { match: { tone: '1' } });
    await far.waitForEvent('dtmf', { match: { tone: '#' } });
  },
};

export const blindTransfer = {
  name: 'blind transfer: the far end is sent to a third softphone, which gets the call with audio',
  needs: ['transfer'],
  timeoutMs: 25_000,
  async run(lab) {
    const { agent, far } = await connectedPair(lab, '5033', '4933');
    const third = await lab.agent(lab.subject, '5034', { autoAnswer: false });
    await agent.run('transfer', '5034');
    await far.waitForEvent('referred');
    await third.waitForState('ringing');
    await third.run('answer');
    await Promise.all([third.waitForState('active'), agent.waitForState('idle')]);
    const [received, sent] = await Promise.all([third.waitForAudio(), far.waitForAudio()]);
    console.log(`    after transfer: third softphone received ${received} packets, transferee ${sent}`);
  },
};

export const hangupEitherSide = {
  name: 'hangup: from the softphone, then from the far end',
  timeoutMs: 20_000,
  async run(lab) {
    const { agent, far } = await connectedPair(lab, '5035', '4935');
    await agent.run('hangup');
    await Promise.all([agent.waitForState('idle'), far.waitForState('idle')]);
    await far.waitForEvent('ended', { match: { originator: 'remote' } });

    const since = await agent.eventCount();
    await far.run('call', '5035', { extraHeaders: ['Call-Info: <sip:127.0.0.1>;answer-after=0'] });
    await Promise.all([agent.waitForState('active'), far.waitForState('active')]);
    await far.run('hangup');
    await agent.waitForState('idle');
    await agent.waitForEvent('ended', { since, match: { originator: 'remote' } });
  },
};

export const busyAgent = {
  name: 'busy agent: an auto-answer INVITE during a call rings instead of answering; Genesys CANCEL ends it',
  timeoutMs: 20_000,
  async run(lab) {
    const { agent, far } = await connectedPair(lab, '5036', '4936');
    const uuid = 'BUSY00000000001';
    const since = await agent.eventCount();
    const genesys = lab.sipp('genesys-call-abandoned.xml', '5036', {
      keys: { uuid, caller: '1003', hint: 'Call-Info: <sip:127.0.0.1>;answer-after=0' },
      durationMs: 800,
      timeoutMs: 15_000,
    });
    try {
      const decision = await agent.waitForEvent('decision', { since, match: { uuid } });
      assert.equal(decision.answer, false, 'an auto-answer request while another call is active must not answer');
      assert.equal(decision.reason, 'another-call-active', `refused for "${decision.reason}", expected another-call-active`);
      await genesys.done;
      await agent.waitForEvent('ended', { since });
    } finally {
      await genesys.stop();
    }
    assert.equal(await agent.state(), 'active', 'the first call should still be up');
    assert.equal(await far.state(), 'active');
  },
};
