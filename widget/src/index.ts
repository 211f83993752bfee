// `@wwe-webrtc/widget`: importing it defines <wwe-softphone>. Host pages that drive a framed widget
// import `@wwe-webrtc/widget/host` instead, which loads neither Lit nor the softphone.
import { WweSoftphone } from './element/wwe-softphone.js';

export { WweSoftphone };
export type {
  WweSoftphoneEventMap,
  WweSoftphoneEventName,
  WweSoftphoneEvent,
  AutoAnswerDecisionDetail,
} from './element/events.js';
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
/**
 * Defines the element under `name` (default `wwe-softphone`, done on import); safe to call more than once.
 * Another name gets its own subclass, since a class can be registered only once.
 */
export function defineSoftphoneElement(name = 'wwe-softphone'): void {
  if (customElements.get(name)) return;
  customElements.define(name, name === 'wwe-softphone' ? WweSoftphone : class extends WweSoftphone {});
}

defineSoftphoneElement();

declare global {
  interface HTMLElementTagNameMap {
    'wwe-softphone': WweSoftphone;
  }
}
