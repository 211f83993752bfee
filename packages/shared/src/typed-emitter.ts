/** A listener for one event: receives that event's payload. */
export type Listener<T> = (payload: T) => void;

/** Where a throwing listener's error goes; `event` is the name it was listening to. */
export type ListenerErrorSink = (event: string, error: unknown) => void;

/**
 * A listener's exception is the app's bug, not the emitter's: report it as the browser reports a throwing
 * DOM event listener (`reportError`: window `error` event and console), or on stderr in Node.
 */
const reportListenerError: ListenerErrorSink = (event, error) => {
  const { reportError } = globalThis as { reportError?: (error: unknown) => void };
  if (typeof reportError === 'function') reportError(error);
  else console.error(`a "${event}" listener threw`, error);
};

/**
 * A small event emitter whose names and payloads the compiler checks: one event map per emitter, and
 * `on('name', listener)` accepts only the payload declared for that name.
 *
 * Listeners run in subscription order. One that throws never reaches the code that emitted (a socket's
 * data handler, a timer, a state machine halfway through a change) nor stops the listeners after it;
 * its error goes to the sink the owner set with `setListenerErrorSink` (by default `reportError`).
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  #onListenerError: ListenerErrorSink = reportListenerError;

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  /** Subscribes for the next event only; returns a function that unsubscribes. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Sends listener failures to the owner's logger instead of the default report. */
  protected setListenerErrorSink(sink: ListenerErrorSink): void {
    this.#onListenerError = sink;
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#reportListenerError(String(event), error);
      }
    }
  }

  #reportListenerError(event: string, error: unknown): void {
    try {
      this.#onListenerError(event, error);
    } catch {
      // A sink that throws (a broken logger) must not undo the isolation either.
    }
  }
}
