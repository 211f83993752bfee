// Proves the lab itself with plain JsSIP, so a failure here points at the infrastructure (Kamailio,
// namespace, Chromium flags, sipp) rather than at the softphone.
export const peerCheck = {
  name: 'lab: plain JsSIP registers, calls with audio both ways, receives a sipp NOTIFY',
  timeoutMs: 20_000,
  async run(lab) {
    const [callee, caller] = await Promise.all([lab.agent('jssip', '4901'), lab.agent('jssip', '4902')]);
    await caller.run('call', '4901', { extraHeaders: ['Call-Info: <sip:127.0.0.1>;answer-after=0'] });
    await callee.waitForEvent('decision', { match: { answer: true } });
    await Promise.all([callee.waitForState('active'), caller.waitForState('active')]);
    await Promise.all([callee.waitForAudio(), caller.waitForAudio()]);
    await caller.run('hangup');
    await callee.waitForState('idle');

    const since = await callee.eventCount();
    await lab.sipp('genesys-notify-talk.xml', '4901', { keys: { uuid: 'LABCHECK0001' } }).done;
    await callee.waitForEvent('decision', { since, match: { uuid: 'LABCHECK0001', answer: false } });
  },
};
