// The DOM events <wwe-softphone> dispatches. All bubble and are composed, so a host page hears them
// through any shadow roots it wraps the element in. The bridge posts the same payloads to a host window
// under the same names without the `wwe-` prefix.
import type { AutoAnswerReason, QualitySummary, QualityWarning } from '@wwe-webrtc/softphone';
import type { CallEndReason, CallSummary, SoftphoneSnapshot, WidgetErrorInfo } from '../state.js';

export interface AutoAnswerDecisionDetail {
  callId?: string;
  genesysCallUuid?: string;
  answer: boolean;
  /** Why, e.g. `signal`, `disabled`, `another-call-active`, `uuid-mismatch`. */
  reason: AutoAnswerReason;
  /** One readable sentence. */
  detail: string;
}

export interface WweSoftphoneEventMap {
  /** Any change: connection, presence, calls, auto-answer, error. */
  'wwe-state': SoftphoneSnapshot;
  /** A call started ringing for the agent. */
  'wwe-incoming': CallSummary;
  /** A call was answered (by the agent, auto-answer or remote answer) or an outgoing call was picked up. */
  'wwe-answered': CallSummary;
  /** A call ended: why, and its quality as this browser measured it (min/avg/max MOS, RTT, jitter, loss, warnings). */
  'wwe-ended': { call: CallSummary; reason: CallEndReason; quality?: QualitySummary };
  /** A call-quality warning was raised or cleared (the call's `qualityWarnings` follow). */
  'wwe-quality-warning': { call: CallSummary; warning: QualityWarning };
  /** Something the agent must know about: microphone denied, server unreachable, authentication failed… */
  'wwe-error': WidgetErrorInfo;
  /** Every auto-answer decision, with its reason. */
  'wwe-auto-answer': AutoAnswerDecisionDetail;
}

export type WweSoftphoneEventName = keyof WweSoftphoneEventMap;

export type WweSoftphoneEvent<K extends WweSoftphoneEventName> = CustomEvent<WweSoftphoneEventMap[K]>;

export function softphoneEvent<K extends WweSoftphoneEventName>(type: K, detail: WweSoftphoneEventMap[K]): WweSoftphoneEvent<K> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}

declare global {
  interface HTMLElementEventMap {
    'wwe-state': WweSoftphoneEvent<'wwe-state'>;
    'wwe-incoming': WweSoftphoneEvent<'wwe-incoming'>;
    'wwe-answered': WweSoftphoneEvent<'wwe-answered'>;
    'wwe-ended': WweSoftphoneEvent<'wwe-ended'>;
    'wwe-quality-warning': WweSoftphoneEvent<'wwe-quality-warning'>;
    'wwe-error': WweSoftphoneEvent<'wwe-error'>;
    'wwe-auto-answer': WweSoftphoneEvent<'wwe-auto-answer'>;
  }
}
