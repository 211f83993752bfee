import { TypedEmitter } from '@wwe-webrtc/shared';
import { TabError } from '../errors.js';
import type { Logger } from '../logger.js';
import { DnLock } from './dn-lock.js';
import { readTabMessage } from './tab-messages.js';
import type { TabMessage } from './tab-messages.js';

/**
 * Where this tab stands for its DN:
 * `inactive` (not started) → `claiming` → `owner` (registers the DN) or `standby` (another tab does);
 * `standby → taking-over → owner` ("use here"), `owner → handing-over → standby` (another tab took it).
 */
export type TabState = 'inactive' | 'claiming' | 'owner' | 'standby' | 'taking-over' | 'handing-over';

export interface TabOwnershipEvents {
  stateChanged: { state: TabState; previous: TabState };
  /** While standing by: the number of calls in progress in the owning tab changed. */
  ownerCallsChanged: { calls: number };
}

/** What ownership asks of the softphone of this tab. */
export interface TabOwnershipDelegate {
  /** This tab owns the DN now: register it (resolve once registered). */
  activate(): Promise<void>;
  /**
   * Another tab registered the DN in this tab's place; its contact already replaced ours at the
   * registrar. Stop without an un-REGISTER (calls still in progress here finish first).
   */
  deactivate(): Promise<void>;
  /** Calls in progress in this tab: a takeover is refused while there are any. */
  callsInProgress(): number;
  /** A takeover was accepted: send no REGISTER (a refresh would take the DN back) until it completes or fails. */
  pauseRegistration(): void;
  /** The takeover did not complete: register again at once (the other tab may have replaced our contact). */
  resumeRegistration(): void;
}

export interface TabOwnershipOptions {
  /** What is owned; one Web Lock and one BroadcastChannel per key (the softphone uses its server and DN). */
  key: string;
  /** How long the owner waits for a tab it handed over to to register, then carries on. Default `5000`. */
  takeoverTimeoutMs?: number;
  /** How long "use here" waits for the owner's answer before taking over anyway. Default `1000`. */
  replyTimeoutMs?: number;
  /** `navigator.locks` replacement (tests). */
  locks?: LockManager;
  /** Opens the channel (tests). Default `new BroadcastChannel(name)`. */
  openChannel?: (name: string) => BroadcastChannel;
  /** Let go at `pagehide` (close, reload, back/forward cache), so the next tab takes over at once. Default `true`. */
  releaseOnPageHide?: boolean;
  logger: Logger;
}

export const TAB_OWNERSHIP_DEFAULTS = { takeoverTimeoutMs: 5000, replyTimeoutMs: 1000 } as const;

/**
 * One tab per DN across a browser profile, with the browser's own primitives: the tab holding the
 * DN's Web Lock registers it; the others queue for the lock (a closed or crashed owner releases it at
 * once, and the first in line takes over) and learn about the owner over a BroadcastChannel. "Use here"
 * asks the owner to step aside; the new tab registers first — with `max_contacts=1, remove_existing=yes`
 * its contact replaces the old one — and only then steals the lock, so the DN never goes unregistered.
 * A tab with a call in progress never hands over.
 */
export class TabOwnership extends TypedEmitter<TabOwnershipEvents> {
  readonly tabId = randomId();
  readonly #key: string;
  readonly #delegate: TabOwnershipDelegate;
  readonly #options: Required<Omit<TabOwnershipOptions, 'locks' | 'openChannel' | 'logger'>>;
  /** The claim connect() started; later connect() calls share it. */
  #claim: Promise<void> | undefined;
  #detachPageHide: (() => void) | undefined;
  readonly #lock: DnLock | undefined;
  readonly #openChannel: ((name: string) => BroadcastChannel) | undefined;
  readonly #logger: Logger;
  #state: TabState = 'inactive';
  #ownerCalls = 0;
  #channel: BroadcastChannel | undefined;
  /** Owner side: the takeover we accepted and wait to complete. */
  #handover: { requestId: string; timer: ReturnType<typeof setTimeout> } | undefined;
  readonly #replies = new Map<string, (message: TabMessage | undefined) => void>();

  constructor(options: TabOwnershipOptions, delegate: TabOwnershipDelegate) {
    super();
    this.#key = options.key;
    this.#delegate = delegate;
    this.#options = {
      key: options.key,
      takeoverTimeoutMs: options.takeoverTimeoutMs ?? TAB_OWNERSHIP_DEFAULTS.takeoverTimeoutMs,
      replyTimeoutMs: options.replyTimeoutMs ?? TAB_OWNERSHIP_DEFAULTS.replyTimeoutMs,
      releaseOnPageHide: options.releaseOnPageHide ?? true,
    };
    const locks = options.locks ?? globalThis.navigator?.locks;
    this.#lock = locks ? new DnLock(locks, `wwe-softphone:${options.key}`, () => this.#lostLock()) : undefined;
    this.#openChannel = options.openChannel ?? (typeof BroadcastChannel === 'function' ? (name) => new BroadcastChannel(name) : undefined);
    this.#logger = options.logger;
    this.setListenerErrorSink((event, error) => this.#logger.error(`softphone: a "${event}" listener threw`, error));
  }

