export { VERSION } from './version.js';
export { main } from './cli.js';

export * from './errors.js';
export { AmiClient, type AmiClientEvents, type AmiClientState, type AmiListResult, type AmiSendOptions } from './ami/client.js';
export { AMI_CLIENT_DEFAULTS, type AmiClientOptions } from './ami/client-options.js';
export { AmiParser, serializeAction, type AmiFields, type AmiFieldValue, type AmiParsed, type AmiParserOptions } from './ami/codec.js';
export { AmiMessage } from './ami/message.js';
export * from './ami/events.js';
export { pjsipNotify, pjsipRegister, pjsipUnregister, type PjsipNotifyRequest } from './ami/actions.js';

export { RegistrationSync, type DnDirectory, type RegistrationSyncEvents, type RegistrationSyncDelegate } from './registration-sync/registration-sync.js';
export { REGISTRATION_SYNC_DEFAULTS, type RegistrationSyncOptions } from './registration-sync/sync-options.js';
export { DnRanges, DN_PATTERN, isValidDn, assertDn } from './registration-sync/dn-ranges.js';
export type { DnStatus, GenesysState, DnLastError, DnErrorCode } from './registration-sync/dn-state.js';

export { GatewayHttpServer, type HttpServerOptions } from './http/server.js';
export { Router, type RouteHandler, type RequestContext, type RouteOptions, type HttpMethod } from './http/router.js';
export { readJsonBody, sendJson, sendError, HttpError } from './http/respond.js';
export type { AccessScope } from './http/auth.js';
export { originProblem } from './http/cors.js';
export type { DnPresence } from './http/dns-routes.js';
export { createGatewayMetrics, type GatewayMetrics } from './metrics.js';

export { Gateway, type GatewayContext, type GatewayExtension, type GatewayOptions } from './gateway.js';
export { loadConfig, redactConfig, type LoadConfigOptions } from './config/load.js';
export { ENV_VARIABLES } from './config/env.js';
export type { GatewayConfig, RelayConfig, TurnConfig } from './config/gateway-config.js';
export { writeAsteriskConfig, renderAsteriskConfig, type GeneratedFile } from './asterisk-config/generate.js';
export type { AsteriskConfigOptions } from './asterisk-config/options.js';
export { createLogger, type Logger } from './logger.js';
export { defaultExtensions } from './extensions.js';

export { turnCredential, type TurnCredential } from './turn/turn-credentials.js';
export { agentProof, agentProofHeader, AGENT_PROOF_SCHEME, AGENT_PROOF_CONTEXT } from './agent-auth/agent-proof.js';
export { TurnCredentialService, type IceServer, type TurnCredentialsResponse, type IssueResult } from './turn/turn-credential-service.js';
export { TURN_DEFAULTS, type TurnCredentialOptions } from './turn/turn-options.js';
export { turnExtension } from './turn/turn-extension.js';
export { renderNginxSite, type NginxSiteOptions } from './asterisk-config/nginx-conf.js';

// The remote-answer relay, as an extension and piece by piece (see docs/remote-answer.md).
export { remoteAnswerExtension } from './relay/remote-answer-extension.js';
export { RemoteAnswerService, type RemoteAnswerServiceOptions, type RemoteAnswerServiceContext } from './relay/remote-answer-service.js';
export {
  RemoteAnswerRelay,
  type RemoteAnswerDelegate,
  type RemoteAnswerRelayOptions,
  type RemoteAnswerRelayContext,
  type RemoteAnswerRelayEvents,
  type RemoteAnswerResult,
} from './relay/remote-answer-relay.js';
export { RemoteAnswerDecider, REMOTE_ANSWER_DECIDER_DEFAULTS, type RemoteAnswerDeciderOptions, type RemoteAnswerDecision } from './relay/remote-answer-decider.js';
export type { RemoteAnswerEvent, RemoteAnswerRequest, RemoteAnswerSource } from './relay/remote-answer-request.js';
export { parsePeerAddress, type PeerAddress } from './relay/peer-address.js';
export { UdpSipResponder, type SipResponder } from './relay/sip-responder.js';
export { HepListener, type HepListenerDelegate, type HepDropReason } from './hep/hep-listener.js';
export { HEP_LISTENER_DEFAULTS, type HepListenerOptions } from './hep/hep-listener-options.js';
export { decodeHep3, encodeHep3, type HepPacket, type HepPacketInput, type HepEndpoint } from './hep/hep3.js';
export { HepError } from './hep/hep-error.js';
export { parseSipMessage, type SipMessage, type SipRequest, type SipResponse } from './sip/sip-message.js';
export { buildResponse, responseDestination, type ResponseDestination } from './sip/response.js';
export { SipError } from './sip/sip-error.js';
