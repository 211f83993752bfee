// A module the bundler splits into its own chunk, fetched on first use — or ahead of it, by `load()`
// at connect(), for what a call needs (so answering never waits for it).
import { FeatureUnavailableError } from '../errors.js';

export class LazyModule<T> {
  readonly #feature: string;
  readonly #importer: () => Promise<T>;
  #pending: Promise<T> | undefined;
  #loaded: T | undefined;

  /** `feature` names it for people (`preflight test`); `importer` is `() => import('./module.js')`. */
  constructor(feature: string, importer: () => Promise<T>) {
    this.#feature = feature;
    this.#importer = importer;
  }

  /** The module once it loaded, for code that must not wait (undefined until then). */
  get loaded(): T | undefined {
    return this.#loaded;
  }

  /** Loads it once; rejects with `FeatureUnavailableError`, and the next call tries again. */
  load(): Promise<T> {
    this.#pending ??= this.#importer().then(
      (module) => (this.#loaded = module),
      (cause: unknown) => {
        this.#pending = undefined;
        throw new FeatureUnavailableError(this.#feature, { cause });
      },
    );
    return this.#pending;
  }
}
