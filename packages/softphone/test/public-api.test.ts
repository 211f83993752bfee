// Compiles the public API as an application would use it (the typecheck suite checks this file),
// and checks the runtime exports.
import { expect } from 'chai';
import * as api from '../src/index.js';
import type {
  AutoAnswerDecision,
  AutoAnswerOptions,
  Call,
  CallQualitySample,
  PreflightReport,
  QualityWarningName,
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
  phone.on('callQuality', ({ call, sample }: { call: Call; sample: CallQualitySample }) => void [call.qualitySummary.mos?.avg, sample.mos, sample.inbound.packetLoss]);
  phone.on('qualityWarning', ({ warning }) => {
    const name: QualityWarningName = warning.name;
    void [name, warning.state === 'raised' || warning.state === 'cleared'];
  });
  phone.on('error', ({ error }) => {
    const code: SoftphoneErrorCode = error.code;
    void code;
  });
  // @ts-expect-error -- not an event
  phone.on('ringing', () => {});
}

// Compiled, never run: it would open the microphone and connect.
async function preflight(phone: api.Softphone): Promise<string[]> {
  const report: PreflightReport = await phone.preflight({ echoTarget: '*43', onProgress: (progress) => void progress.status });
  return report.checks.map((check) => `${check.name} ${check.status}: ${check.message}`);
}
void preflight;

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
    expect(api.DEFAULT_QUALITY_OPTIONS.sampleIntervalMs).to.equal(1000);
    expect(api.PREFLIGHT_CHECKS).to.deep.equal(['microphone', 'connection', 'ice', 'turn', 'echo-call']);
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
