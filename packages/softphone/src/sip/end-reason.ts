import type { CallEndReason } from '../calls/call-state.js';

/** Maps the cause JsSIP gives for a session's end or failure to a call end reason. */
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
