// The host page's end of the bridge: typed requests to the widget in an iframe, typed widget events.
import { TypedEmitter } from '@wwe-webrtc/shared';
import {
  BridgeError,
  createIdFactory,
  envelope,
  parseWidgetMessage,
  type BridgeEvents,
  type CommandPayload,
  type CommandResult,
  type CommandType,
  type EventType,
  type ReplyEnvelope,
} from './protocol.js';
import { WindowTransport, normalizeOrigin, type BridgeTransport } from './transport.js';
import type { SoftphoneSnapshot } from '../state.js';

export interface SoftphoneFrameOptions {
  /** The widget page's origin, e.g. `https://softphone.example.com`. Messages go nowhere else. */
  origin: string;
  /** How long a request waits for its reply. Default 10 000 ms, as WWE's own Service Client API. */
  timeoutMs?: number;
}

/** Commands whose payload is all optional can be sent without one. */
type PayloadArgs<K extends CommandType> = Record<string, never> extends CommandPayload<K>
  ? [payload?: CommandPayload<K>]
  : [payload: CommandPayload<K>];

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: BridgeError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A `<wwe-softphone>` running in an iframe, seen from the host page:
 *
 * ```ts
 * const phone = connectSoftphoneFrame(iframe, { origin: 'https://softphone.example.com' });
 * phone.on('incoming', (call) => console.log('ringing', call.remote));
 * await phone.request('answer');
 * ```
 */
export class SoftphoneFrame extends TypedEmitter<BridgeEvents> {
  /** Resolves with the widget's state once it answered our hello. */
  readonly ready: Promise<SoftphoneSnapshot>;
  readonly origin: string;
  readonly #transport: BridgeTransport;
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  readonly #nextId = createIdFactory('host');
  readonly #frame: HTMLIFrameElement;
  #connected = false;
  #resolveReady!: (state: SoftphoneSnapshot) => void;
  #closed = false;

  constructor(frame: HTMLIFrameElement, options: SoftphoneFrameOptions, transport?: BridgeTransport) {
    super();
    this.origin = normalizeOrigin(options.origin);
    this.#frame = frame;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#transport =
      transport ?? new WindowTransport({ receiver: window, peer: () => frame.contentWindow, allowedOrigins: [this.origin] });
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    this.#transport.listen((data) => this.#receive(data));
    frame.addEventListener('load', this.#sayHello);
    this.#sayHello();
  }

  /** Sends a command and resolves with its result; rejects with the widget's error (`code`, `message`). */
  async request<K extends CommandType>(type: K, ...[payload]: PayloadArgs<K>): Promise<CommandResult<K>> {
    if (type !== 'hello') await this.ready;
    return this.#send(type, (payload ?? {}) as CommandPayload<K>);
  }

  close(): void {
    this.#closed = true;
    this.#frame.removeEventListener('load', this.#sayHello);
    this.#transport.close();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new BridgeError('CLOSED', 'The softphone frame connection was closed.'));
      this.#pending.delete(id);
    }
    this.removeAllListeners();
  }

  #send<K extends CommandType>(type: K, payload: CommandPayload<K>): Promise<CommandResult<K>> {
    if (this.#closed) return Promise.reject(new BridgeError('CLOSED', 'The softphone frame connection was closed.'));
    const id = this.#nextId();
    return new Promise<CommandResult<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BridgeError('TIMEOUT', `The softphone did not answer "${type}" within ${this.#timeoutMs} ms. Is its page loaded and is ${location.origin} in its host-origins?`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      this.#transport.send(envelope(type, id, payload), this.origin);
    });
  }

  /** Said on start, on every iframe load and whenever the widget announces itself, until answered. */
  readonly #sayHello = (): void => {
    if (this.#closed) return;
    this.#connected = false;
    this.#send('hello', {}).then(
      (result) => {
        this.#connected = true;
        this.#resolveReady(result.state);
      },
      () => undefined, // a newer hello or the widget's `ready` takes over
    );
  };

  #receive(data: unknown): void {
    const parsed = parseWidgetMessage(data);
    if (parsed.kind !== 'valid') return; // the widget is trusted to be well-formed; drop noise
    const message = parsed.message;
    if (message.type === 'reply') {
      this.#settle(message as ReplyEnvelope);
      return;
    }
    if (message.type === 'ready' && !this.#connected) {
      // A hello sent before the widget listened was lost (it times out quietly); this one is not.
      this.#sayHello();
    }
    // A host listener that throws is reported (reportError) and never stops the others or the bridge.
    this.emit(message.type as EventType, message.payload as BridgeEvents[EventType]);
  }

  #settle(reply: ReplyEnvelope): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.payload.ok) pending.resolve(reply.payload.result);
    else pending.reject(new BridgeError(reply.payload.error.code, reply.payload.error.message));
  }
}

/** Connects to a `<wwe-softphone>` page in `frame`. Its `host-origins` must list this page's origin. */
export function connectSoftphoneFrame(frame: HTMLIFrameElement, options: SoftphoneFrameOptions): SoftphoneFrame {
  return new SoftphoneFrame(frame, options);
}
