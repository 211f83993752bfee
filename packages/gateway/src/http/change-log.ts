/**
 * Which keys changed, and in what order, without keeping the changes themselves: each key holds only
 * the number of its latest change. A reader that fell behind asks for everything after the last number
 * it saw and gets each key once, oldest change first, to read that key's current state. Memory is one
 * entry per key however many changes happen and however many readers lag. Pure, no I/O.
 */
export class ChangeLog<K> {
  #last = 0;
  /** Key → number of its latest change, kept in the order of those changes. */
  readonly #latest = new Map<K, number>();

  /** Number of the latest change (0 before any). */
  get last(): number {
    return this.#last;
  }

  /** Records a change of `key`; returns its number. */
  record(key: K): number {
    this.#latest.delete(key); // re-inserting moves the key to the end: the map stays in change order
    this.#latest.set(key, ++this.#last);
    return this.#last;
  }

  /**
   * Keys whose latest change is after `seen`, oldest first, with that change's number. A key changed
   * again while this is being read moves to the end and comes again with its new number.
   */
  *since(seen: number): Generator<[key: K, change: number]> {
    if (seen >= this.#last) return;
    for (const entry of this.#latest) if (entry[1] > seen) yield entry;
  }
}
