// Entry point of the end-to-end test page. The runner (Node, via puppeteer) starts one agent per page
// and drives it through `window.e2e`; every event an agent sees is appended to `window.e2e.events` so
// the runner can wait for it. Both kinds of agent (the softphone under test and plain JsSIP) offer the
// same commands and record the same event types.
import { onConnection } from './connections.js';
import { JssipAgent } from './jssip-agent.js';
import { inboundAudioPackets, mediaRoute } from './media.js';
import { SoftphoneAgent } from './softphone-agent.js';
import { WidgetAgent } from './widget-agent.js';

const KINDS = { jssip: JssipAgent, softphone: SoftphoneAgent, widget: WidgetAgent };
const events = [];
let agent = null;

function record(type, detail = {}) {
  events.push({ type, at: performance.timeOrigin + performance.now(), ...detail });
}

/** Runs `fn` and turns its outcome into something puppeteer can return: { ok } or the error's fields. */
async function outcome(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, name: error?.name, code: error?.code, message: String(error?.message ?? error) };
  }
}

// A STUN/TURN server that failed a connection's candidate gathering (a refused TURN credential: 401).
onConnection((connection) =>
  connection.addEventListener('icecandidateerror', (event) =>
    record('iceCandidateError', { url: event.url, errorCode: event.errorCode, errorText: event.errorText }),
  ),
);

window.e2e = {
  events,
  start: (kind, options) =>
    outcome(async () => {
      record('start');
      agent = new KINDS[kind]({ ...options, record });
      await agent.connect();
    }),
  capabilities: (kind) => outcome(() => KINDS[kind].capabilities()),
  state: () => agent?.state() ?? 'none',
  run: (command, ...args) => outcome(() => agent[command](...args)),
  audioPackets: () => inboundAudioPackets(agent?.connection()),
  mediaRoute: () => mediaRoute(agent?.connection()),
};
record('loaded');
