import { LitElement, type PropertyValues } from 'lit';
import { gatewayIceServers, gatewayQualityReport, type PreflightReport, type SoftphoneOptions } from '@wwe-webrtc/softphone';
import { baseStyles } from './base-styles.js';
import { panelStyles } from './panel-styles.js';
import { softphoneEvent, type WweSoftphoneEventMap, type WweSoftphoneEventName } from './events.js';
import { SoftphoneController, type ConnectRequest } from './softphone-controller.js';
import { SettingsStore } from './settings-store.js';
import { PresencePoller } from './presence.js';
import { LazyParts } from './lazy-parts.js';
import type { WidgetBridge } from './element-bridge.js';
import type { ConfigurePayload } from '../bridge/protocol.js';
import { FocusKeeper } from '../views/focus.js';
import { PanelState } from '../views/panel-state.js';
import { renderSoftphone, type LazyViews, type SoftphoneViewDelegate } from '../views/softphone-view.js';
import type { CallSummary, SoftphoneSnapshot } from '../state.js';

/** What the element loads on first use (chunks of their own), and what each is called in an error. */
const lazyImporters = {
  connectForm: () => import('../views/connect-form.js'),
  standby: () => import('../views/standby.js'),
  preflight: () => import('../views/preflight.js'),
  setupTest: () => import('./setup-test.js'),
  bridge: () => import('./element-bridge.js'),
};
const lazyNames = { connectForm: 'connect form', standby: 'other-tab view', preflight: '"Test my setup" view', setupTest: 'setup test', bridge: 'host bridge' };

/**
 * `<wwe-softphone>`: a WebRTC softphone for a Genesys agent's DN.
 *
 * ```html
 * <wwe-softphone server="wss://pbx.example.com:8089/ws" dn="5001" auto-answer></wwe-softphone>
 * ```
 *
 * In an iframe, `host-origins` lists the host pages allowed to drive it over postMessage.
 *
 * @tagname wwe-softphone
 * @summary A WebRTC softphone for a Genesys Engage agent, through Asterisk.
 *
 * @fires {CustomEvent<SoftphoneSnapshot>} wwe-state - Any change: connection, presence, calls, auto-answer, error.
 * @fires {CustomEvent<CallSummary>} wwe-incoming - A call started ringing for the agent.
 * @fires {CustomEvent<CallSummary>} wwe-answered - A call was answered (by the agent, auto-answer or remote answer) or an outgoing call was picked up.
 * @fires {CustomEvent<{ call: CallSummary; reason: CallEndReason; quality?: QualitySummary }>} wwe-ended - A call ended, with its reason and its quality as the browser measured it.
 * @fires {CustomEvent<WidgetErrorInfo>} wwe-error - Something the agent must know about: microphone denied, server unreachable, authentication failed…
 * @fires {CustomEvent<AutoAnswerDecisionDetail>} wwe-auto-answer - Every auto-answer decision, with its reason.
 * @fires {CustomEvent<{ call: CallSummary; warning: QualityWarning }>} wwe-quality-warning - A call-quality warning was raised or cleared.
 *
 * @cssprop [--wwe-font=system-ui, sans-serif] - Font family.
 * @cssprop [--wwe-bg=#ffffff] - Panel background.
 * @cssprop [--wwe-surface=#f5f7fa] - Cards and hovered buttons.
 * @cssprop [--wwe-text=#1c2430] - Text.
 * @cssprop [--wwe-muted=#5d6b7c] - Secondary text.
 * @cssprop [--wwe-border=#dde3ea] - Borders.
 * @cssprop [--wwe-accent=#1f6feb] - Primary buttons, focus and pressed states.
 * @cssprop [--wwe-accent-text=#ffffff] - Text on the accent colour.
 * @cssprop [--wwe-success=#1a7f37] - Answer button, ringing card, "in service".
 * @cssprop [--wwe-danger=#cf222e] - Hang-up and decline buttons, errors.
 * @cssprop [--wwe-warning=#9a6700] - Connecting and registering states.
 * @cssprop [--wwe-radius=10px] - Corner radius of the panel and cards.
 * @cssprop [--wwe-focus-ring] - Box shadow of the keyboard focus.
 * @cssprop [--wwe-max-width=420px] - Widest the panel grows.
 *
 * @csspart header - The top bar: identity and status pills.
 * @csspart status - Connection status pill.
 * @csspart presence - Genesys presence pill (with a gateway).
 * @csspart body - The scrolling middle.
 * @csspart error - The error banner.
 * @csspart form - The connect form.
 * @csspart connect-button - Connect.
 * @csspart connecting - The card shown while connecting or reconnecting.
 * @csspart cancel-button - Cancel connecting.
 * @csspart standby - The card shown while another tab of the browser registers the DN.
 * @csspart use-here-button - "Use here": move the DN to this tab.
 * @csspart standby-hint - Why "use here" waits (a call in the other tab).
 * @csspart incoming - The ringing call card.
 * @csspart answer-button - Answer.
 * @csspart decline-button - Decline.
 * @csspart call - The current call card.
 * @csspart call-status - Call timer or state.
 * @csspart call-uuid - The Genesys call UUID.
 * @csspart quality-warnings - The call-quality warnings raised now.
 * @csspart preflight - "Test my setup".
 * @csspart preflight-verdict - Its one-line result.
 * @csspart preflight-check - One check, with `data-name` and `data-status`.
 * @csspart preflight-run - Run (again).
 * @csspart preflight-close - Back to the softphone.
 * @csspart test-setup-button - Opens "Test my setup".
 * @csspart controls - The in-call control grid.
 * @csspart mute-button - Mute / unmute.
 * @csspart hold-button - Hold / resume.
 * @csspart keypad-button - Show the DTMF keypad.
 * @csspart transfer-button - Show the transfer form.
 * @csspart transfer - The transfer form.
 * @csspart hangup-button - Hang up.
 * @csspart dialer - The dial form.
 * @csspart dialpad - A keypad (dialing or DTMF).
 * @csspart dialpad-key - One keypad key.
 * @csspart call-button - Place the call.
 * @csspart idle - "Ready for calls".
 * @csspart footer - The bottom bar.
 * @csspart auto-answer - The auto-answer switch.
 * @csspart devices - The audio devices panel.
 * @csspart level - The microphone level meter.
 * @csspart disconnect-button - Disconnect.
 * @csspart announcer - The screen-reader live region.
 * @csspart button - Every button.
 */
