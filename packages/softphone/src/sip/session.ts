import type { RTCSession } from 'jssip/lib/RTCSession.js';
import type { CallSession, CallSessionDelegate, ReferDelegate, RemoteIdentity } from '../calls/call-session.js';
import { endReasonFromCause } from './end-reason.js';
import { boundIceGathering, offersMediaPath } from './ice-gathering.js';
import type { IceEventSource } from './ice-gathering.js';
import { iceRestartModule } from '../calls/call-features.js';
import type { ReofferableSession } from './ice-restart.js';

export interface SessionOptions {
  /** Longest wait for ICE gathering before the SDP is sent anyway, ms. */
  iceGatheringTimeoutMs: number;
  iceTransportPolicy: RTCIceTransportPolicy;
}

/**
 * A JsSIP `RTCSession` as a `CallSession`: calls go down in JsSIP's terms, JsSIP's session events come up
 * as the call's. Listens from construction, so nothing that happens before the call sets its delegate
 * (JsSIP creates an outgoing call's peer connection inside `ua.call()`) is lost.
 */
export class SipSession implements CallSession {
  readonly remoteIdentity: RemoteIdentity;
  readonly #session: RTCSession;
  #delegate: CallSessionDelegate | undefined;
  #connectionReported = false;
  readonly #unbindIce: () => void;
  readonly #options: SessionOptions;
  /** Set when the call was ended before its SDP went out because it offered no media path. */
  #noMediaPath = false;
  /** The SDP went out on the gathering cutoff, before gathering finished. */
  #gatheringCutOff = false;
  /** The first offer/answer exchange is done (JsSIP's isEstablished() is true while still answering). */
  #accepted = false;

  constructor(session: RTCSession, options: SessionOptions) {
    this.#session = session;
    this.#options = options;
    const identity = session.remote_identity;
    this.remoteIdentity = {
      user: identity?.uri?.user ?? '',
      displayName: identity?.display_name || undefined,
      uri: identity?.uri?.toString() ?? '',
    };
    this.#unbindIce = boundIceGathering(session as unknown as IceEventSource, options.iceGatheringTimeoutMs, options.iceTransportPolicy, (why) => {
      if (why === 'timeout') this.#gatheringCutOff = true;
      this.#delegate?.sdpSent(why);
    });
    this.#listen();
  }

  get connection(): RTCPeerConnection | undefined {
    return this.#session.connection ?? undefined;
  }

  get isEnded(): boolean {
    return this.#session.isEnded();
  }

  get isMuted(): boolean {
    return this.#session.isMuted().audio === true;
  }

  get holdState(): { local: boolean; remote: boolean } {
    return this.#session.isOnHold();
  }

  setDelegate(delegate: CallSessionDelegate): void {
    this.#delegate = delegate;
    if (this.#session.connection) this.#reportConnection(this.#session.connection);
  }

  answer(stream: MediaStream, pcConfig: RTCConfiguration): void {
    this.#session.answer({ mediaStream: stream, pcConfig });
  }

  terminate(response?: { status: number; reason: string }): void {
    this.#session.terminate(response ? { status_code: response.status, reason_phrase: response.reason } : undefined);
  }

  setMuted(muted: boolean): void {
    if (muted) this.#session.mute({ audio: true });
    else this.#session.unmute({ audio: true });
  }

  setHeld(held: boolean, done: () => void): boolean {
    return held ? this.#session.hold({}, done) : this.#session.unhold({}, done);
  }

  sendDtmf(tones: string, options: { transport: 'rfc4733' | 'info'; durationMs: number; interToneGapMs: number }): void {
    this.#session.sendDTMF(tones, {
      // JsSIP's names for the two: RTP telephone-event (RFC 4733, which obsoletes 2833) or SIP INFO.
      transportType: (options.transport === 'info' ? 'INFO' : 'RFC2833') as never,
      duration: options.durationMs,
      interToneGap: options.interToneGapMs,
    });
  }

  async restartIce(): Promise<void> {
    const { restartIce } = await iceRestartModule.load();
    return restartIce(this.#session as unknown as ReofferableSession, {
      gatheringTimeoutMs: this.#options.iceGatheringTimeoutMs,
      policy: this.#options.iceTransportPolicy,
    });
  }

  refer(target: string, delegate: ReferDelegate): void {
    this.#session.refer(target, {
      eventHandlers: {
        requestFailed: (event: { cause?: string }) => delegate.refused(event.cause ?? 'REFER refused'),
        failed: (event: { status_line?: { status_code: number } }) => delegate.failed(event.status_line?.status_code),
        accepted: () => delegate.accepted(),
      },
    });
  }

  #listen(): void {
    const session = this.#session;
    session.on('sdp', (event: { originator: string; type: string; sdp: string }) => this.#checkMediaPath(event));
    session.on('progress', () => this.#delegate?.progress());
    session.on('accepted', () => {
      this.#accepted = true;
      this.#delegate?.accepted();
    });
    session.on('peerconnection', ({ peerconnection }) => this.#reportConnection(peerconnection));
    session.on('hold', () => this.#delegate?.holdChanged());
    session.on('unhold', () => this.#delegate?.holdChanged());
    session.on('muted', () => this.#delegate?.muteChanged(true));
    session.on('unmuted', () => this.#delegate?.muteChanged(false));
    session.on('newDTMF', (event: { originator: string; dtmf: { tone: string } }) => {
      if (event.originator === 'remote') this.#delegate?.dtmfReceived(event.dtmf.tone);
    });
    session.on('ended', ({ originator, cause }) => this.#end(originator, cause, undefined));
    session.on('failed', ({ originator, cause, message }) => {
      const status = message && 'status_code' in message ? (message.status_code as number) : undefined;
      this.#end(originator, cause, status);
    });
  }

  /**
   * Runs as JsSIP is about to send the call's first offer or answer. Without a media path (relay-only ICE
   * and no relay gathered) the call is refused instead — 480, so Genesys routes it to another agent
   * rather than connect a customer to silence — or, for an outgoing call, not placed.
   */
  #checkMediaPath(event: { originator: string; sdp: string }): void {
    if (event.originator !== 'local' || this.#accepted || this.#session.isEnded()) return;
    if (offersMediaPath(event.sdp, this.#options.iceTransportPolicy, !this.#gatheringCutOff)) return;
    this.#noMediaPath = true;
    const text = 'No media path: relay-only ICE gathered no TURN relay';
    if (this.#session.direction === 'incoming') {
      this.#session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable', extraHeaders: [`Reason: SIP;cause=480;text="${text}"`] });
    } else {
      this.#session.terminate();
    }
  }

  #reportConnection(connection: RTCPeerConnection): void {
    if (!this.#delegate || this.#connectionReported) return;
    this.#connectionReported = true;
    this.#delegate.peerConnection(connection);
  }

  #end(originator: string, cause: string | undefined, statusCode: number | undefined): void {
    this.#unbindIce();
    const by = originator === 'local' || originator === 'remote' ? originator : 'system';
    this.#delegate?.ended(this.#noMediaPath ? 'media-failed' : endReasonFromCause(cause, by), statusCode);
  }
}
