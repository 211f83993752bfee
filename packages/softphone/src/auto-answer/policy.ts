import type { SignalError } from '../errors.js';
import type { CallState } from '../calls/call-state.js';
import type { AutoAnswerCallInfo, AutoAnswerDecision, AutoAnswerOptions, AutoAnswerReason, AutoAnswerSignal } from './types.js';

export const DEFAULT_AUTO_ANSWER = {
  enabled: true,
  honour: { callInfo: true, alertInfo: true, answerMode: true, remoteAnswer: true },
  always: false,
  alwaysDelayMs: 0,
  maxDelayMs: 30_000,
  whileAnotherCallActive: false,
} as const;

export type ResolvedAutoAnswerOptions = Required<Omit<AutoAnswerOptions, 'hook' | 'honour'>> & {
  honour: Required<NonNullable<AutoAnswerOptions['honour']>>;
  hook: AutoAnswerOptions['hook'];
};

export function resolveAutoAnswerOptions(options: AutoAnswerOptions = {}): ResolvedAutoAnswerOptions {
  return {
    enabled: options.enabled ?? DEFAULT_AUTO_ANSWER.enabled,
    honour: { ...DEFAULT_AUTO_ANSWER.honour, ...options.honour },
    always: options.always ?? DEFAULT_AUTO_ANSWER.always,
    alwaysDelayMs: Math.max(0, options.alwaysDelayMs ?? DEFAULT_AUTO_ANSWER.alwaysDelayMs),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_AUTO_ANSWER.maxDelayMs),
    whileAnotherCallActive: options.whileAnotherCallActive ?? DEFAULT_AUTO_ANSWER.whileAnotherCallActive,
    hook: options.hook,
  };
}

/** What the policy needs to know about one incoming call or remote-answer request. */
export interface AutoAnswerInput {
  /** The call to decide on; undefined for a remote-answer request that names no call we have. */
  readonly call: AutoAnswerCallInfo | undefined;
  /** Signals found on the INVITE, plus a `remote-answer` signal when a NOTIFY matched this call. */
  readonly signals: readonly AutoAnswerSignal[];
  /** Headers that were present but malformed. */
  readonly problems?: readonly SignalError[];
  /** Whether any other call is answering, active or held. */
  readonly anotherCallActive: boolean;
  /** Set for a remote-answer request (`NOTIFY Event: talk`) that found no ringing call to answer. */
  readonly unanswerable?: UnanswerableRequest;
}

/** A remote-answer request with nothing to answer, and why. */
export interface UnanswerableRequest {
  readonly reason: 'uuid-missing' | 'uuid-mismatch' | 'not-ringing';
  /** The request's `X-Genesys-CallUUID`, when usable. */
  readonly callUuid: string | undefined;
  /** State of the call the UUID names (`not-ringing`). */
  readonly callState?: CallState;
}

/**
 * Decides, for every incoming call and every remote-answer request, whether to answer automatically and
 * after what delay, and says why. Every decision passes the app's hook. Pure: it reads its input and
 * options and returns a decision; the softphone acts on it.
 */
export class AutoAnswerPolicy {
  #options: ResolvedAutoAnswerOptions;

  constructor(options: AutoAnswerOptions = {}) {
    this.#options = resolveAutoAnswerOptions(options);
  }

  get options(): ResolvedAutoAnswerOptions {
    return this.#options;
  }

