// Building blocks every wwe-webrtc package uses, in one copy. This package is never published: the
// softphone's, the widget's and the gateway's builds bundle what they import from it (see docs/design.md).
export { TypedEmitter, type Listener, type ListenerErrorSink } from './typed-emitter.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { isGenesysCallUuid, readGenesysCallUuid } from './genesys-call-uuid.js';
export { isCallTarget } from './call-target.js';
export {
  CODEC_IMPAIRMENTS,
  DEFAULT_CODEC_IMPAIRMENT,
  DEFAULT_R,
  codecImpairment,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  mosFromR,
  mouthToEarDelayMs,
  rFactor,
  type CodecImpairment,
  type EModelInput,
} from './e-model.js';
export {
  SipHeaders,
  SipParseError,
  canonicalName,
  parseSipMessage,
  type SipMessage,
  type SipParseErrorCode,
  type SipRequest,
  type SipResponse,
} from './sip-message.js';
export {
  CANDIDATE_TYPES,
  MAX_QUALITY_REPORT_BYTES,
  MAX_REPORTED_WARNINGS,
  QUALITY_WARNING_NAMES,
  type BrowserMetricSummary,
  type BrowserQualityReport,
  type QualityWarningName,
} from './browser-quality-report.js';
