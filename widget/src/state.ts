// Plain-data view of the softphone that the element renders, its DOM events carry and the bridge sends
// across windows. Strings only, no library objects: it must survive structured cloning. The states and
// reasons are the softphone library's own types, so the two cannot drift apart.
import type { CallDirection, CallEndReason, CallState, QualityWarningName, RegistrationState, TabState } from '@wwe-webrtc/softphone';

export type { CallDirection, CallEndReason, CallState, QualityWarningName, TabState };

/** The WebSocket/SIP registration of the agent's DN, as the widget shows it. */
export type ConnectionState = RegistrationState;

export interface CallSummary {
  id: string;
  direction: CallDirection;
  state: CallState;
  /** The other party: a number or SIP user. */
  remote: string;
  /** Display name of the other party, when it sent one. */
  remoteName?: string;
  /** `X-Genesys-CallUUID` of the call, the key WWE and Genesys know it by. */
  genesysCallUuid?: string;
  muted: boolean;
  /** The network dropped under the call; it is renegotiating (ICE restart) and will say when it is back. */
  reconnecting: boolean;
  /** Epoch milliseconds when the call was answered. */
  answeredAt?: number;
  /** Call-quality warnings raised now (`high-packet-loss`, `low-mos`…); absent when there are none. */
  qualityWarnings?: QualityWarningName[];
}

/** Genesys-side registration of the DN, read from the gateway's `/api/dns/:dn` when a gateway is set. */
export type PresenceState = 'unknown' | 'registered' | 'unregistered' | 'registering' | 'unreachable';

export interface WidgetErrorInfo {
  /** Stable code, e.g. `MIC_PERMISSION_DENIED`, `SERVER_UNREACHABLE`, `AUTH_FAILED`. */
  code: string;
  message: string;
}

export interface SoftphoneSnapshot {
  connection: ConnectionState;
  dn: string;
  server: string;
  presence: PresenceState;
  autoAnswer: boolean;
  calls: CallSummary[];
  /**
   * This tab's hold on the DN: `owner` registers it; `standby` means another tab of this browser does
   * ("active in another tab"), `taking-over` that "use here" is moving it here.
   */
  tab: TabState;
  /** While standing by: calls in progress in the tab that owns the DN ("use here" waits for them). */
  otherTabCalls: number;
  error?: WidgetErrorInfo;
}
