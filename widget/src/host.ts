// Entry for host pages (`@wwe-webrtc/widget/host`): talks to a <wwe-softphone> in an iframe.
// Loads neither Lit nor JsSIP.
export { SoftphoneFrame, connectSoftphoneFrame, type SoftphoneFrameOptions } from './bridge/host-client.js';
export {
  BRIDGE_PROTOCOL,
  BRIDGE_VERSION,
  BridgeError,
  type BridgeCommands,
  type BridgeEvents,
  type BridgeErrorCode,
  type CommandType,
  type EventType,
  type ConfigurePayload,
} from './bridge/protocol.js';
export type {
  CallSummary,
  CallState,
  CallDirection,
  CallEndReason,
  ConnectionState,
  PresenceState,
  SoftphoneSnapshot,
  WidgetErrorInfo,
} from './state.js';
