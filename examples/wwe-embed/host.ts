// The host side: three lines to connect, then buttons and a log. In WWE this would be WWE itself.
import { connectSoftphoneFrame, type BridgeEvents, type EventType } from '@wwe-webrtc/widget/host';

const frame = document.querySelector<HTMLIFrameElement>('#softphone')!;
const phone = connectSoftphoneFrame(frame, { origin: new URL(frame.src).origin });
phone.on('incoming', (call) => log(`← incoming ${call.remote}${call.genesysCallUuid ? ` (${call.genesysCallUuid})` : ''}`));

const log = (text: string, error = false) => {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  if (error) item.className = 'error';
  const list = document.querySelector('#log')!;
  list.append(item);
  list.scrollTop = list.scrollHeight;
};

const events: EventType[] = ['state', 'answered', 'ended', 'error'];
const describe: { [K in EventType]?: (payload: BridgeEvents[K]) => string } = {
  state: (s) => `state ${s.connection}, ${s.calls.length} call(s)${s.calls.map((c) => ` [${c.remote} ${c.state}]`).join('')}`,
  answered: (c) => `answered ${c.remote}`,
  ended: ({ call, reason }) => `ended ${call.remote}: ${reason}`,
  error: (e) => `error ${e.code}: ${e.message}`,
};
for (const type of events) {
  phone.on(type, (payload) => log(`← ${(describe[type] as (p: unknown) => string)(payload)}`, type === 'error'));
}

async function send(label: string, request: () => Promise<unknown>) {
  log(`→ ${label}`);
  try {
    const result = await request();
    log(`✓ ${label} ${summary(result)}`);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    log(`✗ ${label}: ${code ?? ''} ${message}`, true);
  }
}

const summary = (result: unknown) => {
  if (!result || typeof result !== 'object') return '';
  const value = result as Record<string, unknown>;
  if ('connection' in value) return `(${String(value['connection'])})`;
  if ('state' in value) return `(${String(value['remote'])} ${String(value['state'])})`;
  return JSON.stringify(value);
};

const commands: Record<string, () => Promise<unknown>> = {
  connect: () => phone.request('connect'),
  disconnect: () => phone.request('disconnect'),
  answer: () => phone.request('answer'),
  hangup: () => phone.request('hangup'),
  hold: () => phone.request('hold'),
  resume: () => phone.request('hold', { hold: false }),
  mute: () => phone.request('mute', { muted: true }),
  unmute: () => phone.request('mute', { muted: false }),
  getState: () => phone.request('getState'),
};
document.querySelectorAll<HTMLButtonElement>('[data-command]').forEach((button) => {
  const name = button.dataset['command']!;
  button.addEventListener('click', () => void send(name, commands[name]!));
});

document.querySelector<HTMLFormElement>('#dial-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const target = String(new FormData(event.currentTarget as HTMLFormElement).get('target'));
  void send(`dial ${target}`, () => phone.request('dial', { target }));
});
document.querySelector<HTMLFormElement>('#dtmf-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const tones = String(new FormData(event.currentTarget as HTMLFormElement).get('tones'));
  void send(`dtmf ${tones}`, () => phone.request('dtmf', { tones }));
});
const autoAnswer = document.querySelector<HTMLInputElement>('#auto-answer')!;
autoAnswer.addEventListener('change', () => {
  void send(`setAutoAnswer ${autoAnswer.checked}`, () => phone.request('setAutoAnswer', { enabled: autoAnswer.checked }));
});
void phone.ready.then((state) => {
  autoAnswer.checked = state.autoAnswer;
  log(`bridge ready: ${state.connection}`);
});

// The simulated Genesys lives in the softphone frame's page (same origin in this demo); a real WWE has
// its own Genesys behind it and needs none of this.
document.querySelectorAll<HTMLButtonElement>('[data-lab]').forEach((button) => {
  button.addEventListener('click', () => {
    const lab = (frame.contentWindow as (Window & { wweLab?: { run(action: string): Promise<void> } }) | null)?.wweLab;
    if (!lab) return log('the softphone frame runs against a real server: no lab to drive', true);
    void lab.run(button.dataset['lab']!).catch((error: Error) => log(`lab: ${error.message}`, true));
  });
});
