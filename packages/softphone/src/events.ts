/** A listener map: event name → payload type. */
export type EventMap = object;

export type Listener<T> = (payload: T) => void;

/** Diagnostics sink for listener failures; set by the owner. */
export type ListenerErrorSink = (event: string, error: unknown) => void;

/**
 * A small typed emitter: `on('callStateChanged', e => …)` is checked by the compiler.
 * A throwing listener never breaks the library or the other listeners; the error goes to the logger.
 */
export class TypedEmitter<Events extends EventMap> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();
  #onListenerError: ListenerErrorSink | undefined;

  protected setListenerErrorSink(sink: ListenerErrorSink): void {
    this.#onListenerError = sink;
  }

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

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#onListenerError?.(String(event), error);
      }
    }
  }
}
