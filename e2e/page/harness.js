// Entry point of the end-to-end test page. The runner (Node, via puppeteer) creates one agent per page
// and drives it through `window.e2e`; every event an agent sees is appended to `window.e2e.events` so
// the runner can wait for it.
import { JssipAgent } from './jssip-agent.js';

const events = [];
let agent = null;

function record(type, detail = {}) {
  events.push({ type, at: performance.timeOrigin + performance.now(), ...detail });
}

window.e2e = {
  events,
  async startJssip(options) {
    agent = new JssipAgent({ ...options, record });
    await agent.connect();
  },
  agent: () => agent,
  state: () => agent?.state() ?? 'none',
  call: (target, options) => agent.call(target, options),
  answer: () => agent.answer(),
  hangup: () => agent.hangup(),
  audioPackets: () => agent.audioPackets(),
  disconnect: () => agent.disconnect(),
};
record('loaded');
