import { TypedEmitter, isCallTarget, readGenesysCallUuid } from '@wwe-webrtc/shared';
import type { SipHeaders } from '@wwe-webrtc/shared';
import { AutoAnswerer } from './auto-answer/auto-answerer.js';
import type { AnswerableCall } from './auto-answer/auto-answerer.js';
import { AutoAnswerPolicy } from './auto-answer/policy.js';
import type { ResolvedAutoAnswerOptions } from './auto-answer/policy.js';
import type { AutoAnswerDecision, AutoAnswerOptions } from './auto-answer/types.js';
import { Call } from './calls/call.js';
import { loadCallFeatures } from './calls/call-features.js';
import type { CallContext } from './calls/call.js';
import type { CallSession } from './calls/call-session.js';
import { DtlsCertificate } from './calls/dtls-certificate.js';
import { CallError, ConfigurationError, MediaError, RegistrationError, TabError } from './errors.js';
import type { FeatureUnavailableError } from './errors.js';
import { AudioOutput } from './media/audio-output.js';
import { IceServersSource } from './ice/ice-servers-source.js';
import { InputLevelMeter } from './media/input-level.js';
import { Microphone } from './media/microphone.js';
import type { MicrophoneState } from './media/microphone.js';
import type { ResolvedOptions, SoftphoneOptions } from './options.js';
import { resolveOptions } from './options.js';
import { Registration } from './registration/registration.js';
import type { RegistrationState } from './registration/registration-state.js';
import { LazyModule } from './lazy/lazy-module.js';
import type { PreflightOptions, PreflightReport } from './preflight/preflight-types.js';
import type { IncomingInvite } from './sip/user-agent.js';
import type { SoftphoneEvents } from './softphone-events.js';
import { TabOwnership } from './tabs/tab-ownership.js';
import type { TabState } from './tabs/tab-ownership.js';

/** The report builder loads with the first call that has one to send (`qualityReport` set). */
const qualityReportModule = new LazyModule('call quality report', () => import('./quality/quality-report.js'));

/** The preflight test: most agents run it rarely, so it loads when first asked for. */
const preflightRunner = new LazyModule('preflight test', () => import('./preflight/preflight-runner.js'));

export interface CallOptions {
  /** Extra SIP headers for the INVITE, e.g. `['X-Genesys-Route: sales']`. No CR/LF allowed. */
  extraHeaders?: string[];
}

/**
 * The softphone: registers an agent DN over WSS, keeps the microphone open (early media), answers on
 * Genesys' signals, and exposes calls and devices through typed events.
 *
 * ```ts
 * const phone = new Softphone({ server: 'wss://pbx.example.com:8089/ws', dn: '5001', password });
 * phone.on('incomingCall', ({ call }) => console.log('ringing', call.remoteIdentity.user));
 * await phone.connect();
 * ```
 */
export class Softphone extends TypedEmitter<SoftphoneEvents> {
  readonly #options: ResolvedOptions;
  readonly #registration: Registration;
  readonly #microphone: Microphone;
  readonly #output: AudioOutput;
  readonly #meter = new InputLevelMeter();
  readonly #policy: AutoAnswerPolicy;
  readonly #autoAnswerer: AutoAnswerer;
  readonly #calls: Call[] = [];
  /** Calls given up while the WebSocket was down: their BYE goes out when it is back. */
  readonly #owingBye = new Set<Call>();
  readonly #ice: IceServersSource | undefined;
  readonly #dtls = new DtlsCertificate();
  /** The latest auto-answer decision taken for each call (read through `autoAnswerDecisionFor`). */
  readonly #decisions = new WeakMap<AnswerableCall, AutoAnswerDecision>();
  /** Bumped by every connect()/disconnect(), so a connect() overtaken by disconnect() stops. */
  #epoch = 0;
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  #preflight: Promise<PreflightReport> | undefined;
  #detachDeviceWatch: (() => void) | undefined;
  /** One tab per DN across the browser profile; undefined when `tabs.enabled` is false or unsupported. */
  readonly #tabs: TabOwnership | undefined;

