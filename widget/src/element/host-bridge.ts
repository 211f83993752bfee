// The element's end of the host bridge: when framed (or opened by another window) and given host
// origins, it takes commands from the host and forwards the element's events to it.
import { WindowTransport, parseOriginList } from '../bridge/transport.js';
import { WidgetBridge, type CommandHandler } from '../bridge/widget-bridge.js';
import type { BridgeEvents, ConfigurePayload, EventType } from '../bridge/protocol.js';
import type { CallSummary, SoftphoneSnapshot } from '../state.js';

/** What the bridge needs from the element: its public API. */
export interface BridgedSoftphone {
  readonly state: SoftphoneSnapshot;
  configure(settings: ConfigurePayload): SoftphoneSnapshot;
  connect(): Promise<SoftphoneSnapshot>;
  disconnect(): Promise<SoftphoneSnapshot>;
  answer(callId?: string): Promise<CallSummary>;
  hangup(callId?: string): Promise<CallSummary>;
  hold(hold?: boolean, callId?: string): Promise<CallSummary>;
  mute(muted?: boolean, callId?: string): Promise<CallSummary>;
  dial(target: string): Promise<CallSummary>;
  sendDtmf(tones: string, callId?: string): Promise<CallSummary>;
  setAutoAnswer(enabled: boolean): void;
}

export class HostBridge {
  #bridge: WidgetBridge | undefined;

  constructor(private readonly softphone: BridgedSoftphone) {}

  /**
   * (Re)starts for `hostOrigins` (space-separated). No origins or no peer window: no bridge.
   * Throws a BridgeError (`INVALID_ORIGIN`) for an origin that is not exact.
   */
  start(hostOrigins: string): void {
    this.close();
    const peer = window.parent !== window ? window.parent : window.opener;
    if (!hostOrigins.trim() || !peer) return;
    const transport = new WindowTransport({ receiver: window, peer: () => peer, allowedOrigins: parseOriginList(hostOrigins) });
    this.#bridge = new WidgetBridge(transport, commandsFor(this.softphone));
    this.#bridge.announce();
  }

  emit<K extends EventType>(type: K, payload: BridgeEvents[K]): void {
    this.#bridge?.emit(type, payload);
  }

  close(): void {
    this.#bridge?.close();
    this.#bridge = undefined;
  }
}

function commandsFor(softphone: BridgedSoftphone): CommandHandler {
  return {
    getState: () => softphone.state,
    configure: (payload) => softphone.configure(payload),
    connect: () => softphone.connect(),
    disconnect: () => softphone.disconnect(),
    answer: ({ callId }) => softphone.answer(callId),
    hangup: ({ callId }) => softphone.hangup(callId),
    hold: ({ callId, hold }) => softphone.hold(hold ?? true, callId),
    mute: ({ callId, muted }) => softphone.mute(muted ?? true, callId),
    dial: ({ target }) => softphone.dial(target),
    dtmf: ({ tones, callId }) => softphone.sendDtmf(tones, callId),
    setAutoAnswer: ({ enabled }) => {
      softphone.setAutoAnswer(enabled);
      return { enabled };
    },
  };
}
