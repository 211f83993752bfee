// Parts of the element in chunks of their own, fetched the first time they are needed: views most
// agents rarely see (the connect form, "Test my setup", the other-tab card) and the host bridge.
// The element re-renders when one arrives, and its `updateComplete` waits for those on their way.
import type { ReactiveControllerHost } from 'lit';
import { WidgetError } from './errors.js';

type Importers = Record<string, () => Promise<unknown>>;
type Loaded<I extends Importers, K extends keyof I> = Awaited<ReturnType<I[K]>>;

export class LazyParts<I extends Importers> {
  readonly #host: ReactiveControllerHost;
  readonly #importers: I;
  readonly #names: { [K in keyof I]: string };
  readonly #onError: (error: WidgetError) => void;
  readonly #loaded = new Map<keyof I, unknown>();
  readonly #pending = new Map<keyof I, Promise<unknown>>();
  /** Parts that failed to load: not asked for again by rendering, only by `load()` (an explicit action). */
  readonly #failed = new Set<keyof I>();

  /** `names` say what each part is, for the error (`connect form`). */
  constructor(host: ReactiveControllerHost, importers: I, names: { [K in keyof I]: string }, onError: (error: WidgetError) => void) {
    this.#host = host;
    this.#importers = importers;
    this.#names = names;
    this.#onError = onError;
  }

  /** For rendering: the part if loaded; else undefined, and the load starts (the host re-renders when it lands). */
  get<K extends keyof I>(name: K): Loaded<I, K> | undefined {
    if (this.#loaded.has(name)) return this.#loaded.get(name) as Loaded<I, K>;
    if (!this.#failed.has(name)) void this.load(name).catch(() => undefined);
    return undefined;
  }

  /** Loads a part (once); rejects with a `WidgetError` `FEATURE_UNAVAILABLE`, also reported to `onError`. */
  load<K extends keyof I>(name: K): Promise<Loaded<I, K>> {
    if (this.#loaded.has(name)) return Promise.resolve(this.#loaded.get(name) as Loaded<I, K>);
    let pending = this.#pending.get(name);
    if (!pending) {
      this.#failed.delete(name);
      pending = this.#importers[name]!().then(
        (module) => {
          this.#loaded.set(name, module);
          this.#host.requestUpdate();
          return module;
        },
        (cause: unknown) => {
          this.#failed.add(name);
          const error = new WidgetError(
            'FEATURE_UNAVAILABLE',
            `The softphone's ${this.#names[name]} could not be loaded. Check the network connection; if this persists, reload the page.`,
            { cause },
          );
          this.#onError(error);
          throw error;
        },
      ).finally(() => this.#pending.delete(name));
      this.#pending.set(name, pending);
    }
    return pending as Promise<Loaded<I, K>>;
  }

  /** Resolves once no part is on its way (each loaded or failed). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled(this.#pending.values());
  }

  get loading(): boolean {
    return this.#pending.size > 0;
  }
}
