import type { Call } from '../calls/call.js';
import type { Logger } from '../logger.js';
import type { AutoAnswerPolicy } from './policy.js';
import type { RemoteControlEvent } from './remote-control.js';
import { normalizeCallUuid, remoteControlEvent } from './remote-control.js';
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

export interface AutoAnswererHost {
  calls(): readonly Call[];
  decided(decision: AutoAnswerDecision): void;
  remoteControl(outcome: RemoteControlOutcome): void;
  logger: Logger;
}

/**
 * A NOTIFY relayed by the gateway can overtake the INVITE it refers to (different paths through
 * Asterisk). Remember an unmatched remote answer this long and apply it when the call shows up.
 */
const EARLY_REMOTE_ANSWER_MS = 5000;

/** Acts on the policy's decisions: answers now or after the delay, and handles remote-control NOTIFYs. */
export class AutoAnswerer {
  #policy: AutoAnswerPolicy;
  #host: AutoAnswererHost;
  #earlyRemoteAnswers = new Map<string, number>();

  constructor(policy: AutoAnswerPolicy, host: AutoAnswererHost) {
    this.#policy = policy;
    this.#host = host;
  }

  /** A new incoming call: read its headers, decide, act. */
  onIncomingCall(call: Call, readHeaders: HeaderReader): void {
    const { signals, problems } = parseAutoAnswerSignals(readHeaders);
    if (call.genesysCallUuid && this.#takeEarlyRemoteAnswer(call.genesysCallUuid)) {
      signals.unshift({ kind: 'remote-answer', callUuid: call.genesysCallUuid });
    }
    for (const problem of problems) this.#host.logger.warn(`softphone: ${problem.message}`);
    this.#apply(call, signals, problems);
  }

  /** An out-of-dialog NOTIFY (`Event: talk` / `Event: hold`) with the call's `X-Genesys-CallUUID`. */
  onNotify(eventHeader: string | undefined, uuidHeader: string | undefined): void {
    const event = remoteControlEvent(eventHeader);
    if (!event) return;
    const callUuid = normalizeCallUuid(uuidHeader);
    const calls = this.#host.calls().filter((c) => c.state !== 'ended');
    const target = callUuid ? calls.find((c) => c.genesysCallUuid === callUuid) : undefined;
    const outcome = (action: RemoteControlOutcome['action'], call?: Call): void =>
      this.#host.remoteControl({ event, callUuid, callId: call?.id, action });

    if (event === 'hold') {
      if (target?.state === 'active') {
        outcome('hold', target);
        void target.hold().catch((error: unknown) => this.#host.logger.warn('softphone: remote hold failed', error));
      } else outcome('ignored', target);
      return;
    }
    if (target?.state === 'held') {
      outcome('unhold', target);
      void target.unhold().catch((error: unknown) => this.#host.logger.warn('softphone: remote retrieve failed', error));
      return;
    }
    if (target && target.direction === 'incoming' && target.state === 'ringing') {
      outcome('answer', target);
      this.#apply(target, [{ kind: 'remote-answer', callUuid: target.genesysCallUuid ?? '' }], []);
      return;
    }
    if (callUuid && !target) this.#earlyRemoteAnswers.set(callUuid, Date.now() + EARLY_REMOTE_ANSWER_MS);
    outcome('ignored', target);
    const detail = callUuid
      ? target
        ? `Remote answer for UUID ${callUuid} ignored: that call is ${target.state}.`
        : `Remote answer for UUID ${callUuid} matches no ringing call; no call was answered.`
      : 'Remote answer without a usable X-Genesys-CallUUID; no call was answered.';
    this.#host.decided({
      callId: target?.id,
      callUuid,
      answer: false,
      delayMs: 0,
      signal: callUuid ? { kind: 'remote-answer', callUuid } : undefined,
      signals: callUuid ? [{ kind: 'remote-answer', callUuid }] : [],
      reason: !callUuid ? 'uuid-missing' : target ? 'not-ringing' : 'uuid-mismatch',
      detail,
    });
  }

  #apply(call: Call, signals: AutoAnswerSignal[], problems: Parameters<AutoAnswerPolicy['decide']>[0]['problems']): void {
    const anotherCallActive = this.#host
      .calls()
      .some((other) => other !== call && (other.state === 'active' || other.state === 'held' || other.state === 'answering'));
    const decision = this.#policy.decide({
      call: {
        id: call.id,
        genesysCallUuid: call.genesysCallUuid,
        remoteUser: call.remoteIdentity.user,
        remoteDisplayName: call.remoteIdentity.displayName,
        getHeader: (name) => call.getHeader(name),
      },
      signals,
      problems,
      anotherCallActive,
    });
    call.autoAnswerDecision = decision;
    this.#host.decided(decision);
    if (!decision.answer) return;
    const answer = (): void => {
      if (call.state !== 'ringing') return;
      call.answer().catch((error: unknown) => this.#host.logger.warn(`softphone: auto-answer of ${call.id} failed`, error));
    };
    if (decision.delayMs === 0) {
      answer();
      return;
    }
    const timer = setTimeout(answer, decision.delayMs);
    call.once('stateChanged', () => clearTimeout(timer));
  }

  #takeEarlyRemoteAnswer(callUuid: string): boolean {
    const now = Date.now();
    for (const [uuid, expires] of this.#earlyRemoteAnswers) if (expires < now) this.#earlyRemoteAnswers.delete(uuid);
    return this.#earlyRemoteAnswers.delete(callUuid);
  }
}
