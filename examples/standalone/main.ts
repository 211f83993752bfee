// The standalone softphone page. With no server configured it runs in lab mode: a simulated Asterisk +
// Genesys in the page, so the softphone can be tried end to end on any machine.
import '@wwe-webrtc/widget';
import type { WweSoftphone } from '@wwe-webrtc/widget';
import { LAB_ACTIONS, LabMode, type LabAction } from './lab-mode.js';

const phone = document.querySelector<WweSoftphone>('#phone')!;
const modeLine = document.querySelector<HTMLElement>('#mode-line')!;
const params = new URLSearchParams(location.search);
const remembered = Boolean(localStorage.getItem('wwe-softphone'));
const mode = params.get('mode') ?? (params.has('server') || remembered ? 'server' : 'lab');

if (mode === 'lab') startLab();
else startServerMode();

function startServerMode(): void {
  if (params.get('server')) phone.server = params.get('server')!;
  if (params.get('dn')) phone.dn = params.get('dn')!;
  // The gateway's presence view (Genesys registration state): its URL in the query, its read-only
  // presence token in the fragment, which browsers never send to a server. The page takes the token and
  // drops it from the address bar and history.
  if (params.get('gateway')) phone.gatewayUrl = params.get('gateway')!;
  const presenceToken = new URLSearchParams(location.hash.slice(1)).get('presence-token');
  if (presenceToken) {
    phone.gatewayToken = presenceToken;
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  modeLine.innerHTML = 'Connect to your Asterisk. No server at hand? <a href="?mode=lab">Try the lab</a>.';
}

function startLab(): void {
  const lab = new LabMode();
  lab.configure(phone);
  phone.autoAnswer = true;
  modeLine.innerHTML =
    '<strong>Lab mode</strong>: the server is simulated in this page, nothing leaves your browser. ' +
    '<a href="?mode=server">Use a real server</a>.';

  const panel = document.querySelector<HTMLElement>('#lab-panel')!;
  const trace = document.querySelector<HTMLOListElement>('#lab-log')!;
  panel.hidden = false;

  lab.onFrame((frame) => {
    if (!frame.startLine) return;
    const item = document.createElement('li');
    item.textContent = `${frame.direction === 'to-phone' ? '→ phone' : '← phone'}  ${frame.startLine.replace(/ SIP\/2\.0$|^SIP\/2\.0 /, '')}`;
    trace.append(item);
    if (trace.children.length > 200) trace.firstElementChild?.remove();
    trace.scrollTop = trace.scrollHeight;
  });

  const buttons = [...panel.querySelectorAll<HTMLButtonElement>('[data-lab]')];
  const sync = () => {
    const registered = phone.state.connection === 'registered';
    const call = lab.currentCall;
    for (const button of buttons) {
      const action = button.dataset['lab'] as LabAction;
      button.disabled =
        !registered ||
        (action === 'remote-hold' && call?.state !== 'answered') ||
        (action === 'remote-hangup' && !call);
    }
  };
  phone.addEventListener('wwe-state', sync);
  // The lab's side of a call moves on SIP frames the widget does not see; its state settles just after each.
  lab.onFrame(() => setTimeout(sync));
  sync();
  for (const button of buttons) {
    const action = button.dataset['lab'] as LabAction;
    if (!LAB_ACTIONS.includes(action)) continue;
    button.addEventListener('click', () => {
      void lab.run(action).catch((error: Error) => {
        const item = document.createElement('li');
        item.textContent = `lab: ${error.message}`;
        trace.append(item);
      });
    });
  }

  Object.assign(window, { wweLab: lab });
  void phone.connect().catch(() => undefined); // failures show in the widget
}
