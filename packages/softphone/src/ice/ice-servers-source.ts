import { TypedEmitter } from '@wwe-webrtc/shared';
import { IceServersError } from '../errors.js';
import type { IceServersGrant, IceServersProvider } from './ice-servers-provider.js';

export interface IceServersSourceOptions {
  /** Servers used until the provider has answered once. */
  initial: RTCIceServer[];
  /** Share of a grant's lifetime after which it is refreshed. Default 0.8. */
  refreshAt?: number;
  /** Longest wait for one fetch, ms. Default 10,000. */
  timeoutMs?: number;
  /** Waits between failed attempts, ms; the last one repeats. Default 2 s, 5 s, 15 s, 30 s. */
  retryDelaysMs?: readonly number[];
}

export interface IceServersSourceEvents {
  /** New servers; `expiresAt` is epoch ms, undefined when they do not expire. */
  changed: { iceServers: RTCIceServer[]; expiresAt: number | undefined };
  /** A fetch failed; the current servers stay in use. */
  failed: { error: IceServersError };
}

/**
 * Keeps the ICE servers current: fetches them from the provider, refreshes them before they expire,
 * and on failure keeps the last good ones and retries with backoff (a TURN credential that expires
 * does not end a call that is already relayed; it only matters for the next calls and ICE restarts).
 */
export class IceServersSource extends TypedEmitter<IceServersSourceEvents> {
  #current: RTCIceServer[];
  #expiresAt: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  #failures = 0;
  #running = false;
  readonly #refreshAt: number;
  readonly #timeoutMs: number;
  readonly #retryDelaysMs: readonly number[];

  constructor(
    private readonly provider: IceServersProvider,
    options: IceServersSourceOptions,
  ) {
    super();
    this.#current = options.initial;
    this.#refreshAt = options.refreshAt ?? 0.8;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retryDelaysMs = options.retryDelaysMs ?? [2_000, 5_000, 15_000, 30_000];
  }

  get current(): RTCIceServer[] {
    return this.#current;
  }

  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /** Fetches the first grant. Never rejects: a failure is emitted as `failed` and retried. */
  start(): Promise<void> {
    this.#running = true;
    return this.#fetch();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  async #fetch(): Promise<void> {
    clearTimeout(this.#timer);
    const abort = new AbortController();
    this.#abort = abort;
    const timer = setTimeout(() => abort.abort(new IceServersError(`The ICE servers provider did not answer within ${this.#timeoutMs} ms.`)), this.#timeoutMs);
    try {
      const grant = validGrant(await Promise.race([this.provider(abort.signal), aborted(abort.signal)]));
      if (!this.#running) return;
      this.#failures = 0;
      this.#current = grant.iceServers;
      this.#expiresAt = grant.ttl === undefined ? undefined : Date.now() + grant.ttl * 1000;
      if (grant.ttl !== undefined) this.#schedule(grant.ttl * 1000 * this.#refreshAt);
      this.emit('changed', { iceServers: this.#current, expiresAt: this.#expiresAt });
    } catch (cause) {
      if (!this.#running) return;
      const error = cause instanceof IceServersError ? cause : new IceServersError(`Could not get ICE servers: ${cause instanceof Error ? cause.message : String(cause)}. The last ones stay in use.`, { cause });
      const delay = this.#retryDelaysMs[Math.min(this.#failures, this.#retryDelaysMs.length - 1)] ?? 30_000;
      this.#failures += 1;
      this.#schedule(delay);
      this.emit('failed', { error });
    } finally {
      clearTimeout(timer);
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#running) this.#timer = setTimeout(() => void this.#fetch(), Math.max(0, ms));
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/** Checks what a provider returned before it reaches an RTCPeerConnection (which would throw later, mid-call). */
function validGrant(grant: unknown): IceServersGrant {
  const value = grant as Partial<IceServersGrant> | null;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.iceServers)) {
    throw new IceServersError('The ICE servers provider returned no iceServers array.');
  }
  for (const server of value.iceServers) {
    const urls = (server as RTCIceServer | null)?.urls;
    const list = typeof urls === 'string' ? [urls] : Array.isArray(urls) ? urls : [];
    if (list.length === 0 || list.some((u) => typeof u !== 'string' || !/^(stuns?|turns?):/.test(u))) {
      throw new IceServersError('The ICE servers provider returned a server without valid stun:/turn: urls.');
    }
  }
  if (value.ttl !== undefined && !(typeof value.ttl === 'number' && value.ttl > 0)) {
    throw new IceServersError('The ICE servers provider returned a ttl that is not a positive number of seconds.');
  }
  return value as IceServersGrant;
}
