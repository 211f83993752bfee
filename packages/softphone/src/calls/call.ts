import { TypedEmitter, isCallTarget } from '@wwe-webrtc/shared';
import type { SipHeaders } from '@wwe-webrtc/shared';
import { CallError, type SoftphoneError } from '../errors.js';
import { turnRefusal } from '../ice/turn-refusal.js';
import type { Logger } from '../logger.js';
import type { DtmfOptions } from '../options.js';
import type { QualityMonitor } from '../quality/quality-monitor.js';
import { emptyQualitySummary } from '../quality/empty-quality-summary.js';
import type { ResolvedQualityOptions } from '../quality/quality-options.js';
import type { CallQualitySample } from '../quality/quality-sample.js';
import type { QualitySummary } from '../quality/quality-summary.js';
import type { QualityWarning, QualityWarningName } from '../quality/quality-warnings.js';
import type { CallRecovery } from './call-recovery.js';
import type { CallRecoveryOptions, ReconnectCause } from './call-recovery-options.js';
import { callRecoveryModule, qualityMonitorModule } from './call-features.js';
import type { LazyModule } from '../lazy/lazy-module.js';
import type { CallSession, CallSessionDelegate, RemoteIdentity } from './call-session.js';
import type { CallDirection, CallEndReason, CallState } from './call-state.js';

export type { RemoteIdentity } from './call-session.js';

export interface CallEvents {
  stateChanged: { state: CallState; previous: CallState };
  ended: { reason: CallEndReason; statusCode: number | undefined };
  muteChanged: { muted: boolean };
  holdChanged: { held: boolean; local: boolean; remote: boolean };
  /** A tone received from the remote party by SIP INFO. */
  dtmfReceived: { tone: string };
  /** Remote audio is available (also playing through the softphone's audio element). */
  remoteStream: { stream: MediaStream };
  /** A call-quality sample, every `quality.sampleIntervalMs` while the call is up. */
  quality: CallQualitySample;
  /** A quality warning was raised or cleared. */
  qualityWarning: QualityWarning;
  /** The media path or the WebSocket dropped; the call is being renegotiated (ICE restart). */
  reconnecting: { cause: ReconnectCause };
  /** Media flows again and Asterisk's side of the call follows this browser's current WebSocket. */
  reconnected: { durationMs: number };
}

/** What a call is given by the softphone that owns it. */
export interface CallContext {
  /** A fresh clone of the shared microphone track (each call mutes/holds its own clone). */
  localTrack(): Promise<MediaStreamTrack>;
  pcConfig: RTCConfiguration;
  dtmf: Required<DtmfOptions>;
  quality: ResolvedQualityOptions;
  logger: Logger;
  /** A failure the app should hear about that does not end the call (the softphone's `error` event). */
  reportError(error: SoftphoneError): void;
  recovery: Required<CallRecoveryOptions>;
  /** The WebSocket is up and the DN registered over it. */
  signallingUp(): boolean;
  /** A request went unanswered: drop the WebSocket so it reconnects. */
  signallingStalled(): void;
}

