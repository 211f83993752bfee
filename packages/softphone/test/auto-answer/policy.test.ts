import { expect } from 'chai';
import { AutoAnswerPolicy } from '../../src/auto-answer/policy.js';
import type { AutoAnswerInput } from '../../src/auto-answer/policy.js';
import type { AutoAnswerHookContext, AutoAnswerSignal } from '../../src/auto-answer/types.js';
import { SignalError } from '../../src/errors.js';

const call = { id: 'call-1', genesysCallUuid: 'UUID1', remoteUser: '1003', remoteDisplayName: undefined, getHeader: () => undefined };
const input = (signals: AutoAnswerSignal[], extra: Partial<AutoAnswerInput> = {}): AutoAnswerInput => ({ call, signals, anotherCallActive: false, ...extra });
const callInfo: AutoAnswerSignal = { kind: 'call-info', delayMs: 0, header: '<sip:h>;answer-after=0' };

describe('AutoAnswerPolicy', () => {
  it('answers on a header signal, saying which one', () => {
    const decision = new AutoAnswerPolicy().decide(input([callInfo]));
    expect(decision).to.include({ answer: true, delayMs: 0, reason: 'signal', callId: 'call-1', callUuid: 'UUID1' });
    expect(decision.signal).to.equal(callInfo);
    expect(decision.detail).to.match(/Call-Info/);
  });

  it('lets the call ring without a signal', () => {
    expect(new AutoAnswerPolicy().decide(input([]))).to.include({ answer: false, reason: 'no-signal' });
  });

  it('honours the requested delay, bounded by maxDelayMs', () => {
    const policy = new AutoAnswerPolicy({ maxDelayMs: 5000 });
    expect(policy.decide(input([{ ...callInfo, delayMs: 3000 }])).delayMs).to.equal(3000);
    expect(policy.decide(input([{ ...callInfo, delayMs: 60_000 }])).delayMs).to.equal(5000);
  });

  it('refuses while another call is active, unless allowed', () => {
    expect(new AutoAnswerPolicy().decide(input([callInfo], { anotherCallActive: true }))).to.include({ answer: false, reason: 'another-call-active' });
    expect(new AutoAnswerPolicy({ whileAnotherCallActive: true }).decide(input([callInfo], { anotherCallActive: true }))).to.include({ answer: true });
  });

  it('refuses everything when disabled', () => {
    expect(new AutoAnswerPolicy({ enabled: false }).decide(input([callInfo]))).to.include({ answer: false, reason: 'disabled' });
  });

  it('refuses a signal kind it does not honour', () => {
    const decision = new AutoAnswerPolicy({ honour: { callInfo: false } }).decide(input([callInfo]));
    expect(decision).to.include({ answer: false, reason: 'signal-not-honoured' });
    expect(decision.signal).to.equal(callInfo);
  });

  it('prefers a remote answer over header signals', () => {
    const remote: AutoAnswerSignal = { kind: 'remote-answer', callUuid: 'UUID1' };
    expect(new AutoAnswerPolicy().decide(input([{ ...callInfo, delayMs: 5000 }, remote])).signal).to.equal(remote);
  });

  it('answers every call in always mode, after its delay', () => {
    const decision = new AutoAnswerPolicy({ always: true, alwaysDelayMs: 1500 }).decide(input([]));
    expect(decision).to.include({ answer: true, reason: 'always', delayMs: 1500 });
  });

  it('respects Answer-Mode: Manual when nothing else asks', () => {
    const manual: AutoAnswerSignal = { kind: 'answer-mode', mode: 'manual', privileged: false, header: 'Manual' };
    expect(new AutoAnswerPolicy().decide(input([manual]))).to.include({ answer: false, reason: 'manual-answer-mode' });
  });

  it('reports a malformed header as the reason for not answering', () => {
    const problem = new SignalError('Call-Info', 'Call-Info answer-after is not a number');
    expect(new AutoAnswerPolicy().decide(input([], { problems: [problem] }))).to.include({ answer: false, reason: 'malformed-signal' });
  });

  describe('app hook', () => {
    it('can veto', () => {
      const policy = new AutoAnswerPolicy({ hook: () => 'refuse' });
      expect(policy.decide(input([callInfo]))).to.include({ answer: false, reason: 'vetoed-by-app' });
    });

    it('can force, with a delay', () => {
      const policy = new AutoAnswerPolicy({ hook: () => ({ answerAfterMs: 250 }) });
      expect(policy.decide(input([]))).to.include({ answer: true, reason: 'forced-by-app', delayMs: 250 });
    });

    it('sees the proposal and the call, and can leave it', () => {
      let seen: unknown;
      const policy = new AutoAnswerPolicy({
        hook: (context) => {
          seen = { reason: context.proposal.reason, user: context.call?.remoteUser };
        },
      });
      expect(policy.decide(input([callInfo]))).to.include({ answer: true, reason: 'signal' });
      expect(seen).to.deep.equal({ reason: 'signal', user: '1003' });
    });
  });

  describe('remote-answer requests that find no ringing call', () => {
    const cases = [
      { reason: 'uuid-missing', callUuid: undefined, detail: /without a usable X-Genesys-CallUUID/ },
      { reason: 'uuid-mismatch', callUuid: 'UUID9', detail: /UUID UUID9 matches no ringing call/ },
      { reason: 'not-ringing', callUuid: 'UUID1', callState: 'active', detail: /UUID UUID1 ignored: that call is active/ },
    ] as const;
    for (const { detail, ...unanswerable } of cases) {
      it(`refuses ${unanswerable.reason}, tells the hook, and keeps refusing whatever it says`, () => {
        const seen: AutoAnswerHookContext[] = [];
        const policy = new AutoAnswerPolicy({
          hook: (context) => {
            seen.push(context);
            return 'answer';
          },
        });
        const signals: AutoAnswerSignal[] = unanswerable.callUuid ? [{ kind: 'remote-answer', callUuid: unanswerable.callUuid }] : [];
        const target = unanswerable.reason === 'not-ringing' ? call : undefined;
        const decision = policy.decide({ call: target, signals, anotherCallActive: false, unanswerable });
        expect(decision).to.include({ answer: false, delayMs: 0, reason: unanswerable.reason, callUuid: unanswerable.callUuid, callId: target?.id });
        expect(decision.signal).to.equal(signals[0]);
        expect(decision.detail).to.match(detail);
        expect(seen).to.have.length(1);
        expect(seen[0]?.proposal).to.equal(decision);
        expect(seen[0]?.call).to.equal(target);
      });
    }

    it('refuses them even when auto-answer is off, saying why the request failed', () => {
      const decision = new AutoAnswerPolicy({ enabled: false }).decide({ call: undefined, signals: [], anotherCallActive: false, unanswerable: { reason: 'uuid-missing', callUuid: undefined } });
      expect(decision.reason).to.equal('uuid-missing');
    });
  });

  it('can be changed at run time', () => {
    const policy = new AutoAnswerPolicy();
    policy.update({ enabled: false });
    expect(policy.decide(input([callInfo])).answer).to.equal(false);
    policy.update({ enabled: true, honour: { alertInfo: false } });
    expect(policy.options.honour).to.deep.equal({ callInfo: true, alertInfo: false, answerMode: true, remoteAnswer: true });
    expect(policy.decide(input([callInfo])).answer).to.equal(true);
  });
});