  /** Replaces part of the options at run time (e.g. an auto-answer toggle in the UI). */
  update(options: AutoAnswerOptions): void {
    this.#options = resolveAutoAnswerOptions({
      ...this.#options,
      ...options,
      honour: { ...this.#options.honour, ...options.honour },
    });
  }

  decide(input: AutoAnswerInput): AutoAnswerDecision {
    const proposal = this.#propose(input);
    const hook = this.#options.hook;
    if (!hook) return proposal;
    const verdict = hook({ proposal, call: input.call });
    // Nothing rings that the request could answer: the hook is told, but cannot change that.
    if (input.unanswerable) return proposal;
    if (verdict === 'answer') {
      return { ...proposal, answer: true, delayMs: proposal.answer ? proposal.delayMs : 0, reason: 'forced-by-app', detail: 'The app hook forced an answer.' };
    }
    if (verdict === 'refuse') {
      return { ...proposal, answer: false, delayMs: 0, reason: 'vetoed-by-app', detail: 'The app hook vetoed auto-answer.' };
    }
    if (verdict && typeof verdict === 'object' && Number.isFinite(verdict.answerAfterMs)) {
      const delayMs = this.#clamp(verdict.answerAfterMs);
      return { ...proposal, answer: true, delayMs, reason: 'forced-by-app', detail: `The app hook forced an answer after ${delayMs} ms.` };
    }
    return proposal;
  }

  #propose(input: AutoAnswerInput): AutoAnswerDecision {
    const { unanswerable } = input;
    const base = { callId: input.call?.id, callUuid: unanswerable ? unanswerable.callUuid : input.call?.genesysCallUuid, signals: input.signals };
    const refuse = (reason: AutoAnswerReason, detail: string, signal?: AutoAnswerSignal): AutoAnswerDecision => ({
      ...base,
      answer: false,
      delayMs: 0,
      signal,
      reason,
      detail,
    });
    if (unanswerable) return refuse(unanswerable.reason, describeUnanswerable(unanswerable), input.signals[0]);
    const options = this.#options;
    if (!options.enabled) return refuse('disabled', 'Auto-answer is switched off.');

    const manual = input.signals.find((s) => s.kind === 'answer-mode' && s.mode === 'manual');
    const honoured = input.signals.filter((s) => this.#honours(s) && s !== manual && !(s.kind === 'answer-mode' && s.mode === 'manual'));
    const chosen: AutoAnswerSignal | undefined =
      honoured.find((s) => s.kind === 'remote-answer') ??
      honoured[0] ??
      (options.always ? { kind: 'always', delayMs: options.alwaysDelayMs } : undefined);

    if (!chosen) {
      const ignored = input.signals.find((s) => !this.#honours(s));
      if (ignored) return refuse('signal-not-honoured', `The ${ignored.kind} signal is not honoured by this policy.`, ignored);
      if (manual && options.honour.answerMode) return refuse('manual-answer-mode', 'Answer-Mode: Manual was requested.', manual);
      const problem = input.problems?.[0];
      if (problem) return refuse('malformed-signal', problem.message);
      return refuse('no-signal', 'No auto-answer signal: the call rings for the agent.');
    }
    if (input.anotherCallActive && !options.whileAnotherCallActive) {
      return refuse('another-call-active', 'Another call is active; auto-answer would interrupt it.', chosen);
    }
    const delayMs = 'delayMs' in chosen ? this.#clamp(chosen.delayMs) : 0;
    const reason = chosen.kind === 'always' ? 'always' : 'signal';
    return { ...base, answer: true, delayMs, signal: chosen, reason, detail: `Answering on ${describe(chosen)}${delayMs ? ` after ${delayMs} ms` : ''}.` };
  }

  #honours(signal: AutoAnswerSignal): boolean {
    const { honour } = this.#options;
    switch (signal.kind) {
      case 'call-info':
        return honour.callInfo;
      case 'alert-info':
        return honour.alertInfo;
      case 'answer-mode':
        return honour.answerMode;
      case 'remote-answer':
        return honour.remoteAnswer;
      case 'always':
        return this.#options.always;
    }
  }

  #clamp(delayMs: number): number {
    return Math.min(Math.max(0, Math.round(delayMs)), this.#options.maxDelayMs);
  }
}

function describe(signal: AutoAnswerSignal): string {
  switch (signal.kind) {
    case 'call-info':
      return 'Call-Info answer-after';
    case 'alert-info':
      return 'Alert-Info auto-answer';
    case 'answer-mode':
      return `${signal.privileged ? 'Priv-' : ''}Answer-Mode: Auto`;
    case 'remote-answer':
      return `remote answer (NOTIFY Event: talk, UUID ${signal.callUuid})`;
    case 'always':
      return 'always-answer mode';
  }
}

function describeUnanswerable({ reason, callUuid, callState }: UnanswerableRequest): string {
  switch (reason) {
    case 'uuid-missing':
      return 'Remote answer without a usable X-Genesys-CallUUID; no call was answered.';
    case 'uuid-mismatch':
      return `Remote answer for UUID ${callUuid} matches no ringing call; no call was answered.`;
    case 'not-ringing':
      return `Remote answer for UUID ${callUuid} ignored: that call is ${callState}.`;
  }
}
