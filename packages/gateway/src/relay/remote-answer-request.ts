// What a remote-answer request is, wherever it comes from (a Genesys NOTIFY seen over HEP, or the
// HTTP API), and the headers relayed to the browser.

/** `talk` asks the endpoint to answer (or retrieve); `hold` to hold (sip-cti-control=talk,hold). */
export type RemoteAnswerEvent = 'talk' | 'hold';
export const REMOTE_ANSWER_EVENTS: readonly RemoteAnswerEvent[] = ['talk', 'hold'];

export function isRemoteAnswerEvent(value: string): value is RemoteAnswerEvent {
  return (REMOTE_ANSWER_EVENTS as readonly string[]).includes(value);
}

// The softphone's rule for a call UUID is the gateway's: nothing that could break the AMI frame (CR, LF)
// or split a `Variable:` value (Asterisk splits those at commas).
export { isGenesysCallUuid as isValidCallUuid } from '@wwe-webrtc/shared';

/** Where the request came from: a NOTIFY captured over HEP, or the HTTP answer API. */
export type RemoteAnswerSource = 'hep' | 'http';

export interface RemoteAnswerRequest {
  readonly dn: string;
  readonly event: RemoteAnswerEvent;
  /** `X-Genesys-CallUUID` of the call to answer; the softphone answers only the call carrying it. */
  readonly callUuid?: string;
}

/** Headers of the out-of-dialog NOTIFY Asterisk sends the browser (`Variable: Name=Value` each). */
export function notifyHeaders(request: RemoteAnswerRequest): Record<string, string> {
  return request.callUuid === undefined
    ? { Event: request.event }
    : { Event: request.event, 'X-Genesys-CallUUID': request.callUuid };
}
