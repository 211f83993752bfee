// CallRecovery's decisions, driven by hand: when it renegotiates, when it calls the call recovered, when
// it gives up. The real network faults (a reset WebSocket, a blackholed media path) are in the
// real-Asterisk suite; the softphone wiring is in recovery.test.ts.
import { expect } from 'chai';
import { CallRecovery } from '../../src/calls/call-recovery.js';
import type { CallRecoveryDelegate, CallRecoveryOptions, ReconnectCause } from '../../src/calls/call-recovery.js';
import { sleep } from '../support/lab-phone.js';

class FakeCall implements CallRecoveryDelegate {
  signalling = true;
  media = true;
  restarts = 0;
  /** How each restart ends: resolve, reject, or stay pending until `answer()`. */
  outcome: 'ok' | 'fail' | 'pending' = 'ok';
  stalls = 0;
  events: string[] = [];
  gaveUp = false;
  #pending: (() => void) | undefined;

  signallingUp(): boolean {
    return this.signalling;
  }
  mediaConnected(): boolean {
    return this.media;
  }
  restartIce(): Promise<void> {
    this.restarts += 1;
    if (this.outcome === 'fail') return Promise.reject(new Error('488'));
    if (this.outcome === 'pending') return new Promise((resolve) => (this.#pending = resolve));
    return Promise.resolve();
  }
  answer(): void {
    this.#pending?.();
  }
  signallingStalled(): void {
    this.stalls += 1;
  }
  reconnecting(cause: ReconnectCause): void {
    this.events.push(`reconnecting:${cause}`);
  }
  reconnected(durationMs: number): void {
    this.events.push('reconnected');
    expect(durationMs).to.be.a('number').and.at.least(0);
  }
  giveUp(): void {
    this.gaveUp = true;
  }
}

const options = (overrides: CallRecoveryOptions = {}): Required<CallRecoveryOptions> => ({
  enabled: true,
  timeoutMs: 2000,
  retryIntervalMs: 100,
  answerTimeoutMs: 300,
  ...overrides,
});

describe('CallRecovery', () => {
  let recovery: CallRecovery | undefined;
  afterEach(() => recovery?.stop());

  it('on ICE disconnected: reconnecting, an ICE restart at once, reconnected when ICE is connected again', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options(), call);
    call.media = false;
    recovery.mediaChanged('disconnected');
    expect(call.events).to.deep.equal(['reconnecting:media']);
    await sleep(0);
    expect(call.restarts).to.equal(1);
    expect(recovery.reconnecting).to.equal(true);
    call.media = true;
    recovery.mediaChanged('connected');
    expect(call.events).to.deep.equal(['reconnecting:media', 'reconnected']);
    expect(recovery.reconnecting).to.equal(false);
  });

  it('keeps restarting every retry interval while the media stays down', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options({ retryIntervalMs: 100 }), call);
    call.media = false;
    recovery.mediaChanged('failed');
    await sleep(420);
    expect(call.restarts).to.be.within(3, 6);
    call.media = true;
    recovery.mediaChanged('completed');
    const restarts = call.restarts;
    await sleep(250);
    expect(call.restarts).to.equal(restarts, 'no restart after recovering');
  });

  it('after a lost WebSocket waits for the signalling, renegotiates once it is back, and only then is reconnected', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options(), call);
    call.signalling = false;
    recovery.signallingLost();
    expect(call.events).to.deep.equal(['reconnecting:signalling']);
    await sleep(250);
    expect(call.restarts).to.equal(0, 'no re-INVITE while the WebSocket is down');
    // ICE never noticed anything, but Asterisk's dialog still names the dead WebSocket.
    recovery.mediaChanged('connected');
    expect(call.events).to.deep.equal(['reconnecting:signalling']);
    call.signalling = true;
    recovery.signallingRestored();
    await sleep(0);
    expect(call.restarts).to.equal(1);
    expect(call.events).to.deep.equal(['reconnecting:signalling', 'reconnected']);
  });

  it('a failed re-INVITE is tried again; the call is not reconnected until one is answered', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options({ retryIntervalMs: 80 }), call);
    call.outcome = 'fail';
    recovery.signallingLost();
    recovery.signallingRestored();
    await sleep(200);
    expect(call.restarts).to.be.at.least(2);
    expect(call.events).to.deep.equal(['reconnecting:signalling']);
    call.outcome = 'ok';
    await sleep(150);
    expect(call.events).to.deep.equal(['reconnecting:signalling', 'reconnected']);
  });

  it('a re-INVITE left unanswered reports the WebSocket as stalled', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options({ answerTimeoutMs: 100 }), call);
    call.outcome = 'pending';
    call.media = false;
    recovery.mediaChanged('disconnected');
    await sleep(200);
    expect(call.stalls).to.equal(1);
    expect(call.restarts).to.equal(1, 'one restart at a time');
    call.media = true;
    call.answer();
    await sleep(0);
    expect(call.events).to.deep.equal(['reconnecting:media', 'reconnected']);
  });

  it('gives up after timeoutMs', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options({ timeoutMs: 200, retryIntervalMs: 50 }), call);
    call.media = false;
    call.outcome = 'fail';
    recovery.mediaChanged('disconnected');
    await sleep(300);
    expect(call.gaveUp).to.equal(true);
    const restarts = call.restarts;
    await sleep(150);
    expect(call.restarts).to.equal(restarts, 'nothing after giving up');
    expect(call.events).to.deep.equal(['reconnecting:media']);
  });

  it('does nothing when disabled, or once stopped', async () => {
    const call = new FakeCall();
    recovery = new CallRecovery(options({ enabled: false }), call);
    recovery.mediaChanged('failed');
    recovery.signallingLost();
    await sleep(50);
    expect(call.events).to.deep.equal([]);
    const other = new FakeCall();
    const stopped = new CallRecovery(options(), other);
    stopped.stop();
    stopped.mediaChanged('failed');
    await sleep(50);
    expect(other.restarts).to.equal(0);
  });
});
