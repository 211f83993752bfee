// Compiles the public API as an application would use it (the typecheck suite checks this file),
// and checks the runtime exports.
import { expect } from 'chai';
import * as api from '../src/index.js';
import type {
  AutoAnswerDecision,
  AutoAnswerOptions,
  Call,
  CallEndReason,
  CallState,
  RegistrationState,
  SoftphoneErrorCode,
  SoftphoneEvents,
  SoftphoneOptions,
} from '../src/index.js';

// Typed events: a wrong event name or payload field would not compile.
function wire(phone: api.Softphone): void {
  phone.on('registrationStateChanged', ({ state }: { state: RegistrationState }) => void state);
  phone.on('callStateChanged', ({ call, state }: { call: Call; state: CallState }) => void [call.id, state]);
  phone.on('callEnded', ({ reason }: { reason: CallEndReason }) => void reason);
  phone.on('autoAnswerDecision', (decision: AutoAnswerDecision) => void decision.reason);
  phone.on('error', ({ error }) => {
    const code: SoftphoneErrorCode = error.code;
    void code;
  });
  // @ts-expect-error -- not an event
  phone.on('ringing', () => {});
}

const options: SoftphoneOptions = {
  server: 'wss://pbx.example.com:8089/ws',
  dn: '5001',
  password: 'from-the-backend',
  autoAnswer: { honour: { alertInfo: false }, hook: () => undefined } satisfies AutoAnswerOptions,
};
type Payload = SoftphoneEvents['incomingCall'];

describe('public API', () => {
  it('exports the facade, errors, policy and defaults', () => {
    expect(api.Softphone).to.be.a('function');
    expect(api.Call).to.be.a('function');
    expect(api.AutoAnswerPolicy).to.be.a('function');
    for (const error of [api.SoftphoneError, api.ConfigurationError, api.MediaError, api.RegistrationError, api.CallError, api.SignalError]) {
      expect(error).to.be.a('function');
    }
    expect(api.DEFAULTS.iceGatheringTimeoutMs).to.equal(500);
    expect(api.DEFAULT_AUTO_ANSWER.whileAnotherCallActive).to.equal(false);
    expect(api.DEFAULT_RECONNECT.initialDelayMs).to.equal(1000);
  });

  it('constructs without touching the network or the microphone', () => {
    const phone = new api.Softphone(options);
    wire(phone);
    expect(phone.registrationState).to.equal('disconnected');
    expect(phone.microphoneState).to.equal('idle');
    expect(phone.calls).to.deep.equal([]);
    const payload: Payload | undefined = undefined;
    expect(payload).to.equal(undefined);
  });
});
