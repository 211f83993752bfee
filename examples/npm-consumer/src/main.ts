// Uses only the packages' public entry points, as an app installed from npm would.
import { Softphone, SoftphoneError, type Call, type SoftphoneOptions } from '@wwe-webrtc/softphone';
import { defineSoftphoneElement, type CallSummary, type WweSoftphone } from '@wwe-webrtc/widget';
import { connectSoftphoneFrame, type SoftphoneFrame } from '@wwe-webrtc/widget/host';

defineSoftphoneElement();

// 1. The element, configured by properties; its DOM events are typed.
const phone: WweSoftphone = document.querySelector('wwe-softphone')!;
phone.server = 'wss://pbx.example.com:8089/ws';
phone.dn = '5001';
phone.autoAnswer = true;
phone.softphoneOptions = { iceGatheringTimeoutMs: 300 } satisfies Partial<SoftphoneOptions>;

const list = document.querySelector('#events')!;
const note = (text: string) => list.append(Object.assign(document.createElement('li'), { textContent: text }));
phone.addEventListener('wwe-incoming', (event) => note(`ringing: ${event.detail.remote} ${event.detail.genesysCallUuid ?? ''}`));
phone.addEventListener('wwe-ended', (event) => note(`ended: ${event.detail.call.remote} (${event.detail.reason})`));
phone.addEventListener('wwe-error', (event) => note(`error ${event.detail.code}: ${event.detail.message}`));
phone.addEventListener('wwe-auto-answer', (event) => note(`auto-answer: ${event.detail.answer ? 'yes' : 'no'}, ${event.detail.reason}`));

// 2. The library without the element, for an app with its own UI.
export function headless(password: string): Softphone {
  const softphone = new Softphone({ server: 'wss://pbx.example.com:8089/ws', dn: '5002', password, autoAnswer: { enabled: true } });
  softphone.on('incomingCall', ({ call }: { call: Call }) => note(`headless ringing: ${call.remoteIdentity.user}`));
  softphone.on('registrationStateChanged', ({ state }) => note(`headless: ${state}`));
  softphone.connect().catch((error: unknown) => {
    if (error instanceof SoftphoneError) note(`headless failed: ${error.code}`);
  });
  return softphone;
}

// 3. A host page driving a softphone in an iframe.
export function drive(frame: HTMLIFrameElement): SoftphoneFrame {
  const framed = connectSoftphoneFrame(frame, { origin: 'https://softphone.example.com' });
  framed.on('incoming', (call: CallSummary) => void framed.request('answer', { callId: call.id }));
  return framed;
}
