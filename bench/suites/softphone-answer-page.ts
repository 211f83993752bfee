// Page side of bench/suites/softphone-answer.mjs (bundled with esbuild, run in Chromium).
// Measures, on the softphone's own socket, the time from the frame that asks for an answer (the INVITE
// with Call-Info answer-after=0, or the NOTIFY Event: talk) reaching it to the INVITE's 200 OK leaving it.
import JsSIP from 'jssip';
import { SipLab } from '@wwe-webrtc/lab';
import type { LabCall, SipFrame } from '@wwe-webrtc/lab';
import { Softphone } from '@wwe-webrtc/softphone';

type Trigger = 'invite' | 'notify';
const PASSWORD = 'bench-password';
const accounts = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(7000 + i), PASSWORD]));
const lab = new SipLab({ accounts, outgoing: { answerAfterMs: 0 } });
let nextDn = 7000;

/** Milliseconds from the trigger frame reaching the softphone to its 200 OK for the INVITE leaving. */
function latency(call: LabCall, trigger: Trigger, fromIndex: number): number {
  const frames = lab.frames.slice(fromIndex).filter((f: SipFrame) => f.message?.headers.get('Call-ID') === call.callId || f.startLine.startsWith('NOTIFY'));
  const start = frames.find((f) => f.direction === 'to-phone' && f.startLine.startsWith(trigger === 'invite' ? 'INVITE' : 'NOTIFY'));
  const ok = frames.find(
    (f) => f.direction === 'from-phone' && f.startLine.startsWith('SIP/2.0 200') && f.message?.headers.get('Call-ID') === call.callId && /INVITE/.test(f.message.headers.get('CSeq') ?? ''),
  );
  if (!start || !ok) throw new Error('trigger or 200 OK frame missing');
  return Math.round((ok.at - start.at) * 10) / 10;
}

async function oneCall(dn: string, trigger: Trigger): Promise<number> {
  const fromIndex = lab.frames.length;
  const call = lab.call(dn, trigger === 'invite' ? { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } } : {});
  if (trigger === 'notify') {
    await call.waitFor('ringing', 10_000);
    await lab.notify(dn, { event: 'talk', callUuid: call.genesysCallUuid });
  }
  await call.waitFor('answered', 90_000);
  const ms = latency(call, trigger, fromIndex);
  await call.bye();
  return ms;
}

/** Our softphone, configured as an agent desktop would (defaults, mic pre-acquired on connect). */
async function softphoneAgent(iceServers: RTCIceServer[]): Promise<string> {
  const dn = String(nextDn++);
  const phone = new Softphone({ server: lab.url, dn, password: PASSWORD, webSocketFactory: lab.webSocketFactory, iceServers });
  await phone.connect();
  return dn;
}

/** Plain JsSIP with the same pre-acquired microphone and ICE servers; answers on the same signals. */
async function jssipAgent(iceServers: RTCIceServer[]): Promise<string> {
  const dn = String(nextDn++);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const socket = new LabSocket(lab.url);
  const ua = new JsSIP.UA({ sockets: [socket as never], uri: `sip:${dn}@${lab.host}`, password: PASSWORD, register: true });
  const ringing = new Map<string, { answer: (options: object) => void }>();
  const answer = (session: { answer: (options: object) => void }) => session.answer({ mediaStream: stream, pcConfig: { iceServers } });
  ua.on('newRTCSession', ((event: { originator: string; session: { answer: (o: object) => void }; request: { getHeader(n: string): string } }) => {
    if (event.originator !== 'remote') return;
    if (/answer-after=0/.test(event.request.getHeader('Call-Info') ?? '')) answer(event.session);
    else ringing.set(event.request.getHeader('X-Genesys-CallUUID'), event.session);
  }) as never);
  ua.on('sipEvent', ((event: { request: { getHeader(n: string): string } }) => {
    const session = ringing.get(event.request.getHeader('X-Genesys-CallUUID'));
    if (event.request.getHeader('Event') === 'talk' && session) answer(session);
  }) as never);
  const registered = new Promise((resolve) => ua.on('registered', resolve));
  ua.start();
  await registered;
  return dn;
}

/** The minimal JsSIP Socket over the lab's WebSocket factory (what WebSocketInterface does). */
class LabSocket {
  readonly url: string;
  readonly sip_uri: string;
  readonly via_transport = 'WSS';
  onconnect = (): void => {};
  ondisconnect = (_error: boolean): void => {};
  ondata = (_data: string): void => {};
  #ws: WebSocket | undefined;
  constructor(url: string) {
    this.url = url;
    this.sip_uri = `sip:${new URL(url).hostname};transport=ws`;
  }
  connect(): void {
    const ws = lab.webSocketFactory(this.url, 'sip');
    ws.onopen = () => this.onconnect();
    ws.onclose = () => this.ondisconnect(true);
    ws.onmessage = (event) => this.ondata(String(event.data));
    this.#ws = ws;
  }
  disconnect(): void {
    this.#ws?.close();
  }
  send(data: string): boolean {
    this.#ws?.send(data);
    return true;
  }
  isConnected(): boolean {
    return this.#ws?.readyState === 1;
  }
  isConnecting(): boolean {
    return this.#ws?.readyState === 0;
  }
}

export interface RunRequest {
  subject: 'softphone' | 'jssip';
  trigger: Trigger;
  iceServers: RTCIceServer[];
  samples: number;
  /** Run every sample at once, each on its own agent (for the slow baseline). */
  parallel: boolean;
}

async function run(request: RunRequest): Promise<number[]> {
  const agent = request.subject === 'softphone' ? softphoneAgent : jssipAgent;
  if (request.parallel) {
    const dns = await Promise.all(Array.from({ length: request.samples }, () => agent(request.iceServers)));
    return Promise.all(dns.map((dn) => oneCall(dn, request.trigger)));
  }
  const dn = await agent(request.iceServers);
  await oneCall(dn, request.trigger); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < request.samples; i += 1) samples.push(await oneCall(dn, request.trigger));
  return samples;
}

(window as unknown as { benchRun: typeof run }).benchRun = run;
