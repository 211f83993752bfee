import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { gatewayIceServers, type SoftphoneOptions } from '@wwe-webrtc/softphone';
import { baseStyles } from './base-styles.js';
import { panelStyles } from './panel-styles.js';
import { softphoneEvent, type WweSoftphoneEventMap, type WweSoftphoneEventName } from './events.js';
import { SoftphoneController } from './softphone-controller.js';
import { SettingsStore } from './settings-store.js';
import { PresencePoller } from './presence.js';
import { HostBridge } from './host-bridge.js';
import type { ConfigurePayload } from '../bridge/protocol.js';
import { renderHeader } from '../views/header.js';
import { renderConnectForm, renderConnecting, renderError, type ConnectFormValues } from '../views/connect-form.js';
import { renderActiveCall, renderIncomingCall } from '../views/calls.js';
import { renderDialpad } from '../views/dialpad.js';
import { renderFooter } from '../views/footer.js';
import type { CallSummary, SoftphoneSnapshot } from '../state.js';

/**
 * `<wwe-softphone>`: a WebRTC softphone for a Genesys agent's DN.
 *
 * ```html
 * <wwe-softphone server="wss://pbx.example.com:8089/ws" dn="5001" auto-answer></wwe-softphone>
 * ```
 *
 * Events: see {@link WweSoftphoneEventMap}. Theming: `--wwe-*` custom properties and `::part()`.
 * In an iframe, `host-origins` lists the host pages allowed to drive it over postMessage.
 */
export class WweSoftphone extends LitElement {
  static override styles = [baseStyles, panelStyles];

  static override properties = {
    server: { type: String, reflect: true },
    dn: { type: String, reflect: true },
    displayName: { type: String, attribute: 'display-name' },
    gatewayUrl: { type: String, attribute: 'gateway-url' },
    gatewayTurn: { type: Boolean, attribute: 'gateway-turn', reflect: true },
    autoAnswer: { type: Boolean, attribute: 'auto-answer', reflect: true },
    autoConnect: { type: Boolean, attribute: 'auto-connect' },
    hostOrigins: { type: String, attribute: 'host-origins' },
    rememberPassword: { type: Boolean, attribute: 'remember-password' },
    storageKey: { type: String, attribute: 'storage-key' },
    theme: { type: String, reflect: true },
    password: { attribute: false },
    gatewayToken: { attribute: false },
    softphoneOptions: { attribute: false },
    _dialValue: { state: true },
    _keypadOpen: { state: true },
    _transferOpen: { state: true },
    _now: { state: true },
  };

  /** WebSocket URL of the SIP server (Asterisk), e.g. `wss://pbx.example.com:8089/ws`. */
  declare server: string;
  /** The agent's DN, the SIP user to register. */
  declare dn: string;
  /** SIP password of the DN. A property only: never reflected to an attribute, never stored unless `rememberPassword`. */
  declare password: string;
  declare displayName: string;
  /** Base URL of the wwe-webrtc gateway; when set, the Genesys-side state of the DN is shown. */
  declare gatewayUrl: string;
  /**
   * Fetch short-lived TURN credentials from the gateway at `gatewayUrl` (the DN proves its SIP
   * password; nothing else to configure) and refresh them before they expire. For agents behind NAT.
   */
  declare gatewayTurn: boolean;
  /** Honour Genesys auto-answer requests (mirror WWE's `voice.auto-answer`). */
  declare autoAnswer: boolean;
  /**
   * The gateway's read-only presence token (`WWE_GATEWAY_HTTP_PRESENCE_TOKEN`), sent as a bearer token
   * with the presence poll. Never the gateway's admin token. A property only, never stored.
   */
  declare gatewayToken: string;
  /** Connect as soon as server and DN are set. */
  declare autoConnect: boolean;
  /** Space-separated exact origins allowed to drive this widget over postMessage when it is framed. */
  declare hostOrigins: string;
  /** Opt in to storing the password in localStorage with the other connect settings. */
  declare rememberPassword: boolean;
  /** localStorage key for the remembered connect form; empty disables remembering. */
  declare storageKey: string;
  /** `light` (default) or `dark`: a preset of the --wwe-* colours; custom properties set by the host win. */
  declare theme: 'light' | 'dark';
  /** Extra options passed to `new Softphone()` (ICE servers, auto-answer policy, a custom socket…). */
  declare softphoneOptions: Partial<SoftphoneOptions>;

