// The <wwe-softphone> element under test, driven the way an agent drives it: answer and hang up are
// clicks on its buttons. Events come from its DOM events. The element does not expose its peer
// connection (nor should it): the statistics come from the page's list of connections.
import { defineSoftphoneElement } from '@wwe-webrtc/widget';
import { liveConnection } from './connections.js';

export class WidgetAgent {
  static capabilities() {
    defineSoftphoneElement();
    return ['call', 'answer', 'hangup'];
  }

  /**
   * `gatewayUrl`: the element's `gateway-url`, with `gateway-turn` set (TURN credentials from the
   * gateway); `gatewayToken`: its presence token.
   */
  constructor({ user, password, wsUrl, domain, iceServers = [], iceTransportPolicy, gatewayUrl, gatewayToken, autoAnswer = true, record }) {
    defineSoftphoneElement();
    this.record = record;
    this.snapshot = undefined;
    const element = document.createElement('wwe-softphone');
    element.server = wsUrl;
    element.dn = user;
    element.password = password;
    element.autoAnswer = autoAnswer;
    element.storageKey = '';
    element.softphoneOptions = { domain, iceServers, ...(iceTransportPolicy ? { iceTransportPolicy } : {}) };
    if (gatewayUrl) {
      element.setAttribute('gateway-url', gatewayUrl);
      element.setAttribute('gateway-turn', '');
      if (gatewayToken) element.gatewayToken = gatewayToken;
    }
    element.addEventListener('wwe-state', ({ detail }) => {
      if (detail.presence !== this.snapshot?.presence) record('presence', { state: detail.presence });
      if (detail.connection !== this.snapshot?.connection) {
        record('registration', { state: detail.connection, code: detail.error?.code });
        if (detail.connection === 'registered') record('registered');
      }
      this.snapshot = detail;
    });
    element.addEventListener('wwe-incoming', ({ detail }) => record('call', { direction: detail.direction, uuid: detail.genesysCallUuid }));
    element.addEventListener('wwe-auto-answer', ({ detail }) =>
      record('decision', { answer: detail.answer, reason: detail.reason, uuid: detail.genesysCallUuid, detail: detail.detail }),
    );
    element.addEventListener('wwe-answered', ({ detail }) => record('confirmed', { uuid: detail.genesysCallUuid }));
    element.addEventListener('wwe-ended', ({ detail }) =>
      record('ended', { reason: detail.reason, originator: detail.reason === 'remote-hangup' ? 'remote' : 'local' }),
    );
    element.addEventListener('wwe-error', ({ detail }) => record('error', { code: detail.code, message: detail.message }));
    document.body.append(element);
    this.element = element;
  }

  connect() {
    return this.element.connect();
  }

  disconnect() {
    return this.element.disconnect();
  }

  state() {
    const call = this.snapshot?.calls.findLast((entry) => entry.state !== 'ended');
    if (!call) return 'idle';
    return { dialing: 'calling', answering: 'ringing' }[call.state] ?? call.state;
  }

  /** Clicks the incoming call's Answer button, as the agent would. */
  answer() {
    this.#click('answer-button');
  }

  /** Clicks the Hang up button (or Decline while ringing). */
  hangup() {
    this.#click(this.state() === 'ringing' ? 'decline-button' : 'hangup-button');
  }

  /** Dials out through the element's own API. */
  call(target) {
    return this.element.dial(target);
  }

  /** The call's RTCPeerConnection (the newest one still open). */
  connection() {
    return liveConnection();
  }

  #click(part) {
    const button = this.element.shadowRoot?.querySelector(`[part~="${part}"]`);
    if (!button) throw Object.assign(new Error(`<wwe-softphone> shows no ${part}`), { code: 'E2E_NO_BUTTON' });
    if (button.disabled) throw Object.assign(new Error(`<wwe-softphone>'s ${part} is disabled`), { code: 'E2E_BUTTON_DISABLED' });
    button.click();
  }
}
