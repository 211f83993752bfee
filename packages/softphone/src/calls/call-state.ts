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

/** Maps a JsSIP end/failure cause to an end reason. */
export function endReasonFromCause(cause: string | undefined, originator: 'local' | 'remote' | 'system'): CallEndReason {
  switch (cause) {
    case 'Terminated':
    case 'Bye':
      return originator === 'local' ? 'local-hangup' : 'remote-hangup';
    case 'Canceled':
      return originator === 'local' ? 'local-hangup' : 'canceled';
    case 'Rejected':
    case 'Forbidden':
      return 'rejected';
    case 'Busy':
      return 'busy';
    case 'No Answer':
    case 'Request Timeout':
    case 'Expires':
      return 'no-answer';
    case 'Not Found':
    case 'Address Incomplete':
      return 'not-found';
    case 'Unavailable':
    case 'Redirected':
      return 'unavailable';
    case 'Connection Error':
    case 'RTP Timeout':
    case 'No ACK':
    case 'Dialog Error':
      return 'connection-lost';
    case 'Authentication Error':
      return 'auth-failed';
    case 'User Denied Media Access':
    case 'WebRTC Error':
    case 'Incompatible SDP':
    case 'Missing SDP':
    case 'Bad Media Description':
      return 'media-failed';
    default:
      return 'failed';
  }
}
