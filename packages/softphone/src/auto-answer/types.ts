/** A request to answer automatically, as found on an incoming call. */
export type AutoAnswerSignal =
  /** `Call-Info: <…>;answer-after=N` (seconds), or `Call-Info: <…>;info=alert-autoanswer`. */
  | { kind: 'call-info'; delayMs: number; header: string }
  /** `Alert-Info: <…>;info=alert-autoanswer`, `Ring Answer`, `Auto Answer` (optional `;delay=N`). */
  | { kind: 'alert-info'; delayMs: number; header: string }
  /** RFC 5373 `Answer-Mode: Auto` or `Priv-Answer-Mode: Auto`. */
  | { kind: 'answer-mode'; mode: 'auto' | 'manual'; privileged: boolean; header: string }
  /** Genesys remote answer: out-of-dialog `NOTIFY` with `Event: talk` and the call's `X-Genesys-CallUUID`. */
  | { kind: 'remote-answer'; callUuid: string }
  /** The desk is configured to answer every call (`autoAnswer.always`). */
  | { kind: 'always'; delayMs: number };

export type AutoAnswerSignalKind = AutoAnswerSignal['kind'];

/** Why a decision went the way it did. */
export type AutoAnswerReason =
  /** A signal asked for auto-answer and the policy honours it. */
  | 'signal'
  /** `always` mode. */
  | 'always'
  /** The app hook forced an answer. */
  | 'forced-by-app'
  /** The app hook vetoed an answer. */
  | 'vetoed-by-app'
  /** Nothing asked to answer automatically: the call rings for the agent. */
  | 'no-signal'
  /** Auto-answer is switched off. */
  | 'disabled'
  /** A signal was present but the policy does not honour that kind. */
  | 'signal-not-honoured'
  /** Another call is active and `whileAnotherCallActive` is off. */
  | 'another-call-active'
  /** `Answer-Mode: Manual` was requested. */
  | 'manual-answer-mode'
  /** A header that would decide was malformed; the call rings instead. */
  | 'malformed-signal'
  /** Remote answer: no ringing call carries the requested UUID. */
  | 'uuid-mismatch'
  /** Remote answer: the NOTIFY carried no usable `X-Genesys-CallUUID`. */
  | 'uuid-missing'
  /** Remote answer: the call with that UUID is no longer ringing (already answering or answered). */
  | 'not-ringing';

/** Emitted for every incoming call and every remote-answer request: what was seen, what was done, why. */
export interface AutoAnswerDecision {
  /** `Call.id` of the call decided on; undefined when a remote-answer request matched no call. */
  readonly callId: string | undefined;
  /** The Genesys call UUID involved, if any. */
  readonly callUuid: string | undefined;
  readonly answer: boolean;
  /** Delay before answering (ms); 0 when not answering. */
  readonly delayMs: number;
  /** The signal that decided, if one did. */
  readonly signal: AutoAnswerSignal | undefined;
  /** Every signal seen. */
  readonly signals: readonly AutoAnswerSignal[];
  readonly reason: AutoAnswerReason;
  /** One readable sentence, for logs and support. */
  readonly detail: string;
}

/** What the app hook may return: force an answer (optionally after a delay), veto, or leave the decision. */
export type AutoAnswerVerdict = 'answer' | 'refuse' | { answerAfterMs: number } | undefined | void;

/** The call a decision is about, as the app hook sees it. */
export interface AutoAnswerCallInfo {
  readonly id: string;
  readonly genesysCallUuid: string | undefined;
  readonly remoteUser: string;
  readonly remoteDisplayName: string | undefined;
  /** First value of a header of the INVITE, or undefined. */
  getHeader(name: string): string | undefined;
}

/** What the app hook sees. */
export interface AutoAnswerHookContext {
  /** The decision the policy would take without the hook. */
  readonly proposal: AutoAnswerDecision;
  /**
   * The call decided on. Undefined for a remote-answer request that names no call we have
   * (`uuid-missing`, `uuid-mismatch`): the hook hears of it, but there is nothing to answer.
   */
  readonly call: AutoAnswerCallInfo | undefined;
}

/** Auto-answer configuration. Every field is optional; defaults in `DEFAULT_AUTO_ANSWER`. */
export interface AutoAnswerOptions {
  /** Master switch. Default `true`. */
  enabled?: boolean;
  /** Which signals to honour. Default: all `true`. */
  honour?: {
    callInfo?: boolean;
    alertInfo?: boolean;
    answerMode?: boolean;
    remoteAnswer?: boolean;
  };
  /** Answer every incoming call (a desk configured that way). Default `false`. */
  always?: boolean;
  /** Delay for `always` mode, ms. Default `0`. */
  alwaysDelayMs?: number;
  /** Upper bound of any header-requested delay, ms (longer requests are shortened). Default `30000`. */
  maxDelayMs?: number;
  /** Auto-answer even while another call is active or held. Default `false`. */
  whileAnotherCallActive?: boolean;
  /**
   * App hook run for every decision: return `'answer'`, `'refuse'`, `{ answerAfterMs }`, or nothing to keep the
   * proposal. A remote-answer request that finds no ringing call is refused whatever the hook returns.
   */
  hook?: (context: AutoAnswerHookContext) => AutoAnswerVerdict;
}
