/**
 * A map whose entries expire `ttlMs` after they were last set and which never holds more than
 * `maxEntries` (the oldest go first), so a flood cannot grow it. Pure: the caller passes the clock.
 */
export class ExpiringMap<K, V> {
  // Map iteration order is insertion order; re-setting a key moves it to the end.
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {
    if (!(ttlMs > 0) || !(maxEntries >= 1)) throw new RangeError('ttlMs must be > 0 and maxEntries >= 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: K, nowMs: number): boolean {
    return this.get(key, nowMs) !== undefined;
  }

  set(key: K, value: V, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: nowMs + this.ttlMs });
    this.prune(nowMs);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops expired entries from the front, then the oldest beyond the bound. */
  private prune(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size > this.maxEntries || entry.expiresAt <= nowMs) this.entries.delete(key);
      else break;
    }
  }
}
