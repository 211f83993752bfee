import type { Socket } from 'jssip/lib/Socket.js';
import type { WebSocketFactory } from '../options.js';

/** What the socket tells the registration. */
export interface SipSocketDelegate {
  /** A (re)connect attempt is scheduled; `attempt` 1 is the first retry after a drop. */
  reconnectScheduled(attempt: number, delayMs: number): void;
  /** The WebSocket opened. */
  opened(): void;
}

/**
 * JsSIP `Socket` over an injectable WebSocket factory, with our own reconnect pacing: JsSIP's transport
 * retries after its minimum (1 s), and `connect()` here waits out the rest of the backoff delay.
 * That keeps the attempt count, jitter and the `online` shortcut in one place.
 */
export class SipSocket implements Pick<Socket, 'connect' | 'disconnect' | 'send' | 'isConnected' | 'isConnecting'> {
  readonly url: string;
  readonly sip_uri: string;
  via_transport: string;
  onconnect: () => void = () => {};
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => {};
  ondata: (data: string | ArrayBuffer) => void = () => {};

  #ws: WebSocket | undefined;
  #waiting: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #droppedAt = 0;
  #factory: WebSocketFactory;
  #delayFor: (attempt: number) => number;
  #delegate: SipSocketDelegate;

  constructor(url: string, factory: WebSocketFactory, delayFor: (attempt: number) => number, delegate: SipSocketDelegate) {
    const parsed = new URL(url);
    this.url = url;
    this.sip_uri = `sip:${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''};transport=ws`;
    this.via_transport = parsed.protocol === 'wss:' ? 'WSS' : 'WS';
    this.#factory = factory;
    this.#delayFor = delayFor;
    this.#delegate = delegate;
  }

  /** Failed attempts since the last successful open. */
  get failures(): number {
    return this.#failures;
  }

  connect(): void {
    if (this.isConnected() || this.isConnecting()) return;
    if (this.#failures === 0) {
      this.#open();
      return;
    }
    const delayMs = this.#delayFor(this.#failures);
    this.#delegate.reconnectScheduled(this.#failures, delayMs);
    // JsSIP's own retry timer already waited (whole seconds); wait only for the rest of our delay.
    const remaining = Math.max(0, this.#droppedAt + delayMs - performance.now());
    this.#waiting = setTimeout(() => {
      this.#waiting = undefined;
      this.#open();
    }, remaining);
  }

  /** Skips a pending backoff wait (the browser came back online). */
  connectNow(): void {
    if (this.#waiting === undefined) return;
    clearTimeout(this.#waiting);
    this.#waiting = undefined;
    this.#open();
  }

  disconnect(): void {
    if (this.#waiting !== undefined) clearTimeout(this.#waiting);
    this.#waiting = undefined;
    this.#failures = 0;
    const ws = this.#ws;
    this.#ws = undefined;
    if (!ws) return;
    ws.onopen = ws.onclose = ws.onmessage = ws.onerror = null;
    ws.close();
  }

  /** Closes the WebSocket as if the network dropped it (used when the browser goes offline). */
  drop(): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#ws = undefined;
    ws.onopen = ws.onclose = ws.onmessage = ws.onerror = null;
    ws.close();
    this.#failures += 1;
    this.#droppedAt = performance.now();
    this.ondisconnect(true, 1006, 'offline');
  }

  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    if (!this.isConnected()) return false;
    this.#ws?.send(message as string);
    return true;
  }

  isConnected(): boolean {
    return this.#ws?.readyState === 1;
  }

  isConnecting(): boolean {
    return this.#waiting !== undefined || this.#ws?.readyState === 0;
  }

  #open(): void {
    let ws: WebSocket;
    try {
      ws = this.#factory(this.url, 'sip');
    } catch {
      this.#failures += 1;
      this.#droppedAt = performance.now();
      queueMicrotask(() => this.ondisconnect(true, 1006, 'WebSocket could not be created'));
      return;
    }
    this.#ws = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      this.#failures = 0;
      this.#delegate.opened();
      this.onconnect();
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#failures += 1;
      this.#droppedAt = performance.now();
      this.ondisconnect(!event.wasClean || event.code !== 1000, event.code, event.reason);
    };
    ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => this.ondata(event.data);
    ws.onerror = () => {};
  }
}
