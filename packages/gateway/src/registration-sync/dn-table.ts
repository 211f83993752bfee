import { backoffDelay } from '@wwe-webrtc/shared';
import type { ContactStatusEvent, RegistryEvent } from '../ami/events.js';
import { detach } from './detach.js';
import type { DnRanges } from './dn-ranges.js';
import type { DnLastError, DnStatus, GenesysState, SyncCommand } from './dn-state.js';
import { DEFAULT_REGISTRATION_TEMPLATE, RegistrationNames } from './registration-names.js';
import type { ResolvedSyncOptions } from './sync-options.js';

/** What Asterisk reported when the gateway (re)connected. */
export interface SyncSnapshot {
  /** Browser contacts per DN (managed DNs only). */
  readonly contacts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Outbound registration per DN, by name. */
  readonly registrations: ReadonlyMap<string, { readonly clientUri: string; readonly status: string }>;
}

interface DnRecord {
  readonly dn: string;
  readonly contacts: Set<string>;
  desired: 'registered' | 'unregistered';
  genesys: GenesysState;
  attempts: number;
  lastChange: number;
  lastError: DnLastError | undefined;
  /** Unregister when reached, unless a contact came back. */
  debounceAt?: number;
  /** A sent register must be confirmed by then. */
  confirmBy?: number;
  /** Queue a register again at this time. */
  retryAt?: number;
  /** Set while the DN waits in the outgoing queue. */
  queuedSince?: number;
}

export interface DnTableDelegate {
  /** A DN's public status changed. */
  onChange?(status: DnStatus): void;
  /** A register was confirmed, `ms` after it was sent. */
  onConfirmed?(dn: string, ms: number): void;
}

/**
 * The registration-sync state, with no I/O: AMI events and timer ticks go in, commands come out of an
 * ordered queue (unregisters first: they stop false presence and are cheap). The caller paces and sends
 * them and reports back. Time is always passed in, so tests need no clock.
 *
 * Rules: a DN's browser contacts are counted, not toggled (a reloaded page adds the new contact before
 * the old one goes); register on 0→1; unregister on 1→0 after a debounce; a register counts only when
 * `Registry: Registered` arrives for its client URI, otherwise it is retried with backoff; a
 * `Registered` for a DN without a browser (Asterisk registers everything at load) is undone.
 */
export class DnTable {
  readonly #records = new Map<string, DnRecord>();
  /** DNs with a timer set; swept by `tick`. */
  readonly #timed = new Set<string>();
  readonly #queueUnregister = new Set<string>();
  readonly #queueRegister = new Set<string>();
  readonly #sentAt = new Map<string, number>();
  readonly #random: () => number;

  constructor(
    readonly ranges: DnRanges,
    private readonly options: Pick<ResolvedSyncOptions, 'unregisterDebounceMs' | 'confirmTimeoutMs' | 'retryBackoff'>,
    private readonly delegate: DnTableDelegate = {},
    random: () => number = Math.random,
    /** Maps Registry events' client URIs to DNs (and learns them from reconciliation). */
    private readonly names: RegistrationNames = new RegistrationNames(DEFAULT_REGISTRATION_TEMPLATE, (dn) => ranges.contains(dn)),
  ) {
    this.#random = random;
    for (const dn of ranges) {
      this.#records.set(dn, { dn, contacts: new Set(), desired: 'unregistered', genesys: 'unknown', attempts: 0, lastChange: 0, lastError: undefined });
    }
  }

  /** Commands waiting to be sent. */
  get queued(): number {
    return this.#queueUnregister.size + this.#queueRegister.size;
  }

