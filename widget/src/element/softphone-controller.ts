// Adapts a `Softphone` from @wwe-webrtc/softphone to what the element shows: a plain-data snapshot,
// the widget's events, and commands that pick the right call when none is named.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Softphone, type Call, type PreflightProgress, type PreflightReport, type SoftphoneOptions } from '@wwe-webrtc/softphone';
import { WidgetError } from './errors.js';
import type { WweSoftphoneEventMap, WweSoftphoneEventName } from './events.js';
import type { DeviceChoice } from '../views/footer.js';
import type { CallSummary, PresenceState, SoftphoneSnapshot, WidgetErrorInfo } from '../state.js';

export interface ConnectRequest {
  server: string;
  dn: string;
  password: string;
  displayName: string;
  autoAnswer: boolean;
  options: Partial<SoftphoneOptions>;
}

type Emit = <K extends WweSoftphoneEventName>(type: K, detail: WweSoftphoneEventMap[K]) => void;

interface Devices {
  inputs: DeviceChoice[];
  outputs: DeviceChoice[];
  inputId: string;
  outputId: string;
}

export class SoftphoneController implements ReactiveController {
  #phone: Softphone | undefined;
  #unsubscribe: Array<() => void> = [];
  #snapshot: SoftphoneSnapshot = {
    connection: 'disconnected',
    dn: '',
    server: '',
    presence: 'unknown',
    autoAnswer: false,
    calls: [],
    tab: 'inactive',
    otherTabCalls: 0,
  };
  #devices: Devices = { inputs: [], outputs: [], inputId: '', outputId: '' };
  #level = 0;
  #stopLevel: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly emit: Emit,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watchLevel(false);
  }

  get snapshot(): SoftphoneSnapshot {
    return this.#snapshot;
  }

  get softphone(): Softphone | undefined {
    return this.#phone;
  }

  get devices(): Devices {
    return this.#devices;
  }

  get level(): number {
    return this.#level;
  }

  /** The incoming call waiting for the agent, if any. */
  get ringingCall(): CallSummary | undefined {
    return this.#snapshot.calls.find((call) => call.direction === 'incoming' && (call.state === 'ringing' || call.state === 'answering'));
  }

  /** The call the controls act on: the live one, else the newest dialling or held one. */
  get currentCall(): CallSummary | undefined {
    const calls = this.#snapshot.calls.filter((call) => call !== this.ringingCall && call.state !== 'ended');
    return calls.find((call) => call.state === 'active') ?? calls.at(-1);
  }

  describe({ server, dn }: { server: string; dn: string }): void {
    if (server === this.#snapshot.server && dn === this.#snapshot.dn) return;
    this.#update({ server, dn });
  }

  async connect(request: ConnectRequest): Promise<void> {
    await this.disconnect();
    const phone = this.#create(request);
    try {
      await phone.connect();
    } catch (error) {
      if (this.#phone === phone) throw this.fail(error);
      throw error;
    }
    void this.#refreshDevices();
  }

  /**
   * "Test my setup": the softphone's preflight checks, with the connected softphone or, before the agent
   * connected, one made from `request` (which connects for the test and disconnects after).
   */
  async preflight(request: ConnectRequest, onProgress: (progress: PreflightProgress) => void): Promise<PreflightReport> {
    // A softphone left disconnected (a failed connect, an earlier test) is rebuilt from the form's settings.
    if (this.#phone?.registrationState === 'disconnected' || this.#phone?.registrationState === 'failed') await this.disconnect();
    const phone = this.#phone ?? this.#create(request);
    return this.#attempt(phone.preflight({ onProgress }));
  }

  async disconnect(): Promise<void> {
    const phone = this.#phone;
    if (!phone) return;
    this.#phone = undefined;
    this.watchLevel(false);
    for (const off of this.#unsubscribe.splice(0)) off();
    try {
      await phone.disconnect();
    } finally {
      this.#update({ connection: 'disconnected', calls: [], presence: 'unknown', tab: 'inactive', otherTabCalls: 0 });
    }
  }

  async answer(callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.direction === 'incoming' && c.state === 'ringing', 'ringing');
    await this.#attempt(call.answer());
    return summarize(call);
  }

  async hangup(callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.id === (this.ringingCall ?? this.currentCall)?.id, 'to hang up');
    await this.#attempt(() => call.hangup());
    return summarize(call);
  }

  async hold(hold: boolean, callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.id === this.currentCall?.id, 'connected');
    await this.#attempt(hold ? call.hold() : call.unhold());
    return summarize(call);
  }

  async mute(muted: boolean, callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.id === this.currentCall?.id, 'connected');
    await this.#attempt(() => (muted ? call.mute() : call.unmute()));
    return this.#refresh(call);
  }

  async dtmf(tones: string, callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.id === this.currentCall?.id, 'connected');
    await this.#attempt(() => call.sendDtmf(tones));
    return summarize(call);
  }

  async transfer(target: string, callId?: string): Promise<CallSummary> {
    const call = this.#call(callId, (c) => c.id === this.currentCall?.id, 'connected');
    await this.#attempt(call.transfer(target));
    return summarize(call);
  }

  /** "Use here": moves the DN from the tab that owns it to this one. */
  async takeover(): Promise<void> {
    await this.#attempt(this.#requirePhone().takeover());
  }

  async dial(target: string): Promise<CallSummary> {
    const phone = this.#requirePhone();
    const call = await this.#attempt(phone.call(target));
    return summarize(call);
  }

  setAutoAnswer(enabled: boolean): void {
    this.#phone?.setAutoAnswer(autoAnswerOptions(enabled));
    if (enabled !== this.#snapshot.autoAnswer) this.#update({ autoAnswer: enabled });
  }

  setPresence(presence: PresenceState): void {
    if (presence !== this.#snapshot.presence) this.#update({ presence });
  }

  async selectInput(deviceId: string): Promise<void> {
    await this.#attempt(this.#requirePhone().setInputDevice(deviceId || undefined));
    this.#devices = { ...this.#devices, inputId: deviceId };
    this.host.requestUpdate();
  }

  async selectOutput(deviceId: string): Promise<void> {
    await this.#attempt(this.#requirePhone().setOutputDevice(deviceId));
    this.#devices = { ...this.#devices, outputId: deviceId };
    this.host.requestUpdate();
  }

  /** Listens to the microphone level only while it is on screen: the meter costs a timer and renders. */
  watchLevel(on: boolean): void {
    this.#stopLevel?.();
    this.#stopLevel = undefined;
    if (!on || !this.#phone) return;
    this.#stopLevel = this.#phone.on('inputLevel', ({ level }) => {
      this.#level = level;
      this.host.requestUpdate();
    });
  }

  clearError(): void {
    if (this.#snapshot.error) this.#update({ error: undefined });
  }

  /** Records an error as the visible one and announces it; returns it typed, for rethrowing. */
  fail(error: unknown): WidgetError {
    const typed = WidgetError.from(error);
    const info: WidgetErrorInfo = { code: typed.code, message: typed.message };
    this.#update({ error: info });
    this.emit('wwe-error', info);
    return typed;
  }

  /** A new softphone for `request`, wired to the snapshot; throws (shown) on bad settings. */
  #create(request: ConnectRequest): Softphone {
    this.#update({ server: request.server, dn: request.dn, error: undefined });
    let phone: Softphone;
    try {
      phone = new Softphone({
        ...request.options,
        server: request.server,
        dn: request.dn,
        password: request.password,
        ...(request.displayName ? { displayName: request.displayName } : {}),
        autoAnswer: { ...request.options.autoAnswer, ...autoAnswerOptions(request.autoAnswer) },
      });
    } catch (error) {
      throw this.fail(error);
    }
    this.#phone = phone;
    this.#wire(phone);
    return phone;
  }

  #wire(phone: Softphone): void {
    this.#unsubscribe.push(
      phone.on('registrationStateChanged', ({ state }) => {
        this.#update(state === 'registered' ? { connection: state, error: undefined } : { connection: state });
      }),
      phone.on('error', ({ error }) => {
        // Connection errors surface through connect()'s rejection too; show each once.
        if (this.#snapshot.error?.code !== error.code) this.fail(error);
      }),
      phone.on('incomingCall', ({ call }) => {
        this.#add(call);
        this.emit('wwe-incoming', summarize(call));
      }),
      phone.on('outgoingCall', ({ call }) => this.#add(call)),
      phone.on('callStateChanged', ({ call, state, previous }) => {
        const summary = this.#refresh(call);
        if (state === 'active' && previous !== 'held') this.emit('wwe-answered', summary);
      }),
      phone.on('callEnded', ({ call, reason }) => {
        const summary = summarize(call);
        this.#update({ calls: this.#snapshot.calls.filter((c) => c.id !== call.id) });
        this.emit('wwe-ended', { call: summary, reason, quality: call.qualitySummary });
      }),
      phone.on('autoAnswerDecision', (decision) => {
        this.emit('wwe-auto-answer', {
          ...(decision.callId ? { callId: decision.callId } : {}),
          ...(decision.callUuid ? { genesysCallUuid: decision.callUuid } : {}),
          answer: decision.answer,
          reason: decision.reason,
          detail: decision.detail,
        });
      }),
      phone.on('tabStateChanged', ({ state }) => {
        this.#update({ tab: state, ...(state === 'standby' ? {} : { otherTabCalls: 0 }) });
        if (state === 'owner') void this.#refreshDevices();
      }),
      phone.on('ownerTabCallsChanged', ({ calls }) => this.#update({ otherTabCalls: calls })),
      phone.on('devicesChanged', () => void this.#refreshDevices()),
      phone.on('inputDeviceChanged', () => void this.#refreshDevices()),
    );
  }

  #add(call: Call): void {
    this.#unsubscribe.push(
      call.on('muteChanged', () => this.#refresh(call)),
      call.on('holdChanged', () => this.#refresh(call)),
      call.on('qualityWarning', (warning) => this.emit('wwe-quality-warning', { call: this.#refresh(call), warning })),
      call.on('reconnecting', () => this.#refresh(call)),
      call.on('reconnected', () => this.#refresh(call)),
    );
    this.#update({ calls: [...this.#snapshot.calls, summarize(call)] });
  }

  #refresh(call: Call): CallSummary {
    const summary = summarize(call);
    if (this.#snapshot.calls.some((c) => c.id === call.id)) {
      this.#update({ calls: this.#snapshot.calls.map((c) => (c.id === call.id ? summary : c)) });
    }
    return summary;
  }

  async #refreshDevices(): Promise<void> {
    const phone = this.#phone;
    if (!phone) return;
    const { inputs, outputs } = await phone.getDevices().catch(() => ({ inputs: [], outputs: [] }));
    const choice = (kind: string) => (device: MediaDeviceInfo, index: number) => ({
      id: device.deviceId,
      label: device.label || `${kind} ${index + 1}`,
    });
    this.#devices = {
      inputs: inputs.map(choice('Microphone')),
      outputs: outputs.map(choice('Speaker')),
      inputId: phone.inputDeviceId ?? '',
      outputId: phone.outputDeviceId ?? '',
    };
    this.host.requestUpdate();
  }

  #requirePhone(): Softphone {
    if (!this.#phone) throw this.fail(new WidgetError('NOT_CONNECTED', 'The softphone is not connected. Connect first.'));
    return this.#phone;
  }

  /** The named call, or the one `fallback` picks. */
  #call(callId: string | undefined, fallback: (call: Call) => boolean, what: string): Call {
    const calls = this.#requirePhone().calls;
    const call = callId === undefined ? calls.find(fallback) : calls.find((c) => c.id === callId);
    if (!call) {
      throw this.fail(
        new WidgetError('CALL_NOT_FOUND', callId === undefined ? `There is no call ${what}.` : `There is no call with id "${callId}".`),
      );
    }
    return call;
  }

  /** Runs a library operation; a failure becomes the visible error and is rethrown typed. */
  async #attempt<T>(operation: Promise<T> | (() => T)): Promise<T> {
    try {
      return await (typeof operation === 'function' ? operation() : operation);
    } catch (error) {
      throw this.fail(error);
    }
  }

  #update(change: Partial<SoftphoneSnapshot>): void {
    const next: SoftphoneSnapshot = { ...this.#snapshot, ...change };
    if ('error' in change && change.error === undefined) delete next.error;
    this.#snapshot = next;
    this.emit('wwe-state', next);
  }
}

/**
 * The widget's toggle mirrors WWE's `voice.auto-answer`: it governs the answer-on-sight signals in the
 * INVITE. Remote answer (`NOTIFY Event: talk`) is what WWE's own Answer button sends, so it is always honoured.
 */
function autoAnswerOptions(enabled: boolean) {
  return { enabled: true, honour: { callInfo: enabled, alertInfo: enabled, answerMode: enabled, remoteAnswer: true } };
}

function summarize(call: Call): CallSummary {
  return {
    id: call.id,
    direction: call.direction,
    state: call.state,
    remote: call.remoteIdentity.user || call.remoteIdentity.uri,
    ...(call.remoteIdentity.displayName ? { remoteName: call.remoteIdentity.displayName } : {}),
    ...(call.genesysCallUuid ? { genesysCallUuid: call.genesysCallUuid } : {}),
    muted: call.isMuted,
    reconnecting: call.isReconnecting,
    ...(call.answeredAt ? { answeredAt: call.answeredAt.getTime() } : {}),
    ...(call.qualityWarnings.length > 0 ? { qualityWarnings: call.qualityWarnings } : {}),
  };
}
