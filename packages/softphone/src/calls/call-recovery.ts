import type { CallRecoveryOptions, ReconnectCause } from './call-recovery-options.js';

export { DEFAULT_CALL_RECOVERY } from './call-recovery-options.js';
export type { CallRecoveryOptions, ReconnectCause } from './call-recovery-options.js';

/** What recovery needs from the call it looks after. */
export interface CallRecoveryDelegate {
  /** The WebSocket is up and the DN registered over it. */
  signallingUp(): boolean;
  /** ICE is `connected` or `completed`. */
  mediaConnected(): boolean;
  /** Re-INVITE with an ICE restart in the call's dialog; rejects when it did not go through. */
  restartIce(): Promise<void>;
  /** A restart went unanswered for `answerTimeoutMs`: the WebSocket may be dead; drop it so it reconnects. */
  signallingStalled(): void;
  reconnecting(cause: ReconnectCause): void;
  reconnected(durationMs: number): void;
  /** `timeoutMs` passed without recovering: end the call. */
  giveUp(): void;
}

/**
 * Keeps one established call alive through a network blip, the way Twilio's Voice SDK does: on ICE
 * `disconnected`/`failed` or a lost WebSocket the call is `reconnecting`; as soon as the signalling path
 * is up (at once, or after the DN re-registered over a new WebSocket) it renegotiates with an ICE
 * restart, and again every `retryIntervalMs` until media flows; then `reconnected`. Measured through
 * Asterisk 22 and Chromium: without a restart the media does not come back even after a 3 s outage
 * (Chromium discards the candidate pairs), and after a new WebSocket only a re-INVITE in the dialog
 * moves Asterisk's side of the call to it. Past `timeoutMs` the call is given up.
 */
export class CallRecovery {
  readonly #options: Required<CallRecoveryOptions>;
  readonly #delegate: CallRecoveryDelegate;
  readonly #random: () => number;
  #since: number | undefined;
  /** The dialog's remote target at Asterisk may name a dead WebSocket until a re-INVITE is answered. */
  #dialogStale = false;
  #restarting = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: Required<CallRecoveryOptions>, delegate: CallRecoveryDelegate, random: () => number = Math.random) {
    this.#options = options;
    this.#delegate = delegate;
    this.#random = random;
  }

  get reconnecting(): boolean {
    return this.#since !== undefined;
  }

  /** The peer connection's ICE state changed. */
  mediaChanged(state: RTCIceConnectionState): void {
    if (state === 'disconnected' || state === 'failed') this.#begin('media');
    else if (state === 'connected' || state === 'completed') this.#checkRecovered();
  }

  /** The WebSocket dropped: Asterisk's dialog still points at it. */
  signallingLost(): void {
    this.#dialogStale = true;
    this.#begin('signalling');
  }

  /** The DN is registered again (over a new WebSocket). */
  signallingRestored(): void {
    if (this.#since !== undefined) void this.#attempt();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    this.#since = undefined;
  }

  #begin(cause: ReconnectCause): void {
    if (this.#stopped || !this.#options.enabled) return;
    if (this.#since !== undefined) {
      if (!this.#restarting) void this.#attempt();
      return;
    }
    this.#since = performance.now();
    this.#deadline = setTimeout(() => this.#giveUp(), this.#options.timeoutMs);
    this.#delegate.reconnecting(cause);
    void this.#attempt();
  }

  async #attempt(): Promise<void> {
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
    if (this.#stopped || this.#restarting || this.#since === undefined) return;
    // Without a WebSocket the re-INVITE cannot go; signallingRestored() comes back here.
    if (!this.#delegate.signallingUp()) return;
    this.#restarting = true;
    const stalled = setTimeout(() => this.#delegate.signallingStalled(), this.#options.answerTimeoutMs);
    try {
      await this.#delegate.restartIce();
      this.#dialogStale = false;
    } catch {
      // Tried again below, or when the signalling comes back.
    } finally {
      clearTimeout(stalled);
      this.#restarting = false;
    }
    if (this.#stopped || this.#since === undefined || this.#checkRecovered()) return;
    const spread = 1 + (this.#random() * 2 - 1) * 0.25;
    this.#retry = setTimeout(() => void this.#attempt(), Math.round(this.#options.retryIntervalMs * spread));
  }

  #checkRecovered(): boolean {
    if (this.#since === undefined || this.#dialogStale || !this.#delegate.mediaConnected()) return false;
    const durationMs = Math.round(performance.now() - this.#since);
    this.#clearTimers();
    this.#since = undefined;
    this.#delegate.reconnected(durationMs);
    return true;
  }

  #giveUp(): void {
    if (this.#stopped || this.#since === undefined) return;
    this.stop();
    this.#delegate.giveUp();
  }

  #clearTimers(): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#retry = undefined;
    this.#deadline = undefined;
  }
}
