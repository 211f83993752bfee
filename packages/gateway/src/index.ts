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
export type { GatewayConfig, RelayConfig, TurnConfig } from './config/schema.js';
export { writeAsteriskConfig, renderAsteriskConfig, type GeneratedFile } from './asterisk-config/generate.js';
export type { AsteriskConfigOptions } from './asterisk-config/options.js';
export { createLogger, type Logger } from './logger.js';

export { turnCredential, type TurnCredential } from './turn/turn-credentials.js';
export { agentProof, agentProofHeader, AGENT_PROOF_SCHEME, AGENT_PROOF_CONTEXT } from './turn/agent-proof.js';
export { TurnCredentialService, type IceServer, type TurnCredentialsResponse, type IssueResult } from './turn/turn-credential-service.js';
export { TURN_DEFAULTS, type TurnCredentialOptions } from './turn/turn-options.js';
export { turnExtension } from './turn/turn-extension.js';
export { renderNginxSite, type NginxSiteOptions } from './asterisk-config/nginx-conf.js';