  declare private _dialValue: string;
  declare private _keypadOpen: boolean;
  declare private _transferOpen: boolean;
  declare private _now: number;

  readonly #controller: SoftphoneController;
  readonly #presence = new PresencePoller((state) => this.#controller.setPresence(state));
  readonly #bridge = new HostBridge(this);
  #clock: ReturnType<typeof setInterval> | undefined;
  #lastRinging: string | undefined;
  #lastCurrent: string | undefined;
  /** Whether the keyboard is in the widget, also while a focused button is being replaced by the next view. */
  #focusInside = false;

  constructor() {
    super();
    this.server = '';
    this.dn = '';
    this.password = '';
    this.displayName = '';
    this.gatewayUrl = '';
    this.gatewayToken = '';
    this.gatewayTurn = false;
    this.autoAnswer = false;
    this.autoConnect = false;
    this.hostOrigins = '';
    this.rememberPassword = false;
    this.storageKey = 'wwe-softphone';
    this.theme = 'light';
    this.softphoneOptions = {};
    this._dialValue = '';
    this._keypadOpen = false;
    this._transferOpen = false;
    this._now = Date.now();
    this.#controller = new SoftphoneController(this, (type, detail) => this.#emit(type, detail));
    this.addEventListener('focusin', () => (this.#focusInside = true));
    this.addEventListener('focusout', (event) => {
      // A removed button (Answer, once answered) loses focus with no related target: still ours.
      const next = event.relatedTarget as Node | null;
      if (next && !this.contains(next) && !this.renderRoot.contains(next)) this.#focusInside = false;
    });
  }

  /** Current state as plain data (what `wwe-state` carries). */
  get state(): SoftphoneSnapshot {
    return this.#controller.snapshot;
  }

  /** The underlying `Softphone` while connected, for everything the element does not expose. */
  get softphone() {
    return this.#controller.softphone;
  }

  // ── Public API: the same commands the host bridge offers ──────────────────────────────────────────

  /** Acquires the microphone, opens the WebSocket and registers the DN. */
  async connect(): Promise<SoftphoneSnapshot> {
    if (this.storageKey) {
      new SettingsStore(this.storageKey).save(
        { server: this.server, dn: this.dn, gatewayUrl: this.gatewayUrl, password: this.password },
        { rememberPassword: this.rememberPassword },
      );
    }
    await this.#controller.connect({
      server: this.server,
      dn: this.dn,
      password: this.password,
      displayName: this.displayName,
      autoAnswer: this.autoAnswer,
      options:
        this.gatewayTurn && this.gatewayUrl
          ? { ...this.softphoneOptions, iceServersProvider: gatewayIceServers({ gatewayUrl: this.gatewayUrl, dn: this.dn, password: this.password }) }
          : this.softphoneOptions,
    });
    if (this.gatewayUrl && this.dn) this.#presence.start(this.gatewayUrl, this.dn, this.gatewayToken || undefined);
    return this.state;
  }

  async disconnect(): Promise<SoftphoneSnapshot> {
    this.#presence.stop();
    await this.#controller.disconnect();
    return this.state;
  }

  answer(callId?: string): Promise<CallSummary> {
    return this.#controller.answer(callId);
  }

  hangup(callId?: string): Promise<CallSummary> {
    return this.#controller.hangup(callId);
  }

  hold(hold = true, callId?: string): Promise<CallSummary> {
    return this.#controller.hold(hold, callId);
  }

  mute(muted = true, callId?: string): Promise<CallSummary> {
    return this.#controller.mute(muted, callId);
  }

  dial(target: string): Promise<CallSummary> {
    return this.#controller.dial(target);
  }

  sendDtmf(tones: string, callId?: string): Promise<CallSummary> {
    return this.#controller.dtmf(tones, callId);
  }

  transfer(target: string, callId?: string): Promise<CallSummary> {
    return this.#controller.transfer(target, callId);
  }

  setAutoAnswer(enabled: boolean): void {
    this.autoAnswer = enabled;
  }

