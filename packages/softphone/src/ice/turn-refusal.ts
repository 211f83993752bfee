import { TurnRefusedError } from '../errors.js';

/** What this module reads of an `icecandidateerror` event (`RTCPeerConnectionIceErrorEvent`). */
export interface IceCandidateErrorFacts {
  readonly url: string | null | undefined;
  readonly errorCode: number;
  readonly errorText: string;
}

/**
 * A TURN server's error response to an allocation, as a typed error. Only answers count: STUN error
 * codes are 300–699, and browsers report 701 for a server that never answered (unreachable, not a
 * refusal); STUN servers allocate nothing.
 */
export function turnRefusal(event: IceCandidateErrorFacts): TurnRefusedError | undefined {
  const url = event.url ?? '';
  if (!/^turns?:/i.test(url) || !(event.errorCode >= 300 && event.errorCode <= 699)) return undefined;
  return new TurnRefusedError(url, event.errorCode, event.errorText ?? '');
}
