// An application written against the published packages only, as a new user writes it. Compiled with
// `strict` and without `skipLibCheck`, so every declaration the packages ship is checked too.
import {
  CallError,
  Softphone,
  type AutoAnswerDecision,
  type AutoAnswerHookContext,
  type Call,
  type CallEndReason,
  type RegistrationState,
  type SoftphoneErrorCode,
} from '@wwe-webrtc/softphone';
import { defineSoftphoneElement, type CallSummary, type SoftphoneSnapshot, type WweSoftphone } from '@wwe-webrtc/widget';
import { connectSoftphoneFrame, type SoftphoneFrame } from '@wwe-webrtc/widget/host';

export function startPhone(password: string): Softphone {
  const phone = new Softphone({
    server: 'wss://pbx.example.com:8089/ws',
    dn: '5001',
    password,
    autoAnswer: {
      hook: ({ proposal, call }: AutoAnswerHookContext) => (call?.remoteUser === '666' ? 'refuse' : proposal.answer ? undefined : undefined),
    },
  });
  phone.on('registrationStateChanged', ({ state }: { state: RegistrationState }) => console.log(state));
  phone.on('incomingCall', ({ call }: { call: Call }) => console.log(call.genesysCallUuid, call.getHeader('Call-Info')));
  phone.on('autoAnswerDecision', (decision: AutoAnswerDecision) => console.log(decision.reason, decision.detail));
  phone.on('callEnded', ({ call, reason }: { call: Call; reason: CallEndReason }) => {
    console.log(call.id, reason, phone.autoAnswerDecisionFor(call)?.answer);
  });
  phone.on('error', ({ error }) => {
    const code: SoftphoneErrorCode = error.code;
    console.log(code, error instanceof CallError);
  });
  return phone;
}

export async function answerFirst(phone: Softphone): Promise<void> {
  const call = phone.calls[0];
  if (call?.state === 'ringing') await call.answer();
  await call?.transfer('5002');
}

export function mountWidget(host: HTMLElement): WweSoftphone {
  defineSoftphoneElement();
  const element = document.createElement('wwe-softphone');
  element.server = 'wss://pbx.example.com:8089/ws';
  element.dn = '5001';
  element.addEventListener('wwe-incoming', (event) => console.log(event.detail.remote));
  element.addEventListener('wwe-ended', (event) => console.log(event.detail.reason satisfies CallEndReason));
  host.append(element);
  return element;
}

export function driveFrame(frame: HTMLIFrameElement): SoftphoneFrame {
  const phone = connectSoftphoneFrame(frame, { origin: 'https://softphone.example.com' });
  phone.on('incoming', (call: CallSummary) => console.log(call.remote));
  phone.on('state', (state: SoftphoneSnapshot) => console.log(state.connection));
  void phone.request('answer', {});
  return phone;
}
