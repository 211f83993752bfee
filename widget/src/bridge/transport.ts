// Who carries bridge messages: window.postMessage between one page and one peer window, restricted to an
// allow-list of origins in both directions. It knows nothing of what the messages mean (protocol.ts does).
import { BridgeError } from './protocol.js';

export type MessageListener = (data: unknown, origin: string) => void;

export interface BridgeTransport {
  /** Origins this transport exchanges messages with, normalised (`https://host[:port]`). */
  readonly allowedOrigins: readonly string[];
  /** Posts to the peer, delivered only if the peer's document has exactly `targetOrigin`. */
  send(data: unknown, targetOrigin: string): void;
  /** Receives messages from the peer window whose origin is allowed; everything else never arrives. */
  listen(listener: MessageListener): () => void;
  close(): void;
}

export interface WindowTransportOptions {
  /** The window whose `message` events we read: our own. */
  receiver: Window;
  /** The one window we talk to (the parent for a widget, the iframe's window for a host). */
  peer: () => Window | null | undefined;
  /** Exact origins, e.g. `https://wwe.example.com`. `*` and `null` are refused. */
  allowedOrigins: Iterable<string>;
}

export class WindowTransport implements BridgeTransport {
  readonly allowedOrigins: readonly string[];
  readonly #receiver: Window;
  readonly #peer: () => Window | null | undefined;
  readonly #listeners = new Set<MessageListener>();
  #closed = false;

  constructor(options: WindowTransportOptions) {
    this.allowedOrigins = Object.freeze([...new Set([...options.allowedOrigins].map(normalizeOrigin))]);
    this.#receiver = options.receiver;
    this.#peer = options.peer;
    this.#receiver.addEventListener('message', this.#onMessage);
  }

  send(data: unknown, targetOrigin: string): void {
    if (this.#closed) throw new BridgeError('CLOSED', 'The bridge transport is closed.');
    const origin = normalizeOrigin(targetOrigin);
    if (!this.allowedOrigins.includes(origin)) {
      throw new BridgeError('INVALID_ORIGIN', `Refusing to post to ${origin}: it is not in the allowed origins.`);
    }
    // The explicit target origin makes the browser drop the message if the peer navigated elsewhere.
    this.#peer()?.postMessage(data, origin);
  }

  listen(listener: MessageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#receiver.removeEventListener('message', this.#onMessage);
  }

  readonly #onMessage = (event: MessageEvent): void => {
    const peer = this.#peer();
    // Both checks: the origin says who wrote the page, the source says it is the window we talk to.
    if (!peer || event.source !== peer || !this.allowedOrigins.includes(event.origin)) return;
    for (const listener of [...this.#listeners]) listener(event.data, event.origin);
  };
}

/**
 * `https://wwe.example.com/` → `https://wwe.example.com`. Throws a BridgeError for `*`, `null`, non-HTTP
 * schemes and anything with a path, query or credentials, so a typo cannot widen the allow-list.
 */
export function normalizeOrigin(value: string): string {
  const refuse = (why: string): never => {
    throw new BridgeError('INVALID_ORIGIN', `"${value}" is not an allowed origin: ${why}. Use the exact origin, e.g. https://wwe.example.com.`);
  };
  const text = value.trim();
  if (text === '*' || text === 'null' || text === '') refuse('wildcards and opaque origins are never accepted');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('only http and https origins are supported');
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    refuse('an origin has no path, query or credentials');
  }
  if (text.includes('*')) refuse('wildcards are never accepted');
  return url.origin;
}

/** Splits an attribute value such as `"https://a.example https://b.example"` into normalised origins. */
export function parseOriginList(value: string | null | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean).map(normalizeOrigin);
}
