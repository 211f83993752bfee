import { readGenesysCallUuid } from '@wwe-webrtc/shared';
import type { CallDirection, CallState } from '../calls/call-state.js';
import type { Logger } from '../logger.js';
import type { AutoAnswerInput, AutoAnswerPolicy, UnanswerableRequest } from './policy.js';
import type { RemoteControlEvent } from './remote-control.js';
import { remoteControlEvent } from './remote-control.js';
import type { HeaderReader } from './signals.js';
import { parseAutoAnswerSignals } from './signals.js';
import type { AutoAnswerDecision, AutoAnswerSignal } from './types.js';

/** What a Genesys remote-control NOTIFY led to. */
export interface RemoteControlOutcome {
  event: RemoteControlEvent;
  callUuid: string | undefined;
  callId: string | undefined;
  action: 'answer' | 'hold' | 'unhold' | 'ignored';
}

/** What auto-answer reads of a call and does with it. A `Call` is one. */
export interface AnswerableCall {
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly genesysCallUuid: string | undefined;
  readonly remoteIdentity: { readonly user: string; readonly displayName: string | undefined };
  getHeader(name: string): string | undefined;
  answer(): Promise<void>;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  once(event: 'stateChanged', listener: () => void): () => void;
}

/** What the auto-answerer asks of the softphone. */
export interface AutoAnswererDelegate {
  /** Calls not yet ended. */
  calls(): readonly AnswerableCall[];
  readonly logger: Logger;
}

/** A remote-control NOTIFY's outcome, and the auto-answer decision it asked for (a `talk` for no held call). */
export interface NotifyResult {
  outcome: RemoteControlOutcome;
  decision?: AutoAnswerDecision;
  /** The ringing call the decision is for; undefined when nothing rings that the request could answer. */
  call?: AnswerableCall;
}

/**
 * A NOTIFY relayed by the gateway can overtake the INVITE it refers to (different paths through
 * Asterisk). Remember an unmatched remote answer this long and apply it when the call shows up.
 */
const EARLY_REMOTE_ANSWER_MS = 5000;

/**
 * Asks the policy about every incoming call and every remote-answer request, and carries out its
 * decisions: answers now or after the delay. Also follows Genesys' remote hold and retrieve.
 * Decisions are returned to the softphone, which announces them before they are carried out.
 */
export class AutoAnswerer {
  readonly #policy: AutoAnswerPolicy;
  readonly #delegate: AutoAnswererDelegate;
  readonly #earlyRemoteAnswers = new Map<string, number>();

  constructor(policy: AutoAnswerPolicy, delegate: AutoAnswererDelegate) {
    this.#policy = policy;
    this.#delegate = delegate;
  }

  /** A new incoming call: decides from its INVITE's headers (and a remote answer that came first). */
  decideIncoming(call: AnswerableCall, readHeaders: HeaderReader): AutoAnswerDecision {
    const { signals, problems } = parseAutoAnswerSignals(readHeaders);
    if (call.genesysCallUuid && this.#takeEarlyRemoteAnswer(call.genesysCallUuid)) {
      signals.unshift({ kind: 'remote-answer', callUuid: call.genesysCallUuid });
    }
    for (const problem of problems) this.#delegate.logger.warn(`softphone: ${problem.message}`);
    return this.#decide(call, signals, problems);
  }

  /**
   * An out-of-dialog NOTIFY (`Event: talk` / `Event: hold`) with the call's `X-Genesys-CallUUID`. Starts a
   * remote hold or retrieve itself; a remote answer comes back as a decision. Undefined for other events.
   */
  onNotify(eventHeader: string | undefined, uuidHeader: string | undefined): NotifyResult | undefined {
    const event = remoteControlEvent(eventHeader);
    if (!event) return undefined;
    const callUuid = readGenesysCallUuid(uuidHeader);
    const calls = this.#delegate.calls().filter((c) => c.state !== 'ended');
    const target = callUuid ? calls.find((c) => c.genesysCallUuid === callUuid) : undefined;
    const outcome = (action: RemoteControlOutcome['action']): RemoteControlOutcome => ({ event, callUuid, callId: target?.id, action });
    const { logger } = this.#delegate;

    if (event === 'hold') {
      if (target?.state !== 'active') return { outcome: outcome('ignored') };
      void target.hold().catch((error: unknown) => logger.warn('softphone: remote hold failed', error));
      return { outcome: outcome('hold') };
    }
    if (target?.state === 'held') {
      void target.unhold().catch((error: unknown) => logger.warn('softphone: remote retrieve failed', error));
      return { outcome: outcome('unhold') };
    }
    if (target && target.direction === 'incoming' && target.state === 'ringing') {
      return { outcome: outcome('answer'), decision: this.#decide(target, [{ kind: 'remote-answer', callUuid: target.genesysCallUuid ?? '' }], []), call: target };
    }
    if (callUuid && !target) this.#earlyRemoteAnswers.set(callUuid, Date.now() + EARLY_REMOTE_ANSWER_MS);
    const unanswerable: UnanswerableRequest = !callUuid
      ? { reason: 'uuid-missing', callUuid }
      : target
        ? { reason: 'not-ringing', callUuid, callState: target.state }
        : { reason: 'uuid-mismatch', callUuid };
    const signals: AutoAnswerSignal[] = callUuid ? [{ kind: 'remote-answer', callUuid }] : [];
    return { outcome: outcome('ignored'), decision: this.#policy.decide({ call: target && this.#callInfo(target), signals, anotherCallActive: false, unanswerable }) };
  }

  /** Answers as decided: now, or after the delay unless the call moved on (answered, declined, gone) by then. */
  carryOut(call: AnswerableCall, decision: AutoAnswerDecision): void {
    if (!decision.answer) return;
    const answer = (): void => {
      if (call.state !== 'ringing') return;
      call.answer().catch((error: unknown) => this.#delegate.logger.warn(`softphone: auto-answer of ${call.id} failed`, error));
    };
    if (decision.delayMs === 0) {
      answer();
      return;
    }
    const timer = setTimeout(answer, decision.delayMs);
    call.once('stateChanged', () => clearTimeout(timer));
  }

  #decide(call: AnswerableCall, signals: AutoAnswerSignal[], problems: AutoAnswerInput['problems']): AutoAnswerDecision {
    const anotherCallActive = this.#delegate
      .calls()
      .some((other) => other !== call && (other.state === 'active' || other.state === 'held' || other.state === 'answering'));
    return this.#policy.decide({ call: this.#callInfo(call), signals, problems, anotherCallActive });
  }

  #callInfo(call: AnswerableCall): AutoAnswerInput['call'] {
    return {
      id: call.id,
      genesysCallUuid: call.genesysCallUuid,
      remoteUser: call.remoteIdentity.user,
      remoteDisplayName: call.remoteIdentity.displayName,
      getHeader: (name) => call.getHeader(name),
    };
  }

  #takeEarlyRemoteAnswer(callUuid: string): boolean {
    const now = Date.now();
    for (const [uuid, expires] of this.#earlyRemoteAnswers) if (expires < now) this.#earlyRemoteAnswers.delete(uuid);
    return this.#earlyRemoteAnswers.delete(callUuid);
  }
}
