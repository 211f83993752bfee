// What a call's recovery can be told, apart from the recovery itself (loaded at connect(), its own chunk).
/** What broke: the media path (ICE `disconnected`/`failed`) or the SIP WebSocket. */
export type ReconnectCause = 'media' | 'signalling';

/** How a call rides out a network blip. Defaults in `DEFAULT_CALL_RECOVERY`. */
export interface CallRecoveryOptions {
  /** Recover calls at all. Default `true`. */
  enabled?: boolean;
  /** Longest a call may stay `reconnecting`; then it ends with `connection-lost` (a BYE goes out as soon as it can). Default `20000`. */
  timeoutMs?: number;
  /** Pause between ICE restarts while the media does not come back (±25 % jitter). Default `2000`. */
  retryIntervalMs?: number;
  /** A re-INVITE unanswered for this long means the WebSocket is dead without knowing it: it is dropped and reopened. Default `4000`. */
  answerTimeoutMs?: number;
}

export const DEFAULT_CALL_RECOVERY: Required<CallRecoveryOptions> = {
  enabled: true,
  timeoutMs: 20_000,
  retryIntervalMs: 2000,
  answerTimeoutMs: 4000,
};
