/**
 * One Web Lock, held for as long as this tab owns the DN. The browser releases it when the tab closes or
 * its renderer crashes — no unload handler has to run — and hands it to the first tab waiting in line.
 */
export class DnLock {
  readonly #locks: LockManager;
  readonly #name: string;
  readonly #stolen: () => void;
  /** Our request waiting in line. */
  #queued: AbortController | undefined;
  /** Releases the lock we hold; undefined when we hold none. */
  #release: (() => void) | undefined;

  /** `stolen` runs when another tab takes the lock from us (`steal`). */
  constructor(locks: LockManager, name: string, stolen: () => void) {
    this.#locks = locks;
    this.#name = name;
    this.#stolen = stolen;
  }

  get held(): boolean {
    return this.#release !== undefined;
  }

  get queued(): boolean {
    return this.#queued !== undefined;
  }

  /** Takes the lock if nobody holds it; resolves whether it did. */
  tryAcquire(): Promise<boolean> {
    return this.#request({ ifAvailable: true });
  }

  /** Waits in line; `granted` runs when the lock comes to us (the holder released it, closed or crashed). */
  queue(granted: () => void): void {
    if (this.#queued || this.held) return;
    const queued = new AbortController();
    this.#queued = queued;
    void this.#request({ signal: queued.signal }).then((got) => {
      if (this.#queued === queued) this.#queued = undefined;
      if (got) granted();
    });
  }

  /** Takes the lock from whoever holds it (they are told through their `stolen`), leaving the line. */
  async steal(): Promise<void> {
    this.leaveQueue();
    if (!this.held) await this.#request({ steal: true });
  }

  leaveQueue(): void {
    this.#queued?.abort();
    this.#queued = undefined;
  }

  /** Lets go of the lock and the line. */
  release(): void {
    this.leaveQueue();
    this.#release?.();
  }

  /** Resolves true once held (until release()), false when unavailable (`ifAvailable`) or aborted while queued. */
  #request(options: LockOptions): Promise<boolean> {
    return new Promise((resolve) => {
      let held = false;
      this.#locks
        .request(this.#name, options, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          held = true;
          resolve(true);
          return new Promise<void>((done) => {
            this.#release = () => {
              this.#release = undefined;
              done();
            };
          });
        })
        .catch(() => {
          // AbortError: aborted while queued, or stolen while held.
          if (!held) {
            resolve(false);
            return;
          }
          this.#release = undefined;
          this.#stolen();
        });
    });
  }
}
