import { expect } from 'chai';
import type { LabCall, SipLab } from '@wwe-webrtc/lab';
import type { AutoAnswerDecision, Call, Softphone, SoftphoneOptions } from '../../src/index.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

describe('auto-answer', () => {
  let lab: SipLab;
  let phone: Softphone;
  let decisions: AutoAnswerDecision[];

  async function start(options: Partial<SoftphoneOptions> = {}): Promise<void> {
    phone = newPhone(lab, options);
    decisions = [];
    phone.on('autoAnswerDecision', (decision) => decisions.push(decision));
    await phone.connect();
  }

  async function incoming(options: Parameters<SipLab['call']>[1] = {}): Promise<{ call: Call; labCall: LabCall }> {
    const arrived = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', options);
    const { call } = await arrived;
    return { call, labCall };
  }

  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await phone.disconnect();
    lab.close();
  });

  describe('header signals', () => {
    const signals = [
      { name: 'Call-Info answer-after=0', autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 }, kind: 'call-info' },
      { name: 'Alert-Info info=alert-autoanswer', autoAnswer: { signal: 'alert-info' }, kind: 'alert-info' },
      { name: 'Answer-Mode: Auto', autoAnswer: { signal: 'answer-mode' }, kind: 'answer-mode' },
    ] as const;
    for (const { name, autoAnswer, kind } of signals) {
      it(`answers on ${name} and says so`, async () => {
        await start();
        const { call, labCall } = await incoming({ autoAnswer });
        await labCall.waitFor('answered');
        expect(call.state).to.be.oneOf(['answering', 'active']);
        expect(decisions).to.have.length(1);
        expect(decisions[0]).to.include({ answer: true, reason: 'signal', callId: call.id, callUuid: labCall.genesysCallUuid });
        expect(decisions[0]?.signal?.kind).to.equal(kind);
      });
    }

    it('waits answer-after seconds before answering', async () => {
      await start();
      const { call, labCall } = await incoming({ autoAnswer: { signal: 'call-info', answerAfterSeconds: 1 } });
      expect(decisions[0]).to.include({ answer: true, delayMs: 1000 });
      await sleep(600);
      expect(call.state).to.equal('ringing');
      await labCall.waitFor('answered', 3000);
    });

    it('lets a call without a signal ring', async () => {
      await start();
      const { call, labCall } = await incoming();
      await labCall.waitFor('ringing');
      await sleep(200);
      expect(call.state).to.equal('ringing');
      expect(decisions[0]).to.include({ answer: false, reason: 'no-signal' });
    });

    it('answers every call in always mode', async () => {
      await start({ autoAnswer: { always: true } });
      const { labCall } = await incoming();
      await labCall.waitFor('answered');
      expect(decisions[0]).to.include({ answer: true, reason: 'always' });
    });

    it('lets the app hook veto', async () => {
      await start({ autoAnswer: { hook: ({ call }) => (call?.remoteUser === '666' ? 'refuse' : undefined) } });
      const { call, labCall } = await incoming({ from: '666', autoAnswer: { signal: 'answer-mode' } });
      await labCall.waitFor('ringing');
      await sleep(200);
      expect(call.state).to.equal('ringing');
      expect(decisions[0]).to.include({ answer: false, reason: 'vetoed-by-app' });
    });

    it('can be switched off at run time', async () => {
      await start();
      phone.setAutoAnswer({ enabled: false });
      const { call, labCall } = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await labCall.waitFor('ringing');
      expect(call.state).to.equal('ringing');
      expect(decisions[0]).to.include({ answer: false, reason: 'disabled' });
    });
  });

  describe('remote answer (NOTIFY Event: talk relayed by the gateway)', () => {
    it('answers the ringing call whose X-Genesys-CallUUID matches', async () => {
      await start();
      const { call, labCall } = await incoming();
      await labCall.waitFor('ringing');
      const status = await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      expect(status).to.equal(200);
      await labCall.waitFor('answered');
      expect(decisions.at(-1)).to.include({ answer: true, reason: 'signal', callId: call.id });
      expect(decisions.at(-1)?.signal).to.deep.equal({ kind: 'remote-answer', callUuid: labCall.genesysCallUuid });
    });

    it('answers a delayed-offer 3pcc call (Genesys flow B)', async () => {
      await start();
      const { labCall } = await incoming({ offer: false });
      await labCall.waitFor('ringing');
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      await labCall.waitFor('answered');
    });

    it('never answers a call whose UUID does not match', async () => {
      await start();
      const { call, labCall } = await incoming();
      await labCall.waitFor('ringing');
      const refused = nextEvent(phone, 'autoAnswerDecision', (d) => d.reason === 'uuid-mismatch');
      expect(await lab.notify('5001', { event: 'talk', callUuid: 'SOMEOTHERCALLUUID000000000000001' })).to.equal(200);
      expect(await refused).to.include({ answer: false, callId: undefined, callUuid: 'SOMEOTHERCALLUUID000000000000001' });
      await sleep(300);
      expect(call.state).to.equal('ringing');
      expect(labCall.state).to.equal('ringing');
    });

    it('answers once when the NOTIFY repeats (a retransmission finds the call no longer ringing)', async () => {
      await start();
      const { labCall } = await incoming();
      await labCall.waitFor('ringing');
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      await labCall.waitFor('answered');
      expect(decisions.map((d) => d.reason)).to.deep.equal(['no-signal', 'signal', 'not-ringing']);
      const oks = lab.frames.filter((f) => f.direction === 'from-phone' && f.startLine === 'SIP/2.0 200 OK' && / INVITE$/.test(f.message?.headers.get('CSeq') ?? ''));
      expect(oks).to.have.length(1);
    });

    it('refuses a NOTIFY without a usable UUID', async () => {
      await start();
      const { call, labCall } = await incoming();
      await labCall.waitFor('ringing');
      const refused = nextEvent(phone, 'autoAnswerDecision', (d) => d.reason === 'uuid-missing');
      await lab.notify('5001', { event: 'talk', callUuid: null });
      await refused;
      await lab.notify('5001', { event: 'talk', extraHeaders: [['X-Genesys-CallUUID', `${labCall.genesysCallUuid} <script>`]] });
      await sleep(200);
      expect(call.state).to.equal('ringing');
    });

    it('lets the app hook see every remote-answer request, also those that find no ringing call', async () => {
      const seen: Array<{ reason: string; callId: string | undefined }> = [];
      // The hook would force an answer for every remote-answer request: it must not answer what does not ring.
      const unanswerable = ['uuid-missing', 'uuid-mismatch', 'not-ringing'];
      await start({
        autoAnswer: {
          hook: ({ proposal, call }) => {
            seen.push({ reason: proposal.reason, callId: call?.id });
            return unanswerable.includes(proposal.reason) ? 'answer' : undefined;
          },
        },
      });
      const { call, labCall } = await incoming();
      await labCall.waitFor('ringing');
      await lab.notify('5001', { event: 'talk', callUuid: null });
      await lab.notify('5001', { event: 'talk', callUuid: 'SOMEOTHERCALLUUID000000000000001' });
      await sleep(100);
      expect(call.state).to.equal('ringing');
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      await labCall.waitFor('answered');
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      expect(seen).to.deep.equal([
        { reason: 'no-signal', callId: call.id },
        { reason: 'uuid-missing', callId: undefined },
        { reason: 'uuid-mismatch', callId: undefined },
        { reason: 'signal', callId: call.id },
        { reason: 'not-ringing', callId: call.id },
      ]);
      expect(decisions.map((d) => [d.reason, d.answer])).to.deep.equal([
        ['no-signal', false],
        ['uuid-missing', false],
        ['uuid-mismatch', false],
        ['signal', true],
        ['not-ringing', false],
      ]);
    });

    it('keeps the decision for the call on the softphone, not on the call', async () => {
      await start();
      const { call, labCall } = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await labCall.waitFor('answered');
      expect(phone.autoAnswerDecisionFor(call)).to.equal(decisions[0]);
      expect(phone.autoAnswerDecisionFor(call)).to.include({ answer: true, reason: 'signal', callId: call.id });
      expect('autoAnswerDecision' in call).to.equal(false);
    });

    it('applies a remote answer that overtook its INVITE', async () => {
      await start();
      const uuid = 'EARLYNOTIFY000000000000000000001';
      await lab.notify('5001', { event: 'talk', callUuid: uuid });
      const { labCall } = await incoming({ genesysCallUuid: uuid });
      await labCall.waitFor('answered');
      expect(decisions.at(-1)?.signal?.kind).to.equal('remote-answer');
    });

    it('holds and retrieves on Event: hold / Event: talk for an active call', async () => {
      await start();
      const { call, labCall } = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await labCall.waitFor('answered');
      if (call.state !== 'active') await nextEvent(call, 'stateChanged', (e) => e.state === 'active');
      const held = nextEvent(call, 'stateChanged', (e) => e.state === 'held');
      await lab.notify('5001', { event: 'hold', callUuid: labCall.genesysCallUuid });
      await held;
      const resumed = nextEvent(call, 'stateChanged', (e) => e.state === 'active');
      await lab.notify('5001', { event: 'talk', callUuid: labCall.genesysCallUuid });
      await resumed;
    });
  });

  describe('another call active', () => {
    it('does not auto-answer a second call, by header or by NOTIFY', async () => {
      await start();
      const first = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await first.labCall.waitFor('answered');
      const second = await incoming({ autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
      await second.labCall.waitFor('ringing');
      expect(decisions.at(-1)).to.include({ answer: false, reason: 'another-call-active', callId: second.call.id });
      await lab.notify('5001', { event: 'talk', callUuid: second.labCall.genesysCallUuid });
      await sleep(300);
      expect(second.call.state).to.equal('ringing');
      expect(decisions.at(-1)).to.include({ answer: false, reason: 'another-call-active' });
    });

    it('does when the policy allows it', async () => {
      await start({ autoAnswer: { whileAnotherCallActive: true } });
      const first = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await first.labCall.waitFor('answered');
      const second = await incoming({ autoAnswer: { signal: 'answer-mode' } });
      await second.labCall.waitFor('answered');
    });
  });

  describe('hostile input', () => {
    it('refuses answer-after garbage with a malformed-signal decision and keeps ringing', async () => {
      await start();
      const { call, labCall } = await incoming({ extraHeaders: [['Call-Info', '<sip:h>;answer-after=NaN']] });
      await labCall.waitFor('ringing');
      expect(decisions[0]).to.include({ answer: false, reason: 'malformed-signal' });
      expect(call.state).to.equal('ringing');
    });

    it('survives huge header values', async () => {
      await start();
      const huge = 'A'.repeat(64 * 1024);
      const { call, labCall } = await incoming({
        genesysCallUuid: huge,
        extraHeaders: [['Alert-Info', `<sip:${huge}>;info=alert-autoanswer`], ['X-Other', huge]],
      });
      await labCall.waitFor('ringing');
      expect(call.genesysCallUuid).to.equal(undefined);
      expect(decisions[0]).to.include({ answer: false, reason: 'malformed-signal' });
    });

    it('survives malformed headers and still works afterwards', async () => {
      await start();
      const errors: unknown[] = [];
      const onError = (event: ErrorEvent): void => {
        errors.push(event.error);
      };
      window.addEventListener('error', onError);
      try {
        const bad = lab.call('5001', { extraHeaders: [['Call-Info', '<<<;;;==,,,"'], ['Answer-Mode', ';;;'], ['Alert-Info', '\u00ff\u00fe<']] });
        await bad.waitFor('ringing').catch(() => undefined);
        const good = await incoming({ autoAnswer: { signal: 'answer-mode' } });
        await good.labCall.waitFor('answered');
        expect(errors).to.deep.equal([]);
      } finally {
        window.removeEventListener('error', onError);
      }
    });
  });
});
