// What the bridge's commands do on the element: each is the element's public method of the same name.
import type { WidgetBridgeDelegate } from '../bridge/widget-bridge.js';
import type { ConfigurePayload } from '../bridge/protocol.js';
import type { CallSummary, SoftphoneSnapshot } from '../state.js';

/** The element's public API, as far as the bridge uses it. */
export interface BridgedElement {
  readonly state: SoftphoneSnapshot;
  configure(settings: ConfigurePayload): SoftphoneSnapshot;
  connect(): Promise<SoftphoneSnapshot>;
  disconnect(): Promise<SoftphoneSnapshot>;
  takeover(): Promise<SoftphoneSnapshot>;
  answer(callId?: string): Promise<CallSummary>;
  hangup(callId?: string): Promise<CallSummary>;
  hold(hold?: boolean, callId?: string): Promise<CallSummary>;
  mute(muted?: boolean, callId?: string): Promise<CallSummary>;
  dial(target: string): Promise<CallSummary>;
  sendDtmf(tones: string, callId?: string): Promise<CallSummary>;
  transfer(target: string, callId?: string): Promise<CallSummary>;
  setAutoAnswer(enabled: boolean): void;
}

export function bridgeDelegate(element: BridgedElement): WidgetBridgeDelegate {
  return {
    getState: () => element.state,
    configure: (payload) => element.configure(payload),
    connect: () => element.connect(),
    disconnect: () => element.disconnect(),
    takeover: () => element.takeover(),
    answer: ({ callId }) => element.answer(callId),
    hangup: ({ callId }) => element.hangup(callId),
    hold: ({ callId, hold }) => element.hold(hold ?? true, callId),
    mute: ({ callId, muted }) => element.mute(muted ?? true, callId),
    dial: ({ target }) => element.dial(target),
    dtmf: ({ tones, callId }) => element.sendDtmf(tones, callId),
    transfer: ({ target, callId }) => element.transfer(target, callId),
    setAutoAnswer: ({ enabled }) => {
      element.setAutoAnswer(enabled);
      return { enabled };
    },
  };
}