const DTMF_TONES = /^[0-9A-Da-d#*,]{1,64}$/;
/** How long RFC 4733 DTMF waits for the media path before falling back to SIP INFO. */
const RTP_DTMF_WAIT_MS = 3000;
let nextId = 0;

/** One call: state, identity, Genesys UUID and controls. Created by the softphone, never by the app. */
export class Call extends TypedEmitter<CallEvents> {
  /** Unique within the page. */
  readonly id: string;
  readonly direction: CallDirection;
  readonly remoteIdentity: RemoteIdentity;
  /** `X-Genesys-CallUUID` of the INVITE, when present and well-formed. */
  readonly genesysCallUuid: string | undefined;
  readonly createdAt = new Date();

  #state: CallState;
  #session: CallSession;
  #context: CallContext;
  #headers: SipHeaders | undefined;
  #track: MediaStreamTrack | undefined;
  #remoteStream: MediaStream | undefined;
  #answeredAt: Date | undefined;
  #endedAt: Date | undefined;
  #endReason: CallEndReason | undefined;
  #transferring = false;
  #renegotiation: Promise<void> = Promise.resolve();
  #dtmfQueue: Promise<void> = Promise.resolve();
  #hangingUp = false;
  #quality: QualityMonitor | undefined;
  /** The summary once the call ended (the monitor is gone then). */
  #finalQuality: QualitySummary | undefined;
  #recovery: CallRecovery | undefined;
  /** Recovery ran out of time: the call ends as `connection-lost`. */
  #gaveUp = false;
  /** …and the WebSocket was down then: the BYE goes out when it is back. */
  #byeOwed = false;

  /** @internal */
  constructor(
    session: CallSession,
    direction: CallDirection,
    context: CallContext,
    init: { headers?: SipHeaders; genesysCallUuid?: string; track?: MediaStreamTrack },
  ) {
    super();
    this.id = `call-${++nextId}`;
    this.direction = direction;
    this.#session = session;
    this.#context = context;
    this.#headers = init.headers;
    this.#track = init.track;
    this.genesysCallUuid = init.genesysCallUuid;
    this.#state = direction === 'incoming' ? 'ringing' : 'dialing';
    this.remoteIdentity = session.remoteIdentity;
    this.setListenerErrorSink((event, error) => context.logger.error(`softphone: a "${event}" listener threw`, error));
    session.setDelegate(this.#sessionDelegate());
  }

  get state(): CallState {
    return this.#state;
  }

  get isMuted(): boolean {
    return this.#session.isMuted;
  }

  get isOnHold(): boolean {
    const hold = this.#session.holdState;
    return hold.local || hold.remote;
  }

  get answeredAt(): Date | undefined {
    return this.#answeredAt;
  }

  get endedAt(): Date | undefined {
    return this.#endedAt;
  }

  get endReason(): CallEndReason | undefined {
    return this.#endReason;
  }

  get remoteStream(): MediaStream | undefined {
    return this.#remoteStream;
  }

  /** True between `reconnecting` and `reconnected` (or the end). */
  get isReconnecting(): boolean {
    return this.#recovery?.reconnecting ?? false;
  }

  /** The RTCPeerConnection, for stats; undefined before media setup. */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#session.connection;
  }

  /**
   * The call's quality so far (final once it ended): min/avg/max MOS, RTT, jitter and loss over its
   * samples, and every warning raised. Empty until media flows, and when quality sampling is off.
   */
  get qualitySummary(): QualitySummary {
    return this.#finalQuality ?? this.#quality?.summary ?? emptyQualitySummary();
  }

  /** The quality warnings raised now. */
  get qualityWarnings(): QualityWarningName[] {
    return this.#quality?.activeWarnings ?? [];
  }

  /** First value of a header of the incoming INVITE (undefined for outgoing calls). */
  getHeader(name: string): string | undefined {
    return this.#headers?.get(name) || undefined;
  }

  /** Answers a ringing incoming call with the pre-acquired microphone. */
  async answer(): Promise<void> {
    if (this.direction !== 'incoming' || this.#state !== 'ringing') {
      throw new CallError('INVALID_CALL_STATE', `Only a ringing incoming call can be answered (this one is ${this.#state}).`);
    }
    this.#setState('answering');
    let track: MediaStreamTrack;
    try {
      track = await this.#context.localTrack();
    } catch (error) {
      if (!this.#session.isEnded) this.#session.terminate({ status: 480, reason: 'Microphone Unavailable' });
      throw error;
    }
    if (this.#session.isEnded) {
      track.stop();
      throw new CallError('INVALID_CALL_STATE', 'The call ended before it could be answered.');
    }
    this.#track = track;
    try {
      this.#session.answer(new MediaStream([track]), this.#context.pcConfig);
    } catch (error) {
      throw new CallError('CALL_FAILED', 'The call could not be answered; it may have been cancelled a moment ago.', { cause: error });
    }
  }

  /** Ends the call: BYE when connected, CANCEL when dialing, 486 Busy Here when ringing. */
  hangup(): void {
    if (this.#state === 'ended' || this.#session.isEnded) return;
    this.#hangingUp = true;
    if (this.direction === 'incoming' && this.#state === 'ringing') {
      this.#session.terminate({ status: 486, reason: 'Busy Here' });
    } else {
      this.#session.terminate();
    }
  }

  /** Puts the call on hold (re-INVITE, a=sendonly). Resolves when the far end accepted it. */
  hold(): Promise<void> {
    return this.#reinvite('hold');
  }

  /** Takes the call off hold (re-INVITE, a=sendrecv). */
  unhold(): Promise<void> {
    return this.#reinvite('unhold');
  }

  mute(): void {
    this.#requireConnected('mute');
    this.#session.setMuted(true);
  }

  unmute(): void {
    this.#requireConnected('unmute');
    this.#session.setMuted(false);
  }

  /**
   * Sends DTMF tones (0-9, A-D, *, #; ',' pauses), in order with earlier calls. RFC 4733 by default,
   * SIP INFO when configured or asked (or when the media path is not up within 3 s).
   */
  sendDtmf(tones: string, options: { transport?: 'rfc4733' | 'info' } = {}): void {
    if (typeof tones !== 'string' || !DTMF_TONES.test(tones)) {
      throw new CallError('INVALID_DTMF', 'DTMF tones must be 1–64 of 0-9, A-D, *, # or , (pause).');
    }
    this.#requireConnected('send DTMF on');
    const transport = options.transport ?? this.#context.dtmf.transport;
    this.#dtmfQueue = this.#dtmfQueue
      .then(() => (transport === 'rfc4733' ? this.#rtpDtmfReady() : 'info'))
      .then((ready) => this.#sendDtmfNow(tones, ready === true ? 'rfc4733' : 'info'))
      .catch((error: unknown) => this.#context.logger.warn(`softphone: DTMF on ${this.id} failed`, error));
  }

  /**
   * RFC 4733 tones need the media path up (`canInsertDTMF`); right after the answer it may still be
   * connecting. Wait for it briefly; if it does not come up, the tones go by SIP INFO rather than be lost.
   */
  async #rtpDtmfReady(): Promise<true | 'info'> {
    const deadline = performance.now() + RTP_DTMF_WAIT_MS;
    while (performance.now() < deadline && this.#state !== 'ended') {
      const dtmf = this.#session.connection?.getSenders().find((s) => s.track?.kind === 'audio')?.dtmf;
      if (dtmf?.canInsertDTMF) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.#context.logger.info(`softphone: media of ${this.id} not connected; sending DTMF by SIP INFO`);
    return 'info';
  }

  #sendDtmfNow(tones: string, transport: 'rfc4733' | 'info'): void {
    if (this.#state !== 'active' && this.#state !== 'held') return;
    const { durationMs, interToneGapMs } = this.#context.dtmf;
    this.#session.sendDtmf(tones, { transport, durationMs, interToneGapMs });
  }

  /**
   * Blind transfer (REFER). Resolves when the transfer target answered (NOTIFY 200) or the far end
   * ended the call after accepting the REFER; the call then ends with reason `transferred`.
   */
  transfer(target: string): Promise<void> {
    if (!isCallTarget(target)) {
      return Promise.reject(new CallError('INVALID_TARGET', 'Transfer target must be a number/extension or a sip: URI.'));
    }
    try {
      this.#requireConnected('transfer');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        this.#transferring = false;
        reject(new CallError('TRANSFER_FAILED', `Transfer to ${target} failed (${why}); the call is still up.`));
      };
      this.#transferring = true;
      const onEnded = (): void => resolve();
      this.once('ended', onEnded);
      this.#session.refer(target, {
        refused: (why) => {
          this.off('ended', onEnded);
          fail(why);
        },
        failed: (status) => {
          this.off('ended', onEnded);
          fail(`target answered ${status ?? 'with an error'}`);
        },
        accepted: () => {
          this.off('ended', onEnded);
          resolve();
          if (!this.#session.isEnded) this.#session.terminate();
        },
      });
    });
  }

  /** @internal The shared microphone switched device: put a clone of the new track on this call. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    const sender = this.#session.connection?.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
    if (!sender || this.#state === 'ended') return;
    const clone = track.clone();
    clone.enabled = !(this.isOnHold || this.isMuted);
    await sender.replaceTrack(clone);
    this.#track?.stop();
    this.#track = clone;
  }

  /**
   * @internal The WebSocket dropped (`false`) or the DN registered again over a new one (`true`).
   * A call that was given up while it was down sends its BYE now.
   */
  signallingChanged(up: boolean): void {
    if (up && this.#byeOwed) {
      this.#byeOwed = false;
      if (!this.#session.isEnded) this.#session.terminate();
      return;
    }
    if (up) this.#recovery?.signallingRestored();
    else this.#recovery?.signallingLost();
  }

  /** @internal A BYE is still to be sent for this ended call (see `signallingChanged`). */
  get owesBye(): boolean {
    return this.#byeOwed;
  }

  /**
   * Runs `use` with a call feature's module: at once when connect() loaded it (the usual case), else
   * when it arrives. A call whose feature cannot be fetched goes on without it.
   */
  #withFeature<T>(module: LazyModule<T>, use: (loaded: T) => void): void {
    if (module.loaded) return use(module.loaded);
    module.load().then(
      (loaded) => {
        if (this.#state !== 'ended') use(loaded);
      },
      (error: unknown) => this.#context.logger.warn(`softphone: ${this.id} goes on without a part that did not load`, error),
    );
  }

  #watchRecovery(): void {
    if (!this.#context.recovery.enabled) return;
    this.#withFeature(callRecoveryModule, ({ CallRecovery }) => this.#startRecovery(CallRecovery));
  }

  #startRecovery(Recovery: typeof CallRecovery): void {
    if (this.#recovery) return;
    this.#recovery = new Recovery(this.#context.recovery, {
      signallingUp: () => this.#context.signallingUp(),
      mediaConnected: () => ['connected', 'completed'].includes(this.#session.connection?.iceConnectionState ?? ''),
      // In the queue with hold/unhold: one offer at a time.
      restartIce: () => this.#queueRenegotiation(() => this.#session.restartIce()),
      signallingStalled: () => this.#context.signallingStalled(),
      reconnecting: (cause) => {
        this.#context.logger.info(`softphone: ${this.id} reconnecting (${cause})`);
        this.emit('reconnecting', { cause });
      },
      reconnected: (durationMs) => {
        this.#context.logger.info(`softphone: ${this.id} reconnected after ${durationMs} ms`);
        this.emit('reconnected', { durationMs });
      },
      giveUp: () => this.#giveUp(),
    });
  }

  /** Recovery ran out of time: end the call as `connection-lost`, with a BYE now or once the WebSocket is back. */
  #giveUp(): void {
    if (this.#state === 'ended') return;
    this.#context.logger.warn(`softphone: ${this.id} could not be recovered within ${this.#context.recovery.timeoutMs} ms; ending it`);
    this.#gaveUp = true;
    if (this.#context.signallingUp()) {
      this.#session.terminate();
    } else {
      this.#byeOwed = true;
      this.#end('connection-lost', undefined);
    }
  }

  #queueRenegotiation<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#renegotiation.then(work);
    this.#renegotiation = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Re-INVITEs run one at a time: a hold then an immediate retrieve (Genesys can send both) must both land. */
  #reinvite(kind: 'hold' | 'unhold'): Promise<void> {
    try {
      this.#requireConnected(kind);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queueRenegotiation(() => this.#sendReinvite(kind));
  }

  #sendReinvite(kind: 'hold' | 'unhold'): Promise<void> {
    if (this.#state === 'ended') return Promise.reject(new CallError('INVALID_CALL_STATE', `Cannot ${kind} a call that ended.`));
    const held = this.#session.holdState.local;
    if ((kind === 'hold' && held) || (kind === 'unhold' && !held)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onEnded = (): void => reject(new CallError('INVALID_CALL_STATE', `The call ended during ${kind}.`));
      this.once('ended', onEnded);
      const done = (): void => {
        this.off('ended', onEnded);
        resolve();
      };
      if (!this.#session.setHeld(kind === 'hold', done)) {
        this.off('ended', onEnded);
        reject(new CallError('INVALID_CALL_STATE', `Cannot ${kind} now: a media renegotiation is in progress; retry.`));
      }
    });
  }

  #requireConnected(action: string): void {
    if (this.#state !== 'active' && this.#state !== 'held') {
      throw new CallError('INVALID_CALL_STATE', `Cannot ${action} a call that is ${this.#state}.`);
    }
  }

  #sessionDelegate(): CallSessionDelegate {
    return {
      progress: () => {
        if (this.direction === 'outgoing' && this.#state === 'dialing') this.#setState('ringing');
      },
      accepted: () => {
        this.#answeredAt ??= new Date();
        if (this.#state !== 'active' && this.#state !== 'held') this.#setState('active');
        this.#quality?.start();
        this.#watchRecovery();
      },
      peerConnection: (connection) => {
        connection.addEventListener('icecandidateerror', (event) => {
          const refused = turnRefusal(event);
          if (refused) this.#context.reportError(refused);
        });
        connection.addEventListener('iceconnectionstatechange', () => {
          if (this.#state === 'active' || this.#state === 'held') this.#recovery?.mediaChanged(connection.iceConnectionState);
        });
        connection.addEventListener('track', (event) => {
          const stream = event.streams[0] ?? new MediaStream([event.track]);
          this.#remoteStream = stream;
          this.emit('remoteStream', { stream });
        });
        this.#watchQuality(connection);
      },
      sdpSent: (why) => this.#context.logger.debug(`softphone: ${this.id} SDP sent on ${why}`),
      holdChanged: () => {
        const { local, remote } = this.#session.holdState;
        const held = local || remote;
        if (this.#state === 'active' || this.#state === 'held') this.#setState(held ? 'held' : 'active');
        this.emit('holdChanged', { held, local, remote });
      },
      muteChanged: (muted) => this.emit('muteChanged', { muted }),
      dtmfReceived: (tone) => this.emit('dtmfReceived', { tone }),
      ended: (networkReason, statusCode) => this.#end(networkReason, statusCode),
    };
  }

  /** Samples the call's stats from the answer on (a muted or held call is expected to be silent). */
  #watchQuality(connection: RTCPeerConnection): void {
    if (!this.#context.quality.enabled) return;
    this.#withFeature(qualityMonitorModule, ({ QualityMonitor }) => this.#startQuality(QualityMonitor, connection));
  }

  #startQuality(Monitor: typeof QualityMonitor, connection: RTCPeerConnection): void {
    const options = this.#context.quality;
    if (this.#quality) return;
    this.#quality = new Monitor(
      connection,
      options,
      {
        sample: (sample) => this.emit('quality', sample),
        warning: (warning) => this.emit('qualityWarning', warning),
        failed: (error) => this.#context.logger.debug(`softphone: getStats() on ${this.id} failed`, error),
      },
      () => this.isMuted || this.isOnHold,
    );
    if (this.#answeredAt) this.#quality.start();
  }

  #end(networkReason: CallEndReason, statusCode: number | undefined): void {
    if (this.#state === 'ended') return;
    this.#finalQuality = this.#quality?.stop();
    this.#recovery?.stop();
    let reason = this.#transferring ? 'transferred' : networkReason;
    if (this.#hangingUp && reason !== 'transferred') reason = this.direction === 'incoming' && !this.#answeredAt ? 'rejected' : 'local-hangup';
    if (this.#gaveUp) reason = 'connection-lost';
    this.#endReason = reason;
    this.#endedAt = new Date();
    this.#track?.stop();
    this.#setState('ended');
    this.emit('ended', { reason, statusCode });
  }

  #setState(state: CallState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.emit('stateChanged', { state, previous });
  }
}
