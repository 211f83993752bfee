export { VERSION } from './version.js';
export { main } from './cli.js';

// Remote-answer relay (HEP3 in → PJSIPNotify out; see docs/remote-answer.md).
export { remoteAnswerExtension } from './relay/remote-answer-extension.js';
export { RemoteAnswerService } from './relay/remote-answer-service.js';
export type { RemoteAnswerServiceOptions, RemoteAnswerServiceDeps } from './relay/remote-answer-service.js';
export { RemoteAnswerRelay } from './relay/remote-answer-relay.js';
export type {
  RemoteAnswerPorts,
  RemoteAnswerRelayOptions,
  RemoteAnswerRelayDependencies,
  RemoteAnswerRelayEvents,
  RemoteAnswerResult,
} from './relay/remote-answer-relay.js';
export { RemoteAnswerDecider } from './relay/remote-answer-decider.js';
export type { RemoteAnswerDecision, IgnoreReason, RefuseReason } from './relay/remote-answer-decider.js';
export type { RemoteAnswerEvent, RemoteAnswerRequest } from './relay/remote-answer-request.js';
export type { RemoteAnswerOutcome } from './relay/remote-answer-metrics.js';
export { HepListener } from './hep/hep-listener.js';
export type { HepListenerDelegate, HepDropReason } from './hep/hep-listener.js';
export type { HepListenerOptions } from './hep/hep-listener-options.js';
export { decodeHep3, encodeHep3, HepProtocolType } from './hep/hep3.js';
export type { HepPacket, HepEndpoint, HepPacketInput } from './hep/hep3.js';
export { HepError } from './hep/hep-error.js';
export type { HepErrorCode } from './hep/hep-error.js';
export { parseSipMessage } from './sip/sip-message.js';
export type { SipMessage, SipRequest, SipResponse } from './sip/sip-message.js';
export { buildResponse, responseDestination } from './sip/response.js';
export { SipError } from './sip/sip-error.js';
export type { SipErrorCode } from './sip/sip-error.js';
