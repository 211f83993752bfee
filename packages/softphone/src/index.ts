/**
 * @wwe-webrtc/softphone — browser SIP softphone for Genesys Engage agents through Asterisk:
 * early media, auto-answer on Genesys' signals, bounded ICE gathering for fast answers, call quality
 * (live samples, warnings, a summary) and a preflight test. Built on JsSIP.
 */
export const VERSION = '0.1.0';

export { Softphone } from './softphone.js';
export type { CallOptions } from './softphone.js';
export type { SoftphoneEvents } from './softphone-events.js';

export { Call } from './calls/call.js';
export type { CallEvents, RemoteIdentity } from './calls/call.js';
export type { CallDirection, CallEndReason, CallState } from './calls/call-state.js';
export { DEFAULT_CALL_RECOVERY } from './calls/call-recovery-options.js';
export type { CallRecoveryOptions, ReconnectCause } from './calls/call-recovery-options.js';

export type { SoftphoneOptions, MediaOptions, DtmfOptions, TabOptions, WebSocketFactory } from './options.js';
export type { TabState } from './tabs/tab-ownership.js';
export { DEFAULTS } from './options.js';
export type { ReconnectOptions } from './registration/reconnect-options.js';
export { DEFAULT_RECONNECT } from './registration/reconnect-options.js';
export { backoffDelay } from '@wwe-webrtc/shared';
export type { BackoffOptions } from '@wwe-webrtc/shared';
export type { RegistrationState } from './registration/registration-state.js';

export type { MicrophoneState, InputChangeReason } from './media/microphone.js';

export { AutoAnswerPolicy, DEFAULT_AUTO_ANSWER } from './auto-answer/policy.js';
export type { AutoAnswerInput, ResolvedAutoAnswerOptions, UnanswerableRequest } from './auto-answer/policy.js';
export { parseAutoAnswerSignals } from './auto-answer/signals.js';
export type { RemoteControlOutcome } from './auto-answer/auto-answerer.js';
export type { RemoteControlEvent } from './auto-answer/remote-control.js';
export type {
  AutoAnswerCallInfo,
  AutoAnswerDecision,
  AutoAnswerHookContext,
  AutoAnswerOptions,
  AutoAnswerReason,
  AutoAnswerSignal,
  AutoAnswerSignalKind,
  AutoAnswerVerdict,
} from './auto-answer/types.js';

export type { IceServersGrant, IceServersProvider } from './ice/ice-servers-provider.js';
export { gatewayIceServers } from './ice/gateway-ice-servers.js';
export type { GatewayIceServersOptions } from './ice/gateway-ice-servers.js';

export {
  SoftphoneError,
  IceServersError,
  TurnRefusedError,
  QualityReportError,
  ConfigurationError,
  MediaError,
  RegistrationError,
  CallError,
  SignalError,
  TabError,
  FeatureUnavailableError,
} from './errors.js';
export type { SoftphoneErrorCode, MediaErrorCode, RegistrationErrorCode, CallErrorCode, TabErrorCode } from './errors.js';

export { DEFAULT_QUALITY_OPTIONS } from './quality/quality-options.js';
export type { QualityOptions, QualityThreshold, QualityThresholds, ResolvedQualityOptions } from './quality/quality-options.js';
export type { CallQualitySample, CandidateType, SelectedCandidatePair, StreamQuality } from './quality/quality-sample.js';
export type { MetricSummary, QualitySummary, WarningEpisode } from './quality/quality-summary.js';
export type { QualityWarning, QualityWarningName } from './quality/quality-warnings.js';
export { gatewayQualityReport } from './quality/gateway-quality-report.js';
export type { GatewayQualityReportOptions } from './quality/gateway-quality-report.js';
export type { CallQualityReport, ReportedCall } from './quality/quality-report.js';
export type { QualityReporter } from './quality/quality-reporter.js';
export { PREFLIGHT_CHECKS, PREFLIGHT_DEFAULTS } from './preflight/preflight-types.js';
export type {
  AnyPreflightCheck,
  PreflightCheck,
  PreflightCheckName,
  PreflightDetails,
  PreflightOptions,
  PreflightProgress,
  PreflightReport,
  PreflightStatus,
} from './preflight/preflight-types.js';

export type { Logger } from './logger.js';
export type { TypedEmitter, Listener } from '@wwe-webrtc/shared';