  hasBrowser(dn: string): boolean {
    return (this.#records.get(dn)?.contacts.size ?? 0) > 0;
  }

  status(dn: string): DnStatus | undefined {
    const record = this.#records.get(dn);
    return record && view(record);
  }

  *statuses(): Iterable<DnStatus> {
    for (const record of this.#records.values()) yield view(record);
  }

  /** Counts for metrics, without building views. */
  counts(): { browser: number; registered: number; pending: number; errored: number } {
    let browser = 0;
    let registered = 0;
    let pending = 0;
    let errored = 0;
    for (const r of this.#records.values()) {
      if (r.contacts.size > 0) browser += 1;
      if (r.genesys === 'registered') registered += 1;
      if (r.desired === 'registered' && r.genesys !== 'registered') pending += 1;
      if (r.genesys === 'rejected' || r.genesys === 'failed') errored += 1;
    }
    return { browser, registered, pending, errored };
  }

  /** Applies a ContactStatus event. Returns false for a DN outside the ranges (ignored). */
  contact(event: ContactStatusEvent, now: number): boolean {
    const record = this.#records.get(event.aor);
    if (!record) return false;
    const had = record.contacts.has(event.uri);
    // A refresh, Reachable/Unreachable, or a Removed we never saw added: nothing changes.
    if (had === event.present) return true;
    const before = record.contacts.size;
    if (event.present) record.contacts.add(detach(event.uri));
    else record.contacts.delete(event.uri);
    const after = record.contacts.size;
    if (before === 0) {
      record.desired = 'registered';
      this.#clearTimer(record, 'debounceAt');
      if (!(record.genesys === 'registered' || record.genesys === 'registering') || this.#queueUnregister.has(record.dn)) {
        this.#enqueue(record, 'register', now);
      }
    } else if (after === 0) {
      record.debounceAt = now + this.options.unregisterDebounceMs;
      this.#timed.add(record.dn);
    }
    this.#changed(record, now);
    return true;
  }

  /** Applies a Registry event (Genesys' answer to a REGISTER). Returns false for an unknown client URI. */
  registry(event: RegistryEvent, now: number): boolean {
    const dn = this.names.dnOfClientUri(event.clientUri);
    const record = dn === undefined ? undefined : this.#records.get(dn);
    if (!record) return false;
    switch (event.status) {
      case 'Registered': {
        const sentAt = this.#sentAt.get(record.dn);
        this.#sentAt.delete(record.dn);
        record.genesys = 'registered';
        this.#clearTimer(record, 'confirmBy');
        this.#clearTimer(record, 'retryAt');
        if (record.desired === 'registered') {
          record.attempts = 0;
          record.lastError = undefined;
          if (sentAt !== undefined) this.delegate.onConfirmed?.(record.dn, now - sentAt);
        } else if (record.debounceAt === undefined) {
          this.#enqueue(record, 'unregister', now); // registered by Asterisk itself with nobody there
        }
        break;
      }
      case 'Unregistered':
        // PJSIPRegister starts with an unregister: while registering this is expected, and a REGISTER
        // that never follows is caught by the confirmation timer.
        if (record.genesys === 'registering') return true;
        record.genesys = 'unregistered';
        if (record.desired === 'registered' && record.debounceAt === undefined) this.#scheduleRetry(record, now);
        break;
      case 'Rejected':
      case 'Failed': {
        record.genesys = event.status === 'Rejected' ? 'rejected' : 'failed';
        record.lastError = {
          code: event.status === 'Rejected' ? 'REGISTRATION_REJECTED' : 'REGISTRATION_FAILED',
          message: `Genesys ${event.status === 'Rejected' ? 'rejected' : 'did not answer'} the REGISTER${event.cause ? `: ${event.cause}` : ''}`,
          at: now,
        };
        this.#clearTimer(record, 'confirmBy');
        if (record.desired === 'registered') this.#scheduleRetry(record, now);
        break;
      }
    }
    this.#changed(record, now);
    return true;
  }

  /**
   * Replaces the state with what Asterisk reports, after a (re)connect. With `restarted`, every DN
   * without a browser is unregistered even if listed as unregistered: Asterisk registers all configured
   * registrations shortly after start, and an unregister inside that delay cancels the REGISTER.
   */
  reconcile(snapshot: SyncSnapshot, restarted: boolean, now: number): void {
    this.#queueRegister.clear();
    this.#queueUnregister.clear();
    this.#timed.clear();
    this.#sentAt.clear();
    for (const [dn, registration] of snapshot.registrations) this.names.learnClientUri(dn, registration.clientUri);
    for (const record of this.#records.values()) {
      record.debounceAt = record.confirmBy = record.retryAt = record.queuedSince = undefined;
      record.contacts.clear();
      for (const uri of snapshot.contacts.get(record.dn) ?? []) record.contacts.add(detach(uri));
      const registration = snapshot.registrations.get(record.dn);
      const listed = registration?.status;
      record.desired = record.contacts.size > 0 ? 'registered' : 'unregistered';
      if (!registration) {
        record.genesys = 'failed';
        record.lastError = { code: 'REGISTRATION_MISSING', message: 'Asterisk has no outbound registration for this DN; regenerate pjsip.conf for the DN range', at: now };
      } else if (record.desired === 'registered') {
        // Registered with a browser is the wanted state, even just after an Asterisk start: a
        // PJSIPRegister would un-REGISTER first, and Genesys would see the agent go away for a second.
        if (listed === 'Registered') record.genesys = 'registered';
        else this.#enqueue(record, 'register', now);
      } else if (restarted || listed === 'Registered' || listed === 'Rejected') {
        this.#enqueue(record, 'unregister', now);
      } else {
        record.genesys = 'unregistered';
      }
      this.#changed(record, now);
    }
  }

  /** Fires due timers: debounced unregisters, unconfirmed registers, retries. */
  tick(now: number): void {
    for (const dn of this.#timed) {
      const record = this.#records.get(dn)!;
      if (record.debounceAt !== undefined && record.debounceAt <= now) {
        record.debounceAt = undefined;
        if (record.contacts.size === 0) {
          record.desired = 'unregistered';
          this.#clearTimer(record, 'retryAt');
          this.#clearTimer(record, 'confirmBy');
          record.attempts = 0;
          this.#enqueue(record, 'unregister', now);
          this.#changed(record, now);
        }
      }
      if (record.confirmBy !== undefined && record.confirmBy <= now) {
        record.confirmBy = undefined;
        if (record.desired === 'registered' && record.genesys === 'registering') {
          record.lastError = {
            code: 'REGISTRATION_NOT_CONFIRMED',
            message: `no Registry: Registered within ${this.options.confirmTimeoutMs} ms of PJSIPRegister (attempt ${record.attempts})`,
            at: now,
          };
          this.#scheduleRetry(record, now);
          this.#changed(record, now);
        }
      }
      if (record.retryAt !== undefined && record.retryAt <= now) {
        record.retryAt = undefined;
        if (record.desired === 'registered' && record.genesys !== 'registered') this.#enqueue(record, 'register', now);
      }
      if (record.debounceAt === undefined && record.confirmBy === undefined && record.retryAt === undefined) this.#timed.delete(dn);
    }
  }

  /** Whether a command of this kind waits to be sent. */
  hasQueued(kind: 'register' | 'unregister'): boolean {
    return (kind === 'register' ? this.#queueRegister : this.#queueUnregister).size > 0;
  }

  /** Takes the next command to send (unregisters first), marking it in flight. */
  next(now: number): SyncCommand | undefined {
    return this.nextOf(this.#queueUnregister.size > 0 ? 'unregister' : 'register', now);
  }

  /** Takes the next command of one kind, marking it in flight. */
  nextOf(kind: 'register' | 'unregister', now: number): SyncCommand | undefined {
    const queue = kind === 'unregister' ? this.#queueUnregister : this.#queueRegister;
    const dn = first(queue);
    if (dn === undefined) return undefined;
    queue.delete(dn);
    const record = this.#records.get(dn)!;
    const causedAt = record.queuedSince ?? now;
    record.queuedSince = undefined;
    if (kind === 'unregister') {
      record.genesys = 'unregistering';
      this.#sentAt.delete(dn);
      this.#changed(record, now);
      return { kind: 'unregister', dn, causedAt, attempt: 1 };
    }
    record.attempts += 1;
    record.genesys = 'registering';
    record.confirmBy = now + this.options.confirmTimeoutMs;
    this.#timed.add(dn);
    this.#sentAt.set(dn, now);
    this.#changed(record, now);
    return { kind: 'register', dn, causedAt, attempt: record.attempts };
  }

  /** Asterisk refused an action (`Response: Error`); retried with backoff while still wanted. */
  actionFailed(command: SyncCommand, reason: string, now: number): void {
    const record = this.#records.get(command.dn);
    if (!record) return;
    record.lastError = { code: 'ACTION_FAILED', message: `${command.kind === 'register' ? 'PJSIPRegister' : 'PJSIPUnregister'} failed: ${reason}`, at: now };
    record.genesys = 'failed';
    this.#clearTimer(record, 'confirmBy');
    if (record.desired === 'registered') this.#scheduleRetry(record, now);
    this.#changed(record, now);
  }

  /** The action never reached Asterisk (connection lost): reconciliation on reconnect redoes it. */
  actionLost(command: SyncCommand, now: number): void {
    const record = this.#records.get(command.dn);
    if (!record) return;
    record.genesys = 'unknown';
    this.#changed(record, now);
  }

  /** DNs currently registered or registering, for an unregister-all on shutdown. */
  registeredDns(): string[] {
    return [...this.#records.values()].filter((r) => r.genesys === 'registered' || r.genesys === 'registering').map((r) => r.dn);
  }

  #enqueue(record: DnRecord, kind: 'register' | 'unregister', now: number): void {
    const [target, other] = kind === 'register' ? [this.#queueRegister, this.#queueUnregister] : [this.#queueUnregister, this.#queueRegister];
    other.delete(record.dn);
    if (!target.has(record.dn)) {
      target.add(record.dn);
      record.queuedSince = now;
    }
    if (kind === 'register') record.genesys = 'registering';
  }

  #scheduleRetry(record: DnRecord, now: number): void {
    record.retryAt = now + backoffDelay(Math.max(1, record.attempts), this.options.retryBackoff, this.#random);
    this.#timed.add(record.dn);
  }

  #clearTimer(record: DnRecord, timer: 'debounceAt' | 'confirmBy' | 'retryAt'): void {
    record[timer] = undefined;
  }

  #changed(record: DnRecord, now: number): void {
    record.lastChange = now;
    this.delegate.onChange?.(view(record));
  }
}

function first<T>(set: Set<T>): T | undefined {
  for (const value of set) return value;
  return undefined;
}

function view(record: DnRecord): DnStatus {
  return {
    dn: record.dn,
    contacts: [...record.contacts],
    browser: record.contacts.size > 0,
    desired: record.desired,
    genesys: record.genesys,
    attempts: record.attempts,
    lastChange: record.lastChange,
    lastError: record.lastError,
  };
}