  /** Applies settings as the bridge's `configure` does. */
  configure(settings: ConfigurePayload): SoftphoneSnapshot {
    if (settings.server !== undefined) this.server = settings.server;
    if (settings.dn !== undefined) this.dn = settings.dn;
    if (settings.password !== undefined) this.password = settings.password;
    if (settings.displayName !== undefined) this.displayName = settings.displayName;
    if (settings.gatewayUrl !== undefined) this.gatewayUrl = settings.gatewayUrl;
    if (settings.gatewayToken !== undefined) this.gatewayToken = settings.gatewayToken;
    if (settings.autoAnswer !== undefined) this.autoAnswer = settings.autoAnswer;
    this.#controller.describe({ server: this.server, dn: this.dn });
    return this.state;
  }

  // ── Lifecycle ──────────────────────────────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    this.#restoreSettings();
    if (this.hasUpdated) this.#startBridge(); // re-attached; the first start is in willUpdate
    this.#clock = setInterval(() => {
      if (this.#controller.snapshot.calls.some((call) => call.answeredAt)) this._now = Date.now();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    this.#bridge.close();
    // Moving the element (a framework re-parenting it) detaches and re-attaches it in one task: only an
    // element that stays detached hangs up and unregisters.
    setTimeout(() => {
      if (this.isConnected) return;
      this.#presence.stop();
      void this.#controller.disconnect();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('autoAnswer')) this.#controller.setAutoAnswer(this.autoAnswer);
    if (changed.has('server') || changed.has('dn')) this.#controller.describe({ server: this.server, dn: this.dn });
    if (changed.has('hostOrigins')) this.#startBridge();
  }

  protected override firstUpdated(): void {
    if (this.autoConnect && this.server && this.dn) void this.connect().catch(() => undefined);
  }

  protected override updated(): void {
    // Keep the keyboard on the next thing to do — Answer when a call rings, Hang up once it is up — but only
    // if the agent is already in the widget: never steal focus from what they type elsewhere in the desktop.
    const ringing = this.#controller.ringingCall?.id;
    const current = this.#controller.currentCall?.id;
    const focusable = this.#focusInside && (this.matches(':focus-within') || document.activeElement === document.body);
    if (ringing && ringing !== this.#lastRinging && focusable) {
      this.renderRoot.querySelector<HTMLButtonElement>('button.answer')?.focus();
    } else if (!ringing && current && current !== this.#lastCurrent && focusable) {
      this.renderRoot.querySelector<HTMLButtonElement>('button.hangup')?.focus();
    }
    this.#lastRinging = ringing;
    this.#lastCurrent = current;
  }

  // ── Rendering ──────────────────────────────────────────────────────────────────────────────────────

  protected override render() {
    const snapshot = this.#controller.snapshot;
    const connected = snapshot.connection !== 'disconnected' && snapshot.connection !== 'failed';
    return html`
      ${renderHeader({
        dn: this.dn,
        displayName: this.displayName,
        connection: snapshot.connection,
        presence: this.gatewayUrl && connected ? snapshot.presence : null,
      })}
      <main part="body">
        ${renderError(snapshot.error, () => this.#controller.clearError())}
        ${!connected
          ? this.#renderConnectForm(snapshot)
          : snapshot.connection !== 'registered' && snapshot.calls.length === 0
            ? renderConnecting(snapshot.connection === 'reconnecting', () => void this.#run(this.disconnect()))
            : this.#renderCalls(snapshot)}
      </main>
      ${renderFooter({
        connected,
        autoAnswer: this.autoAnswer,
        ...this.#controller.devices,
        level: connected ? this.#controller.level : null,
        onAutoAnswer: (enabled) => this.setAutoAnswer(enabled),
        onInput: (id) => void this.#run(this.#controller.selectInput(id)),
        onOutput: (id) => void this.#run(this.#controller.selectOutput(id)),
        onDisconnect: () => void this.#run(this.disconnect()),
        onDevicesToggle: (open) => this.#controller.watchLevel(open),
      })}
      <div class="visually-hidden" role="status" aria-live="polite" part="announcer">${this.#announcement(snapshot)}</div>
    `;
  }

  #renderConnectForm(snapshot: SoftphoneSnapshot) {
    return renderConnectForm({
      server: this.server,
      dn: this.dn,
      password: this.password,
      gatewayUrl: this.gatewayUrl,
      busy: snapshot.connection === 'connecting',
      rememberPassword: this.rememberPassword,
      onSubmit: (values: ConnectFormValues) => {
        Object.assign(this, values);
        void this.#run(this.connect());
      },
    });
  }

  #renderCalls(snapshot: SoftphoneSnapshot) {
    const ringing = this.#controller.ringingCall;
    const current = this.#controller.currentCall;
    const others = snapshot.calls.filter((call) => call !== ringing && call !== current && call.state !== 'ended');
    return html`
      ${ringing
        ? renderIncomingCall({
            call: ringing,
            onAnswer: () => void this.#run(this.answer(ringing.id)),
            onDecline: () => void this.#run(this.hangup(ringing.id)),
          })
        : nothing}
      ${current
        ? html`${renderActiveCall({
            call: current,
            now: this._now,
            keypadOpen: this._keypadOpen,
            transferOpen: this._transferOpen,
            onHangup: () => void this.#run(this.hangup(current.id)),
            onMute: () => void this.#run(this.mute(!current.muted, current.id)),
            onHold: () => void this.#run(this.hold(current.state !== 'held', current.id)),
            onToggleKeypad: () => (this._keypadOpen = !this._keypadOpen),
            onToggleTransfer: () => (this._transferOpen = !this._transferOpen),
            onTransfer: (target) => {
              this._transferOpen = false;
              void this.#run(this.transfer(target, current.id));
            },
          })}
          ${this._keypadOpen
            ? renderDialpad({ id: 'in-call-keypad', label: 'Send tones', onKey: (key) => void this.#run(this.sendDtmf(key, current.id)) })
            : nothing}`
        : nothing}
      ${others.length > 0 ? html`<p class="other-calls">${others.length} more call${others.length > 1 ? 's' : ''} on hold</p>` : nothing}
      ${!ringing && !current
        ? html`<p class="idle" part="idle">Ready for calls${this.autoAnswer ? ' · auto-answer on' : ''}</p>
            ${renderDialpad({
              id: 'dialpad',
              label: 'Dialpad',
              value: this._dialValue,
              onInput: (value) => (this._dialValue = value),
              onKey: (key) => (this._dialValue += key),
              onCall: () => {
                const target = this._dialValue.trim();
                if (!target) return;
                this._dialValue = '';
                void this.#run(this.dial(target));
              },
            })}`
        : nothing}
    `;
  }

  #announcement(snapshot: SoftphoneSnapshot): string {
    const ringing = this.#controller.ringingCall;
    if (ringing) return `Incoming call from ${ringing.remoteName ?? ringing.remote}`;
    const current = this.#controller.currentCall;
    if (current) return current.state === 'held' ? `Call with ${current.remote} on hold` : `In call with ${current.remote}`;
    if (snapshot.connection === 'registered') return 'Softphone ready';
    return '';
  }

  // ── Plumbing ───────────────────────────────────────────────────────────────────────────────────────

  /** UI actions: failures become the visible error (and a `wwe-error` event), never an unhandled rejection. */
  async #run(action: Promise<unknown>): Promise<void> {
    try {
      await action;
    } catch {
      // The controller already recorded and announced the error.
    }
  }

  #emit<K extends WweSoftphoneEventName>(type: K, detail: WweSoftphoneEventMap[K]): void {
    this.requestUpdate();
    this.dispatchEvent(softphoneEvent(type, detail));
    if (type !== 'wwe-auto-answer') {
      this.#bridge.emit(type.slice(4) as 'state', detail as SoftphoneSnapshot);
    }
  }

  #restoreSettings(): void {
    if (!this.storageKey) return;
    const stored = new SettingsStore(this.storageKey).load();
    this.server ||= stored.server ?? '';
    this.dn ||= stored.dn ?? '';
    this.gatewayUrl ||= stored.gatewayUrl ?? '';
    if (this.rememberPassword) this.password ||= stored.password ?? '';
  }

  #startBridge(): void {
    try {
      this.#bridge.start(this.hostOrigins);
    } catch (error) {
      this.#controller.fail(error); // an origin that is not exact: say so, run without a bridge
    }
  }
}