export class WweSoftphone extends LitElement {
  static override styles = [baseStyles, panelStyles];

  static override properties = {
    server: { type: String, reflect: true },
    dn: { type: String, reflect: true },
    displayName: { type: String, attribute: 'display-name' },
    gatewayUrl: { type: String, attribute: 'gateway-url' },
    gatewayTurn: { type: Boolean, attribute: 'gateway-turn', reflect: true },
    gatewayQuality: { type: Boolean, attribute: 'gateway-quality', reflect: true },
    autoAnswer: { type: Boolean, attribute: 'auto-answer', reflect: true },
    autoConnect: { type: Boolean, attribute: 'auto-connect' },
    hostOrigins: { type: String, attribute: 'host-origins' },
    rememberPassword: { type: Boolean, attribute: 'remember-password' },
    storageKey: { type: String, attribute: 'storage-key' },
    theme: { type: String, reflect: true },
    password: { attribute: false },
    gatewayToken: { attribute: false },
    softphoneOptions: { attribute: false },
  };

  /** WebSocket URL of the SIP server (Asterisk), e.g. `wss://pbx.example.com:8089/ws`. */
  declare server: string;
  /** The agent's DN, the SIP user to register. */
  declare dn: string;
  /** SIP password of the DN. A property only: never reflected to an attribute, never stored unless `rememberPassword`. */
  declare password: string;
  /** The agent's name: shown in the header and sent in From. */
  declare displayName: string;
  /** Base URL of the wwe-webrtc gateway; when set, the Genesys-side state of the DN is shown. */
  declare gatewayUrl: string;
  /**
   * Fetch short-lived TURN credentials from the gateway at `gatewayUrl` (the DN proves its SIP
   * password; nothing else to configure) and refresh them before they expire. For agents behind NAT.
   */
  declare gatewayTurn: boolean;
  /**
   * Send each ended call's quality summary (MOS, microphone level, candidate type, warnings) to the
   * gateway at `gatewayUrl`, which shows it beside Asterisk's own measurements. The DN proves its SIP
   * password; a failed report never affects a call.
   */
  declare gatewayQuality: boolean;
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

