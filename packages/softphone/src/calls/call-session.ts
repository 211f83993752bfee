import type { CallEndReason } from './call-state.js';

/** The other party of a call, as its SIP identity says. */
export interface RemoteIdentity {
  /** SIP user (usually the caller's number). */
  readonly user: string;
  readonly displayName: string | undefined;
  /** Full SIP URI. */
  readonly uri: string;
}

/**
 * The signalling session under one `Call`: everything a call asks of SIP, in the call's own words.
 * The `sip/` adapter implements it over JsSIP; nothing outside `sip/` sees a JsSIP object.
 */
export interface CallSession {
  readonly remoteIdentity: RemoteIdentity;
  /** The peer connection, once media setup began. */
  readonly connection: RTCPeerConnection | undefined;
  readonly isEnded: boolean;
  readonly isMuted: boolean;
  /** Who holds the call: we (`local`), the far end (`remote`), both or neither. */
  readonly holdState: { readonly local: boolean; readonly remote: boolean };
  /** Sends 200 OK with our SDP. Throws when the session can no longer be answered. */
  answer(stream: MediaStream, pcConfig: RTCConfiguration): void;
  /** BYE when connected, CANCEL when dialing; for a ringing incoming call, this final response. */
  terminate(response?: { status: number; reason: string }): void;
  setMuted(muted: boolean): void;
  /** Starts a hold or retrieve re-INVITE; `done` runs when the far end accepted it. False when one is already in progress. */
  setHeld(held: boolean, done: () => void): boolean;
  sendDtmf(tones: string, options: { transport: 'rfc4733' | 'info'; durationMs: number; interToneGapMs: number }): void;
  /**
   * Re-INVITE in the call's dialog with an ICE restart, on the current WebSocket (which also moves the
   * far end's side of the dialog to it). Resolves once the answer is applied; a failure leaves the call up.
   */
  restartIce(): Promise<void>;
  /** Blind transfer: sends REFER and reports how it went. */
  refer(target: string, delegate: ReferDelegate): void;
  /** Tells the call what happens on the wire from now on; set once, by the call. */
  setDelegate(delegate: CallSessionDelegate): void;
}

/** What the session tells the call it carries. */
export interface CallSessionDelegate {
  /** Outgoing: the far end rings (18x). */
  progress(): void;
  /** The call was answered (2xx sent or received). */
  accepted(): void;
  /** The peer connection exists (reported once, also when it was created before the delegate was set). */
  peerConnection(connection: RTCPeerConnection): void;
  /** Our SDP left: on the first usable ICE candidate, or when the gathering cutoff passed. */
  sdpSent(why: 'candidate' | 'timeout'): void;
  /** Either side put the call on hold or took it off; read `holdState`. */
  holdChanged(): void;
  muteChanged(muted: boolean): void;
  /** A tone the far end sent by SIP INFO. */
  dtmfReceived(tone: string): void;
  /** The session is over; `reason` is what the network said, before the call adds what it knows (transfer, our hangup). */
  ended(reason: CallEndReason, statusCode: number | undefined): void;
}

/** How a REFER went. */
export interface ReferDelegate {
  /** The far end refused the REFER. */
  refused(why: string): void;
  /** The far end accepted, then the transfer target did not answer (`status` of its final response). */
  failed(status: number | undefined): void;
  /** The transfer target answered. */
  accepted(): void;
}