  /** False where the browser lacks Web Locks or BroadcastChannel (or outside a secure context). */
  get supported(): boolean {
    return this.#lock !== undefined && this.#openChannel !== undefined;
  }

  get state(): TabState {
    return this.#state;
  }

  /** Calls in progress in the owning tab, as it last said (0 unless this tab stands by). */
  get ownerCalls(): number {
    return this.#ownerCalls;
  }

  /**
   * What the softphone's connect() does: registers when this tab owns the DN or gets it, stands by when
   * another tab has it. Calls while claiming share one claim; with the DN already owned here it
   * registers again (after `failed`, say). An owner that cannot register lets go, so the next tab in
   * line can try.
   */
  claim(): Promise<void> {
    if (this.#state === 'owner') return this.#delegate.activate();
    if (this.#state !== 'inactive') return this.#claim ?? Promise.resolve();
    this.#watchPageHide();
    this.#claim = this.start().then(
      () => undefined,
      (error: unknown) => {
        this.stop();
        throw error;
      },
    );
    return this.#claim;
  }

  /**
   * Claims the DN: resolves `'owner'` once this tab registered it, or `'standby'` when another tab owns
   * it (this tab then takes over by itself when that one goes away).
   */
  async start(): Promise<'owner' | 'standby'> {
    if (!this.supported) throw new TabError('TABS_UNSUPPORTED', 'This browser cannot coordinate tabs (Web Locks and BroadcastChannel are needed, in a secure context).');
    if (this.#state !== 'inactive') return this.#state === 'owner' ? 'owner' : 'standby';
    this.#setState('claiming');
    const channel = this.#openChannel!(`wwe-softphone:${this.#key}`);
    channel.onmessage = (event: MessageEvent) => this.#onMessage(readTabMessage(event.data));
    this.#channel = channel;
    const granted = await this.#lock!.tryAcquire();
    if (!this.#stillIn('claiming')) {
      if (granted) this.#lock!.release();
      return 'standby';
    }
    if (!granted) {
      this.#standBy();
      return 'standby';
    }
    await this.#becomeOwner();
    return 'owner';
  }

  /**
   * "Use here": moves the DN to this tab without a moment unregistered. Rejects with `TabError`:
   * `OTHER_TAB_BUSY` (a call is in progress there, or another tab is taking over), `TAKEOVER_FAILED`
   * (this tab could not register; the owner carries on), `NOT_STANDING_BY`.
   */
  async takeover(): Promise<void> {
    if (this.#state !== 'standby') throw new TabError('NOT_STANDING_BY', `Only a tab standing by can take over (this one is ${this.#state}).`);
    this.#setState('taking-over');
    const requestId = randomId();
    const reply = await this.#ask({ type: 'takeover-request', from: this.tabId, requestId });
    if (!this.#stillIn('taking-over')) throw new TabError('TAKEOVER_FAILED', 'The softphone was disconnected during the takeover.');
    const refusal = reply?.type === 'takeover-refused' ? reply.reason : !reply && this.#ownerCalls > 0 ? 'call-in-progress' : undefined;
    if (refusal) {
      this.#setState('standby');
      throw new TabError(
        'OTHER_TAB_BUSY',
        refusal === 'call-in-progress'
          ? 'A call is in progress in the other tab. Finish it there, then use the softphone here.'
          : 'Another tab is taking the softphone over right now.',
      );
    }
    if (!reply) this.#logger.warn('softphone: the owning tab did not answer; taking over anyway');
    try {
      await this.#delegate.activate();
    } catch (error) {
      this.#post({ type: 'takeover-aborted', from: this.tabId, requestId });
      if (this.#stillIn('taking-over')) this.#setState('standby');
      throw new TabError('TAKEOVER_FAILED', 'This tab could not register the DN; the other tab keeps it.', { cause: error });
    }
    if (!this.#stillIn('taking-over')) throw new TabError('TAKEOVER_FAILED', 'The softphone was disconnected during the takeover.');
    // Registered: our contact replaced the old one. Now take the lock from the old owner (unless it
    // went away meanwhile and our place in line already got it).
    await this.#lock!.steal();
    this.#setState('owner');
    this.#post({ type: 'takeover-done', from: this.tabId, requestId });
    this.#announce();
  }

  /** The number of calls in this tab changed: the owner tells the others (their "use here" depends on it). */
  callsChanged(): void {
    if (this.#state === 'owner') this.#announce();
  }

  /** Lets go of the DN: releases the lock (the next tab in line takes over) and leaves the channel. */
  stop(): void {
    this.#detachPageHide?.();
    this.#claim = undefined;
    if (this.#state === 'inactive') return;
    if (this.#handover) clearTimeout(this.#handover.timer);
    this.#handover = undefined;
    this.#lock?.release();
    for (const resolve of this.#replies.values()) resolve(undefined);
    this.#replies.clear();
    this.#channel?.close();
    this.#channel = undefined;
    this.#setOwnerCalls(0);
    this.#setState('inactive');
  }

  #watchPageHide(): void {
    if (typeof window === 'undefined' || !this.#options.releaseOnPageHide || this.#detachPageHide) return;
    const pagehide = (): void => this.stop();
    window.addEventListener('pagehide', pagehide);
    this.#detachPageHide = () => {
      window.removeEventListener('pagehide', pagehide);
      this.#detachPageHide = undefined;
    };
  }

  async #becomeOwner(): Promise<void> {
    this.#setOwnerCalls(0);
    this.#setState('owner');
    this.#announce();
    await this.#delegate.activate();
  }

  #standBy(): void {
    this.#setState('standby');
    this.#post({ type: 'hello', from: this.tabId });
    this.#queue();
  }

  /** Waits in line for the lock: granted when the owner releases it (closed, crashed, disconnected). */
  #queue(): void {
    this.#lock!.queue(() => {
      if (this.#state === 'standby') {
        this.#logger.info('softphone: the tab that owned the DN went away; this tab takes over');
        this.#becomeOwner().catch((error: unknown) => this.#logger.warn('softphone: registering after the handover failed', error));
      } else if (this.#state !== 'taking-over') {
        this.#lock!.release();
      }
    });
  }

  /** Another tab took the DN (it registered, then stole the lock): stop quietly and queue again. */
  #lostLock(): void {
    if (this.#state === 'owner' || this.#state === 'handing-over') {
      if (this.#handover) clearTimeout(this.#handover.timer);
      this.#handover = undefined;
      this.#setState('standby');
      this.#delegate.deactivate().catch((error: unknown) => this.#logger.warn('softphone: stopping after a takeover failed', error));
    }
    // The new owner's "done" can arrive before the browser tells us the lock was stolen: queue once it is.
    if (this.#state === 'standby' && !this.#lock!.held) this.#queue();
  }


  #onMessage(message: TabMessage | undefined): void {
    if (!message || message.from === this.tabId) return;
    switch (message.type) {
      case 'hello':
        if (this.#state === 'owner') this.#announce();
        break;
      case 'owner':
        if (this.#state === 'standby' || this.#state === 'taking-over' || this.#state === 'claiming') this.#setOwnerCalls(message.calls);
        break;
      case 'takeover-request':
        this.#onTakeoverRequest(message.from, message.requestId);
        break;
      case 'takeover-refused':
      case 'takeover-accepted':
        this.#replies.get(message.requestId)?.(message);
        break;
      case 'takeover-done':
        if (this.#handover?.requestId === message.requestId) this.#lostLock();
        break;
      case 'takeover-aborted':
        if (this.#handover?.requestId === message.requestId) this.#resume('the other tab could not register');
        break;
    }
  }

  #onTakeoverRequest(from: string, requestId: string): void {
    if (this.#state === 'handing-over') {
      this.#post({ type: 'takeover-refused', from: this.tabId, requestId, reason: 'takeover-in-progress' });
      return;
    }
    if (this.#state !== 'owner') return;
    if (this.#delegate.callsInProgress() > 0) {
      this.#post({ type: 'takeover-refused', from: this.tabId, requestId, reason: 'call-in-progress' });
      return;
    }
    this.#logger.info(`softphone: handing the DN over to tab ${from}`);
    this.#setState('handing-over');
    this.#delegate.pauseRegistration();
    const timer = setTimeout(() => this.#resume('the other tab did not finish in time'), this.#options.takeoverTimeoutMs);
    this.#handover = { requestId, timer };
    this.#post({ type: 'takeover-accepted', from: this.tabId, requestId });
  }

  /** A takeover we accepted did not complete: carry on as owner (registering again restores our contact). */
  #resume(why: string): void {
    if (this.#state !== 'handing-over') return;
    if (this.#handover) clearTimeout(this.#handover.timer);
    this.#handover = undefined;
    this.#logger.info(`softphone: keeping the DN: ${why}`);
    this.#delegate.resumeRegistration();
    this.#setState('owner');
    this.#announce();
  }

  /** Posts `message` and waits up to replyTimeoutMs for the owner's answer to its request. */
  #ask(message: Extract<TabMessage, { requestId: string }>): Promise<TabMessage | undefined> {
    return new Promise((resolve) => {
      const done = (reply: TabMessage | undefined): void => {
        clearTimeout(timer);
        this.#replies.delete(message.requestId);
        resolve(reply);
      };
      const timer = setTimeout(() => done(undefined), this.#options.replyTimeoutMs);
      this.#replies.set(message.requestId, done);
      this.#post(message);
    });
  }

  #announce(): void {
    this.#post({ type: 'owner', from: this.tabId, calls: this.#delegate.callsInProgress() });
  }

  #post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch (error) {
      this.#logger.warn('softphone: could not tell the other tabs', error);
    }
  }

  /** The state now (after an await, where the compiler's narrowing no longer holds). */
  #stillIn(state: TabState): boolean {
    return this.#state === state;
  }

  #setOwnerCalls(calls: number): void {
    if (calls === this.#ownerCalls) return;
    this.#ownerCalls = calls;
    this.emit('ownerCallsChanged', { calls });
  }

  #setState(state: TabState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.emit('stateChanged', { state, previous });
  }
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