  readonly #controller: SoftphoneController;
  readonly #panel: PanelState;
  readonly #presence = new PresencePoller((state) => this.#controller.setPresence(state));
  readonly #focus = new FocusKeeper(this, () => this.renderRoot);
  readonly #parts = new LazyParts(this, lazyImporters, lazyNames, (error) => this.#controller.fail(error));
  readonly #views: LazyViews = {
    connectForm: () => this.#parts.get('connectForm'),
    standby: () => this.#parts.get('standby'),
    preflight: () => this.#parts.get('preflight'),
  };
  /** The widget's end of the bridge, while framed for allowed host origins. */
  #bridge: WidgetBridge | undefined;
  /** Bumped by each start and close of the bridge, so a bridge that loads after a newer request stays shut. */
  #bridgeEpoch = 0;

  constructor() {
    super();
    this.server = '';
    this.dn = '';
    this.password = '';
    this.displayName = '';
    this.gatewayUrl = '';
    this.gatewayToken = '';
    this.gatewayTurn = false;
    this.gatewayQuality = false;
    this.autoAnswer = false;
    this.autoConnect = false;
    this.hostOrigins = '';
    this.rememberPassword = false;
    this.storageKey = 'wwe-softphone';
    this.theme = 'light';
    this.softphoneOptions = {};
    this.#controller = new SoftphoneController(this, (type, detail) => this.#emit(type, detail));
    this.#panel = new PanelState(this, () => this.#controller.snapshot.calls.some((call) => call.answeredAt));
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
    await this.#controller.connect(this.#connectRequest());
    if (this.gatewayUrl && this.dn) this.#presence.start(this.gatewayUrl, this.dn, this.gatewayToken || undefined);
    return this.state;
  }

  /**
   * "Test my setup": shows the softphone's preflight checks (microphone, connection, ICE, TURN, an echo
   * test call) as they run, and resolves with the report. Before the agent connected, it connects for
   * the test and disconnects after.
   */
  async testSetup(): Promise<PreflightReport> {
    const { runSetupTest } = await this.#parts.load('setupTest');
    return runSetupTest(this.#panel, (onProgress) => this.#controller.preflight(this.#connectRequest(), onProgress));
  }

  async disconnect(): Promise<SoftphoneSnapshot> {
    this.#presence.stop();
    await this.#controller.disconnect();
    return this.state;
  }

  /**
   * "Use here": moves the DN from the tab of this browser that registers it to this one, without a
   * moment unregistered. Refused (`OTHER_TAB_BUSY`) while a call is in progress there.
   */
  async takeover(): Promise<SoftphoneSnapshot> {
    await this.#controller.takeover();
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
    if (settings.gatewayTurn !== undefined) this.gatewayTurn = settings.gatewayTurn;
    if (settings.autoAnswer !== undefined) this.autoAnswer = settings.autoAnswer;
    this.#controller.describe({ server: this.server, dn: this.dn });
    return this.state;
  }

  // ── Lifecycle ──────────────────────────────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    this.#restoreSettings();
    if (this.hasUpdated) this.#startBridge(); // re-attached; the first start is in willUpdate
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#closeBridge();
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

  /** Also waits for the views and the bridge on their way (they load on first use), so the panel shows what it should. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.#parts.loading) {
      await this.#parts.settled();
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override firstUpdated(): void {
    if (this.autoConnect && this.server && this.dn) void this.connect().catch(() => undefined);
  }

  protected override updated(): void {
    this.#focus.follow(this.#controller.ringingCall?.id, this.#controller.currentCall?.id);
  }

  protected override render() {
    const controller = this.#controller;
    return renderSoftphone(
      {
        snapshot: controller.snapshot,
        ringing: controller.ringingCall,
        current: controller.currentCall,
        settings: {
          server: this.server,
          dn: this.dn,
          password: this.password,
          displayName: this.displayName,
          gatewayUrl: this.gatewayUrl,
          rememberPassword: this.rememberPassword,
          autoAnswer: this.autoAnswer,
        },
        devices: controller.devices,
        level: controller.level,
        dialValue: this.#panel.dialValue,
        keypadOpen: this.#panel.keypadOpen,
        transferOpen: this.#panel.transferOpen,
        now: this.#panel.now,
        preflight: this.#panel.preflight,
      },
      this.#viewActions,
      this.#views,
    );
  }

  /** What the panel's controls do: the public API, with failures shown rather than thrown. */
  readonly #viewActions: SoftphoneViewDelegate = {
    connect: (values) => {
      Object.assign(this, values);
      void this.#run(this.connect());
    },
    disconnect: () => void this.#run(this.disconnect()),
    takeover: () => void this.#run(this.takeover()),
    dismissError: () => this.#controller.clearError(),
    answer: (callId) => void this.#run(this.answer(callId)),
    hangup: (callId) => void this.#run(this.hangup(callId)),
    mute: (callId, muted) => void this.#run(this.mute(muted, callId)),
    hold: (callId, held) => void this.#run(this.hold(held, callId)),
    sendDtmf: (callId, tones) => void this.#run(this.sendDtmf(tones, callId)),
    transfer: (callId, target) => {
      this.#panel.set({ transferOpen: false });
      void this.#run(this.transfer(target, callId));
    },
    dial: (target) => {
      this.#panel.set({ dialValue: '' });
      void this.#run(this.dial(target));
    },
    setDialValue: (dialValue) => this.#panel.set({ dialValue }),
    toggleKeypad: () => this.#panel.set({ keypadOpen: !this.#panel.keypadOpen }),
    toggleTransfer: () => this.#panel.set({ transferOpen: !this.#panel.transferOpen }),
    setAutoAnswer: (enabled) => this.setAutoAnswer(enabled),
    selectInput: (deviceId) => void this.#run(this.#controller.selectInput(deviceId)),
    selectOutput: (deviceId) => void this.#run(this.#controller.selectOutput(deviceId)),
    watchLevel: (open) => this.#controller.watchLevel(open),
    openPreflight: () =>
      void this.#run(this.#parts.load('setupTest').then(({ pendingChecks }) => this.#panel.set({ preflight: { rows: pendingChecks(), running: false, ok: undefined } }))),
    runPreflight: () => void this.#run(this.testSetup()),
    closePreflight: () => this.#panel.set({ preflight: undefined }),
  };

  /** What `connect()` and `testSetup()` build the softphone from. */
  #connectRequest(): ConnectRequest {
    return {
      server: this.server,
      dn: this.dn,
      password: this.password,
      displayName: this.displayName,
      autoAnswer: this.autoAnswer,
      options: this.#gatewayOptions(),
    };
  }

  /** The app's softphone options, plus what the gateway attributes turn on. */
  #gatewayOptions(): Partial<SoftphoneOptions> {
    if (!this.gatewayUrl || !(this.gatewayTurn || this.gatewayQuality)) return this.softphoneOptions;
    const agent = { gatewayUrl: this.gatewayUrl, dn: this.dn, password: this.password };
    return {
      ...this.softphoneOptions,
      ...(this.gatewayTurn && { iceServersProvider: gatewayIceServers(agent) }),
      ...(this.gatewayQuality && { qualityReport: gatewayQualityReport(agent) }),
    };
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
      this.#bridge?.emit(type.slice(4) as 'state', detail as SoftphoneSnapshot);
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
    this.#closeBridge();
    const framed = window.parent !== window || Boolean(window.opener);
    if (!this.hostOrigins.trim() || !framed) return;
    const epoch = this.#bridgeEpoch;
    // A failed load is reported by #parts (FEATURE_UNAVAILABLE); the element runs without a bridge.
    void this.#parts.load('bridge').then(
      ({ attachBridge }) => {
        if (epoch !== this.#bridgeEpoch) return;
        try {
          this.#bridge = attachBridge(this.hostOrigins, this);
        } catch (error) {
          this.#controller.fail(error); // an origin that is not exact: say so, run without a bridge
        }
      },
      () => undefined,
    );
  }

  #closeBridge(): void {
    this.#bridgeEpoch += 1;
    this.#bridge?.close();
    this.#bridge = undefined;
  }
}
