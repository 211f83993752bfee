import { pjsipRegister, pjsipUnregister } from '../ami/actions.js';
import type { AmiClient } from '../ami/client.js';
import { AmiActionError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { TypedEmitter } from '@wwe-webrtc/shared';
import { DnRanges } from './dn-ranges.js';
import type { DnStatus, SyncCommand } from './dn-state.js';
import { DnTable } from './dn-table.js';
import { SnapshotBuilder } from './snapshot.js';
import { RegistrationNames } from './registration-names.js';
import { resolveSyncOptions, type RegistrationSyncOptions, type ResolvedSyncOptions } from './sync-options.js';
import { TokenBucket } from '../token-bucket.js';

export interface RegistrationSyncEvents {
  /** A DN's contacts or Genesys state changed. */
  change: DnStatus;
  /** State was rebuilt from Asterisk's lists after a (re)connect or restart. */
  reconciled: { readonly restarted: boolean; readonly durationMs: number; readonly queued: number };
}

/** What registration sync tells its owner (metrics); every method is optional. Times are in ms. */
export interface RegistrationSyncDelegate {
  actionSent?(command: SyncCommand, latencyMs: number): void;
  actionFailed?(command: SyncCommand, reason: string): void;
  confirmed?(dn: string, ms: number): void;
  reconciled?(durationMs: number, restarted: boolean): void;
}

/** Read access to DN state, for HTTP and the remote-answer relay. */
export interface DnDirectory {
  /** Whether the DN has at least one browser contact on Asterisk right now. */
  hasBrowserContacts(dn: string): boolean;
  status(dn: string): DnStatus | undefined;
  statuses(): Iterable<DnStatus>;
  isManaged(dn: string): boolean;
}

export interface RegistrationSyncContext {
  logger?: Logger;
  delegate?: RegistrationSyncDelegate;
  /** Epoch ms with sub-ms precision. */
  now?: () => number;
  random?: () => number;
}

const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * Makes Genesys presence follow the browser: wires AMI events into the pure `DnTable`, paces the
 * resulting PJSIPRegister/PJSIPUnregister actions with a token bucket, and reconciles with Asterisk's
 * lists on every connect and after an Asterisk restart.
 */
export class RegistrationSync extends TypedEmitter<RegistrationSyncEvents> implements DnDirectory {
  readonly options: ResolvedSyncOptions;
  readonly ranges: DnRanges;
  readonly #client: AmiClient;
  readonly #table: DnTable;
  readonly #names: RegistrationNames;
  readonly #buckets: Readonly<Record<SyncCommand['kind'], TokenBucket>>;
  readonly #log: Logger;
  readonly #delegate: RegistrationSyncDelegate;
  readonly #now: () => number;
  readonly #unsubscribe: Array<() => void> = [];
  #running = false;
  #sweepTimer: NodeJS.Timeout | undefined;
  #pumpTimer: NodeJS.Timeout | undefined;
  #bootTimer: NodeJS.Timeout | undefined;
  #retryReconcileTimer: NodeJS.Timeout | undefined;
  #reconciling = false;
  #reconcileAgain: boolean | undefined;
  #buffered: Array<() => void> | undefined;
  #reconciledOnce = false;
  #registrationProblems = 0;
  #registrationProblemsLoggedAt = -Infinity;

  constructor(client: AmiClient, options: RegistrationSyncOptions, context: RegistrationSyncContext = {}) {
    super();
    this.options = resolveSyncOptions(options);
    this.ranges = DnRanges.parse(this.options.dnRanges);
    this.#client = client;
    this.#log = context.logger ?? silentLogger();
    this.#delegate = context.delegate ?? {};
    this.#now = context.now ?? preciseNow;
    this.#buckets = {
      register: new TokenBucket(this.options.actionsPerSecond, this.options.actionBurst, this.#now()),
      unregister: new TokenBucket(this.options.unregistersPerSecond, Math.max(this.options.actionBurst, Math.ceil(this.options.unregistersPerSecond / 5)), this.#now()),
    };
    this.#names = new RegistrationNames(this.options.registrationTemplate, (dn) => this.ranges.contains(dn));
    this.#table = new DnTable(
      this.ranges,
      this.options,
      {
        onChange: (status) => this.emit('change', status),
        onConfirmed: (dn, ms) => this.#delegate.confirmed?.(dn, ms),
      },
      context.random,
      this.#names,
    );
  }

  /** True once state has been rebuilt from Asterisk at least once. */
  get ready(): boolean {
    return this.#reconciledOnce;
  }

  get queued(): number {
    return this.#table.queued;
  }

  hasBrowserContacts(dn: string): boolean {
    return this.#table.hasBrowser(dn);
  }

  status(dn: string): DnStatus | undefined {
    return this.#table.status(dn);
  }

  statuses(): Iterable<DnStatus> {
    return this.#table.statuses();
  }

  isManaged(dn: string): boolean {
    return this.ranges.contains(dn);
  }

  counts(): ReturnType<DnTable['counts']> {
    return this.#table.counts();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const client = this.#client;
    this.#unsubscribe.push(
      client.on('connected', () => this.#onConnected()),
      client.on('disconnected', () => this.#onDisconnected()),
      client.on('fullyBooted', ({ uptime }) => this.#onFullyBooted(uptime)),
      client.on('contactStatus', (event) =>
        this.#apply(() => {
          if (!this.#table.contact(event, this.#now())) this.#log.debug({ aor: event.aor }, 'ContactStatus for an AOR outside the DN ranges ignored');
        }),
      ),
      client.on('registry', (event) => this.#apply(() => this.#onRegistry(event))),
    );
    this.#sweepTimer = setInterval(() => {
      this.#table.tick(this.#now());
      this.#pump();
    }, this.options.sweepIntervalMs);
    this.#sweepTimer.unref();
    if (client.connected) this.#onConnected();
  }

  /** Stops; with `unregisterAll`, first unregisters every DN it registered (paced, bounded by `timeoutMs`). */
  async stop({ unregisterAll = false, timeoutMs = 5_000 }: { unregisterAll?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const timer of [this.#sweepTimer, this.#pumpTimer, this.#bootTimer, this.#retryReconcileTimer]) clearTimeout(timer);
    if (unregisterAll && this.#client.connected) await this.#unregisterAll(timeoutMs);
  }

  /** Rebuilds state from Asterisk's lists now. */
  async reconcile(restarted = false): Promise<void> {
    if (this.#reconciling) {
      this.#reconcileAgain = (this.#reconcileAgain ?? false) || restarted;
      return;
    }
    this.#reconciling = true;
    this.#buffered = [];
    const started = this.#now();
    try {
      const timeoutMs = this.options.listTimeoutMs;
      const builder = new SnapshotBuilder(this.ranges, this.#names);
      await Promise.all([
        this.#client.list('PJSIPShowRegistrationInboundContactStatuses', {}, { timeoutMs, onItem: (item) => builder.addContact(item) }),
        this.#client.list('PJSIPShowRegistrationsOutbound', {}, { timeoutMs, onItem: (item) => builder.addRegistration(item) }),
      ]);
      this.#table.reconcile(builder.build(), restarted, this.#now());
      // Events that arrived while the lists were being read happened after them: apply on top.
      for (const apply of this.#buffered) apply();
      const durationMs = this.#now() - started;
      this.#reconciledOnce = true;
      this.#delegate.reconciled?.(durationMs, restarted);
      this.#log.info({ restarted, durationMs: Math.round(durationMs), queued: this.#table.queued, ...this.#table.counts() }, 'reconciled with Asterisk');
      this.emit('reconciled', { restarted, durationMs, queued: this.#table.queued });
    } catch (error) {
      this.#log.warn({ err: error }, 'reconciliation failed; retrying');
      if (this.#running && this.#client.connected) {
        this.#retryReconcileTimer = setTimeout(() => void this.reconcile(restarted), 1_000);
        this.#retryReconcileTimer.unref();
      }
    } finally {
      this.#reconciling = false;
      this.#buffered = undefined;
    }
    const again = this.#reconcileAgain;
    this.#reconcileAgain = undefined;
    if (again !== undefined && this.#running) await this.reconcile(again);
    else this.#pump();
  }

  #onConnected(): void {
    clearTimeout(this.#bootTimer);
    // FullyBooted normally follows the login at once; if this Asterisk is still booting it comes
    // later, and a reconnect would otherwise wait for nothing.
    this.#bootTimer = setTimeout(() => {
      this.#bootTimer = undefined;
      void this.reconcile(false);
    }, this.options.bootWaitMs);
  }

  /** Whether this gateway has seen Asterisk fully booted before (a later boot is a restart). */
  #bootedBefore = false;

  #onFullyBooted(uptime: number | undefined): void {
    const restarted = uptime !== undefined && uptime < this.options.restartUptimeSeconds;
    if (this.#bootTimer !== undefined) {
      clearTimeout(this.#bootTimer);
      this.#bootTimer = undefined;
      // Both starting together is a normal boot; Asterisk starting under a running gateway is worth a warning.
      if (restarted) this.#log[this.#bootedBefore ? 'warn' : 'info']({ uptime }, 'Asterisk just started: unregistering every DN without a browser');
      this.#bootedBefore = true;
      void this.reconcile(restarted);
    } else if (restarted) {
      this.#log.warn({ uptime }, 'Asterisk restarted: reconciling');
      void this.reconcile(true);
    }
  }

  #onDisconnected(): void {
    clearTimeout(this.#bootTimer);
    this.#bootTimer = undefined;
    clearTimeout(this.#retryReconcileTimer);
  }

  #apply(handle: () => void): void {
    if (this.#buffered) {
      this.#buffered.push(handle);
      return;
    }
    handle();
    this.#pump();
  }

  #onRegistry(event: Parameters<DnTable['registry']>[0]): void {
    if (!this.#table.registry(event, this.#now())) return;
    if (event.status === 'Rejected' || event.status === 'Failed') this.#warnRegistrationProblem(event);
  }

  /**
   * One warning per 10 s with a count, not one per DN: a misconfigured Genesys rejects thousands of
   * DNs at once, and each DN's cause is in the API anyway.
   */
  #warnRegistrationProblem(event: Parameters<DnTable['registry']>[0]): void {
    const now = this.#now();
    this.#registrationProblems += 1;
    if (now - this.#registrationProblemsLoggedAt < 10_000) return;
    this.#log.warn({ clientUri: event.clientUri, status: event.status, cause: event.cause, count: this.#registrationProblems }, 'Genesys did not accept registration(s); see GET /api/dns?genesys=rejected');
    this.#registrationProblems = 0;
    this.#registrationProblemsLoggedAt = now;
  }

  #pump(): void {
    if (!this.#running || this.#reconciling || !this.#client.connected) return;
    // New work may be of the other kind than the one waiting for a token: look again now.
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = undefined;
    for (;;) {
      const now = this.#now();
      let sent = false;
      let waitMs = Infinity;
      for (const kind of ['unregister', 'register'] as const) {
        if (!this.#table.hasQueued(kind)) continue;
        const bucket = this.#buckets[kind];
        if (bucket.take(now)) {
          this.#send(this.#table.nextOf(kind, now)!, now);
          sent = true;
        } else {
          waitMs = Math.min(waitMs, bucket.waitMs(now));
        }
      }
      if (sent) continue;
      if (waitMs === Infinity) return; // nothing queued
      this.#pumpTimer = setTimeout(() => {
        this.#pumpTimer = undefined;
        this.#pump();
      }, Math.max(1, waitMs));
      return;
    }
  }

  #send(command: SyncCommand, now: number): void {
    const name = this.#names.nameOf(command.dn);
    const sent = command.kind === 'register' ? pjsipRegister(this.#client, name) : pjsipUnregister(this.#client, name);
    this.#delegate.actionSent?.(command, now - command.causedAt);
    sent.then(
      (reply) => {
        // Quirk: a queueing failure still answers Success.
        const message = reply.get('Message') ?? '';
        if (/^failed/i.test(message)) this.#actionFailed(command, message);
      },
      (error: unknown) => {
        if (error instanceof AmiActionError) this.#actionFailed(command, error.reason);
        else this.#table.actionLost(command, this.#now());
      },
    );
  }

  #actionFailed(command: SyncCommand, reason: string): void {
    this.#delegate.actionFailed?.(command, reason);
    this.#log.warn({ dn: command.dn, action: command.kind, reason }, 'Asterisk refused a registration action');
    this.#table.actionFailed(command, reason, this.#now());
  }

  async #unregisterAll(timeoutMs: number): Promise<void> {
    const deadline = this.#now() + timeoutMs;
    const bucket = this.#buckets.unregister;
    const pending: Promise<unknown>[] = [];
    for (const dn of this.#table.registeredDns()) {
      while (!bucket.take(this.#now()) && this.#now() <= deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, bucket.waitMs(this.#now()))));
      }
      if (this.#now() > deadline || !this.#client.connected) break;
      pending.push(pjsipUnregister(this.#client, this.#names.nameOf(dn)).catch(() => undefined));
    }
    await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - this.#now())).unref())]);
    this.#log.info({ count: pending.length }, 'unregistered managed DNs on shutdown');
  }
}