  constructor(options: SoftphoneOptions) {
    super();
    this.#options = resolveOptions(options);
    const { logger, media } = this.#options;
    this.setListenerErrorSink((event, error) => logger.error(`softphone: a "${event}" listener threw`, error));
    const devices = media.mediaDevices ?? globalThis.navigator?.mediaDevices;
    this.#microphone = new Microphone(devices, media.audioConstraints, media.inputDeviceId, logger);
    this.#output = new AudioOutput(media.remoteAudioElement, media.outputDeviceId);
    this.#policy = new AutoAnswerPolicy(this.#options.autoAnswer);
    this.#registration = new Registration(this.#options);
    this.#registration.on('stateChanged', (event) => {
      this.emit('registrationStateChanged', event);
      if (event.error) this.emit('error', { error: event.error });
      if (event.state === 'reconnecting') for (const call of this.#calls) call.signallingChanged(false);
      if (event.state === 'registered' && event.previous === 'reconnecting') this.#signallingRestored();
    });
    this.#microphone.on('stateChanged', (event) => {
      this.emit('microphoneStateChanged', event);
      if (event.error) this.emit('error', { error: event.error });
    });
    this.#microphone.on('trackReplaced', ({ track, reason }) => {
      for (const call of this.#calls) {
        void call.replaceTrack(track).catch((error: unknown) => logger.warn('softphone: replaceTrack failed', error));
      }
      this.emit('inputDeviceChanged', { deviceId: track.getSettings().deviceId, reason });
    });
    const provider = this.#options.iceServersProvider;
    this.#ice = provider ? new IceServersSource(provider, { initial: this.#options.iceServers }) : undefined;
    this.#ice?.on('changed', (event) => this.#iceServersChanged(event.iceServers, event.expiresAt));
    this.#ice?.on('failed', ({ error }) => {
      logger.warn('softphone: ICE servers not refreshed; keeping the last ones', error);
      this.emit('error', { error });
    });
    this.#autoAnswerer = new AutoAnswerer(this.#policy, { calls: () => this.#calls, logger });
    this.#tabs = this.#tabOwnership();
  }

  #tabOwnership(): TabOwnership | undefined {
    const { tabs, logger, server, dn, unregisterOnPageHide } = this.#options;
    if (!tabs.enabled) return undefined;
    const ownership = new TabOwnership(
      { key: `${server}#${dn}`, takeoverTimeoutMs: tabs.takeoverTimeoutMs, replyTimeoutMs: tabs.replyTimeoutMs, releaseOnPageHide: unregisterOnPageHide, logger },
      {
        activate: () => this.#activate(),
        deactivate: () => this.#deactivate({ unregister: false }),
        callsInProgress: () => this.#calls.length,
        pauseRegistration: () => this.#registration.pauseRefresh(),
        resumeRegistration: () => this.#registration.resumeRefresh(),
      },
    );
    if (!ownership.supported) {
      logger.warn('softphone: this browser cannot coordinate tabs (Web Locks, BroadcastChannel); every tab registers the DN');
      return undefined;
    }
    ownership.on('stateChanged', (event) => this.emit('tabStateChanged', event));
    ownership.on('ownerCallsChanged', ({ calls }) => this.emit('ownerTabCallsChanged', { calls }));
    return ownership;
  }

  get registrationState(): RegistrationState {
    return this.#registration.state;
  }

  get microphoneState(): MicrophoneState {
    return this.#microphone.state;
  }

  /** Calls not yet ended, oldest first. */
  get calls(): readonly Call[] {
    return [...this.#calls];
  }

  /** The DN this softphone registers. */
  get dn(): string {
    return this.#options.dn;
  }

  /** The element remote audio plays through (the one passed in `media.remoteAudioElement`, or ours). */
  get audioElement(): HTMLAudioElement {
    return this.#output.element;
  }

  get autoAnswer(): ResolvedAutoAnswerOptions {
    return this.#policy.options;
  }

  /**
   * The latest auto-answer decision taken for `call` (its INVITE, or a remote answer that found it ringing),
   * as the `autoAnswerDecision` event announced it. Undefined for outgoing calls.
   */
  autoAnswerDecisionFor(call: Call): AutoAnswerDecision | undefined {
    return this.#decisions.get(call);
  }

  /** Changes auto-answer behaviour at run time (e.g. a toggle in the agent UI). */
  setAutoAnswer(options: AutoAnswerOptions): void {
    this.#policy.update(options);
  }

  /**
   * Opens the microphone (unless `media.acquireOnConnect` is false), opens the WebSocket and registers.
   * Resolves when registered — or, with `tabs` on (the default), when another tab of this browser
   * already owns the DN: this tab then stands by (`tabState` `standby`) and registers by itself when
   * that tab closes, or on `takeover()`. Rejects with `MediaError` (microphone) or `RegistrationError`
   * (`AUTH_FAILED`, `SERVER_UNREACHABLE` after `reconnect.maxAttempts`, `REGISTRATION_FAILED`).
   */
  connect(): Promise<void> {
    return this.#tabs ? this.#tabs.claim() : this.#activate();
  }

  /** Hangs up every call, unregisters, closes the WebSocket, releases the microphone (and the DN to the next tab). */
  async disconnect(): Promise<void> {
    this.#tabs?.stop();
    await this.#deactivate({ unregister: true });
  }

  /**
   * "Use here": moves the DN from the tab that owns it to this one, which registers before the other
   * lets go — the registrar and Genesys never see it unregistered. Rejects with `TabError`
   * (`OTHER_TAB_BUSY` while a call is in progress there, `TAKEOVER_FAILED`, `NOT_STANDING_BY`,
   * `TABS_UNSUPPORTED`).
   */
  takeover(): Promise<void> {
    if (!this.#tabs) return Promise.reject(new TabError('TABS_UNSUPPORTED', 'Tab coordination is off (options.tabs.enabled) or not available in this browser.'));
    return this.#tabs.takeover();
  }

  /** Where this tab stands for the DN: `owner`, `standby` (another tab registers it), … `inactive` when tabs are off. */
  get tabState(): TabState {
    return this.#tabs?.state ?? 'inactive';
  }

  /** While standing by: calls in progress in the tab that owns the DN ("use here" waits for them). */
  get ownerTabCalls(): number {
    return this.#tabs?.ownerCalls ?? 0;
  }

  /** Registers the DN from this tab (the body of connect() when this tab owns it). */
  async #activate(): Promise<void> {
    const state = this.#registration.state;
    if (state === 'registered') return;
    if (state === 'connecting' || state === 'reconnecting') return this.#registration.whenRegistered();
    const epoch = ++this.#epoch;
    this.#watchDevices();
    if (this.#options.media.acquireOnConnect) {
      try {
        await this.#microphone.acquire();
      } catch (error) {
        if (this.#options.media.requireMicrophone) throw error;
      }
    }
    if (epoch !== this.#epoch) {
      throw new RegistrationError('NOT_CONNECTED', 'disconnect() was called before registration completed.');
    }
    const registered = this.#registration.whenRegistered();
    // Fetched beside registration, so TURN is ready when the first call arrives; never rejects.
    const iceServers = this.#ice?.start();
    // Ready before the first call, so no answer waits for a key pair; never rejects.
    const certificate = this.#dtls.prepare();
    // Call quality and recovery load beside registration, so no call waits for them; calls go on
    // without a part that cannot be fetched, and the app hears why (never rejects).
    const callFeatures = loadCallFeatures().catch((error: FeatureUnavailableError) => {
      this.#options.logger.warn('softphone: calls will go without a part that did not load', error);
      this.emit('error', { error });
    });
    this.#registration.start({
      incomingCall: (invite) => this.#onIncoming(invite),
      notify: (headers) => this.#onNotify(headers),
    });
    this.#startLevelMeter();
    await Promise.all([registered, iceServers, certificate, callFeatures]);
  }

  /**
   * Stops using the DN from this tab. `unregister: false` when another tab took it over: its contact
   * already replaced ours, and calls still in progress here finish first.
   */
  async #deactivate({ unregister }: { unregister: boolean }): Promise<void> {
    this.#epoch += 1;
    this.#ice?.stop();
    if (unregister) {
      for (const call of this.#calls) call.hangup();
    } else {
      // The other tab's contact replaced ours: no refresh may take it back while our calls finish.
      this.#registration.pauseRefresh();
      await this.#callsEnded();
    }
    await this.#registration.stop({ unregister });
    this.#stopLevelMeter();
    this.#detachDeviceWatch?.();
    this.#microphone.release();
    this.#meter.close();
    this.#output.play(undefined);
  }

  #callsEnded(): Promise<void> {
    if (this.#calls.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.on('callEnded', () => {
        if (this.#calls.length > 0) return;
        off();
        resolve();
      });
    });
  }

  /** Calls a number, extension or sip: URI. Requires a registered softphone. */
  async call(target: string, options: CallOptions = {}): Promise<Call> {
    if (!isCallTarget(target)) {
      throw new CallError('INVALID_TARGET', 'Call target must be a number/extension or a sip: URI.');
    }
    const headers = options.extraHeaders ?? [];
    if (headers.some((h) => typeof h !== 'string' || /[\r\n]/.test(h) || !/^[A-Za-z0-9-]+:/.test(h))) {
      throw new ConfigurationError('extraHeaders must be "Name: value" strings without line breaks.');
    }
    const userAgent = this.#registration.userAgent;
    if (!userAgent || this.#registration.state !== 'registered') {
      throw new CallError('NOT_CONNECTED', 'Not registered: call connect() and wait for it before calling.');
    }
    const track = await this.#localTrack();
    let session: CallSession;
    try {
      session = userAgent.call(target, { stream: new MediaStream([track]), pcConfig: this.#pcConfig(), extraHeaders: headers });
    } catch (error) {
      track.stop();
      throw new CallError('INVALID_TARGET', `Cannot call "${target}": ${error instanceof Error ? error.message : 'invalid target'}.`, { cause: error });
    }
    const call = new Call(session, 'outgoing', this.#callContext(), { track });
    this.#adopt(call);
    this.emit('outgoingCall', { call });
    return call;
  }

  /**
   * Tests the agent's setup, check by check: microphone (access and level), connection (WSS and the DN's
   * password), ICE gathering, TURN, and a short call to the echo extension, measured like any call.
   * Connects first when not connected, and disconnects again afterwards: the DN is online at Genesys for
   * those seconds. Every problem is a check with a message saying what to do; the one rejection is
   * `FeatureUnavailableError`, when the test's code (loaded on first use) cannot be fetched. A second
   * call while one runs gets the same report.
   */
  preflight(options: PreflightOptions = {}): Promise<PreflightReport> {
    this.#preflight ??= this.#runPreflight(options).finally(() => (this.#preflight = undefined));
    return this.#preflight;
  }

  async #runPreflight(options: PreflightOptions): Promise<PreflightReport> {
    const { runPreflight, echoCallOf } = await preflightRunner.load();
    const registration = this.#registration;
    const wasRegistered = registration.state === 'registered';
    try {
      return await runPreflight(
        {
          microphone: { acquire: () => this.#sharedTrack(), level: () => this.getInputLevel() },
          connection: {
            server: this.#options.server,
            dn: this.#options.dn,
            get registered() {
              return registration.state === 'registered';
            },
            connect: () => this.connect(),
          },
          echo: { call: async (target) => echoCallOf(await this.call(target)) },
          iceConfiguration: () => this.#pcConfig(),
          quality: this.#options.quality,
        },
        options,
      );
    } finally {
      if (!wasRegistered && registration.state !== 'disconnected') await this.disconnect();
    }
  }

  /** Audio inputs and outputs (labels are empty until the microphone was allowed once). */
  async getDevices(): Promise<{ inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] }> {
    const devices = this.#mediaDevices();
    const all = devices ? await devices.enumerateDevices() : [];
    return { inputs: all.filter((d) => d.kind === 'audioinput'), outputs: all.filter((d) => d.kind === 'audiooutput') };
  }

  /** Chooses the microphone; live calls switch to it at once (`RTCRtpSender.replaceTrack`). */
  setInputDevice(deviceId: string | undefined): Promise<void> {
    return this.#microphone.setDevice(deviceId);
  }

  /** Chooses the speaker/headset for remote audio (`setSinkId`); rejects `OUTPUT_SELECTION_UNSUPPORTED` where unavailable. */
  setOutputDevice(deviceId: string): Promise<void> {
    return this.#output.setDevice(deviceId);
  }

  get inputDeviceId(): string | undefined {
    return this.#microphone.track?.getSettings().deviceId ?? this.#microphone.deviceId;
  }

  get outputDeviceId(): string | undefined {
    return this.#output.deviceId;
  }

  /** The shared microphone stream (early media); calls send clones of its track. Undefined until opened. */
  get microphoneStream(): MediaStream | undefined {
    return this.#microphone.stream;
  }

  /** Current microphone level 0…1. */
  getInputLevel(): number {
    return this.#meter.read(this.#microphone.track);
  }

  #onIncoming({ session, headers }: IncomingInvite): void {
    const call = new Call(session, 'incoming', this.#callContext(), {
      headers,
      genesysCallUuid: readGenesysCallUuid(headers.get('X-Genesys-CallUUID')),
    });
    this.#adopt(call);
    this.emit('incomingCall', { call });
    this.#decided(this.#autoAnswerer.decideIncoming(call, (name) => headers.getAll(name)), call);
  }

  /** Genesys remote control: an out-of-dialog `NOTIFY Event: talk|hold` relayed by the gateway. */
  #onNotify(headers: SipHeaders): void {
    const result = this.#autoAnswerer.onNotify(headers.get('Event'), headers.get('X-Genesys-CallUUID'));
    if (!result) return;
    this.emit('remoteControl', result.outcome);
    if (result.decision) this.#decided(result.decision, result.call);
  }

  /** Announces a decision, then carries it out (so the app hears why before the call changes state). */
  #decided(decision: AutoAnswerDecision, call: AnswerableCall | undefined): void {
    if (call) this.#decisions.set(call, decision);
    this.emit('autoAnswerDecision', decision);
    if (call) this.#autoAnswerer.carryOut(call, decision);
  }

  /** Keeps `calls`, the remote audio and the app's events in step with a call's life. */
  #adopt(call: Call): void {
    this.#calls.push(call);
    this.#tabs?.callsChanged();
    call.on('stateChanged', ({ state, previous }) => {
      if (state === 'active') this.#output.play(call.remoteStream);
      this.emit('callStateChanged', { call, state, previous });
    });
    call.on('remoteStream', ({ stream }) => {
      if (call.state === 'active' || call.state === 'answering' || call.state === 'dialing' || call.state === 'ringing') {
        this.#output.play(stream);
      }
    });
    call.on('quality', (sample) => this.emit('callQuality', { call, sample }));
    call.on('qualityWarning', (warning) => this.emit('qualityWarning', { call, warning }));
    call.on('reconnecting', ({ cause }) => this.emit('callReconnecting', { call, cause }));
    call.on('reconnected', ({ durationMs }) => this.emit('callReconnected', { call, durationMs }));
    call.on('ended', ({ reason }) => {
      const index = this.#calls.indexOf(call);
      if (index >= 0) this.#calls.splice(index, 1);
      if (call.owesBye) this.#owingBye.add(call);
      this.#tabs?.callsChanged();
      if (this.#output.element.srcObject === call.remoteStream) {
        this.#output.play(this.#calls.find((c) => c.state === 'active')?.remoteStream);
      }
      this.emit('callEnded', { call, reason });
      this.#reportQuality(call);
    });
  }

  /** Hands an ended call's quality report to `qualityReport`, detached from the call; a failure is logged. */
  #reportQuality(call: Call): void {
    const reporter = this.#options.qualityReport;
    const summary = call.qualitySummary;
    if (!reporter || summary.samples === 0) return; // nothing measured: quality off, or no media
    void qualityReportModule
      .load()
      .then(({ buildQualityReport }) => reporter(buildQualityReport(summary, call), call))
      .catch((error: unknown) => this.#options.logger.warn(`softphone: quality report of ${call.id} not delivered`, error));
  }

  #callContext(): CallContext {
    return {
      localTrack: () => this.#localTrack(),
      pcConfig: this.#pcConfig(),
      dtmf: this.#options.dtmf,
      quality: this.#options.quality,
      logger: this.#options.logger,
      reportError: (error) => {
        this.#options.logger.warn(`softphone: ${error.message}`);
        this.emit('error', { error });
      },
      recovery: this.#options.callRecovery,
      signallingUp: () => this.#registration.signallingUp,
      signallingStalled: () => this.#registration.dropConnection(),
    };
  }

  /** Registered again over a new WebSocket: calls renegotiate over it, given-up calls send their BYE. */
  #signallingRestored(): void {
    for (const call of [...this.#calls, ...this.#owingBye]) call.signallingChanged(true);
    this.#owingBye.clear();
  }

  /** The microphone's own track (opened if need be); calls send clones of it. */
  async #sharedTrack(): Promise<MediaStreamTrack> {
    await this.#microphone.acquire();
    const track = this.#microphone.track;
    if (!track) throw new MediaError('NO_MICROPHONE', 'No microphone track is available. Plug in a microphone.');
    return track;
  }

  async #localTrack(): Promise<MediaStreamTrack> {
    return (await this.#sharedTrack()).clone();
  }

  #pcConfig(): RTCConfiguration {
    const certificate = this.#dtls.current;
    return {
      iceServers: this.#ice?.current ?? this.#options.iceServers,
      iceTransportPolicy: this.#options.iceTransportPolicy,
      ...(certificate && { certificates: [certificate] }),
    };
  }

  /**
   * New servers go to active calls as well, without renegotiating: the relay a call already uses keeps
   * its allocation; the new credentials serve the next ICE restart (a network change mid-call).
   */
  #iceServersChanged(iceServers: RTCIceServer[], expiresAt: number | undefined): void {
    for (const call of this.#calls) {
      const pc = call.peerConnection;
      if (!pc || pc.signalingState === 'closed') continue;
      try {
        pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
      } catch (error) {
        this.#options.logger.warn('softphone: could not give a call the new ICE servers', error);
      }
    }
    this.emit('iceServersChanged', { iceServers, expiresAt });
  }

  #mediaDevices(): MediaDevices | undefined {
    return this.#options.media.mediaDevices ?? globalThis.navigator?.mediaDevices;
  }

  #watchDevices(): void {
    const devices = this.#mediaDevices();
    if (!devices || this.#detachDeviceWatch) return;
    const onChange = (): void => {
      void this.getDevices()
        .then((lists) => this.emit('devicesChanged', lists))
        .catch(() => {});
      void this.#microphone.handleDeviceChange().catch((error: unknown) => this.#options.logger.warn('softphone: device change handling failed', error));
    };
    devices.addEventListener('devicechange', onChange);
    this.#detachDeviceWatch = () => {
      devices.removeEventListener('devicechange', onChange);
      this.#detachDeviceWatch = undefined;
    };
  }

  #startLevelMeter(): void {
    const interval = this.#options.media.inputLevelIntervalMs;
    if (this.#levelTimer !== undefined || interval <= 0) return;
    this.#levelTimer = setInterval(() => {
      if (this.listenerCount('inputLevel') > 0) this.emit('inputLevel', { level: this.getInputLevel() });
    }, interval);
  }

  #stopLevelMeter(): void {
    if (this.#levelTimer !== undefined) clearInterval(this.#levelTimer);
    this.#levelTimer = undefined;
  }
}

