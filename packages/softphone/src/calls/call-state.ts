/**
 * `dialing` (outgoing, no answer from the network yet) → `ringing` → `answering` (incoming, 200 OK on
 * its way) → `active` ⇄ `held` → `ended`.
 */
export type CallState = 'dialing' | 'ringing' | 'answering' | 'active' | 'held' | 'ended';

export type CallDirection = 'incoming' | 'outgoing';

/** Why a call ended. */
export type CallEndReason =
  | 'local-hangup'
  | 'remote-hangup'
  /** Declined (locally or by the remote party). */
  | 'rejected'
  | 'busy'
  /** The caller gave up before it was answered (CANCEL). */
  | 'canceled'
  | 'no-answer'
  | 'not-found'
  | 'unavailable'
  /** Blind transfer completed; the call left this phone. */
  | 'transferred'
  | 'connection-lost'
  | 'auth-failed'
  /** Media could not be set up (microphone, SDP, ICE). */
  | 'media-failed'
  | 'failed';
