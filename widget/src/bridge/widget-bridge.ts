// The widget's end of the bridge: turns host commands into calls on its delegate and replies to each,
// and posts widget events to every host that said hello.
import {
  BRIDGE_VERSION,
  BridgeError,
  createIdFactory,
  envelope,
  parseCommand,
  type BridgeEvents,
  type CommandPayload,
  type CommandResult,
  type CommandType,
  type EventType,
  type ReplyPayload,
} from './protocol.js';
import { WindowTransport, parseOriginList, type BridgeTransport } from './transport.js';
import type { WidgetErrorInfo } from '../state.js';

/** What the bridge calls for each host command: one method per command, except `hello`, which it answers itself. */
export type WidgetBridgeDelegate = {
  [K in Exclude<CommandType, 'hello'>]: (payload: CommandPayload<K>) => CommandResult<K> | Promise<CommandResult<K>>;
};

export class WidgetBridge {
  readonly #transport: BridgeTransport;
  readonly #delegate: WidgetBridgeDelegate;
  /** Hosts that said hello: events go only to them. */
  readonly #subscribers = new Set<string>();
  readonly #nextId = createIdFactory('evt');
  readonly #unlisten: () => void;

  constructor(transport: BridgeTransport, delegate: WidgetBridgeDelegate) {
    this.#transport = transport;
    this.#delegate = delegate;
    this.#unlisten = transport.listen((data, origin) => void this.#receive(data, origin));
  }

  /**
   * Tells a host page that loaded before us that we are listening. Posted once per allowed origin:
   * the browser delivers it only to the one the parent really has, so nothing is broadcast to `*`.
   */
  announce(): void {
    for (const origin of this.#transport.allowedOrigins) {
      this.#transport.send(envelope('ready', this.#nextId(), { version: BRIDGE_VERSION }), origin);
    }
  }

  emit<K extends EventType>(type: K, payload: BridgeEvents[K]): void {
    for (const origin of this.#subscribers) this.#transport.send(envelope(type, this.#nextId(), payload), origin);
  }

  get subscribers(): readonly string[] {
    return [...this.#subscribers];
  }

  close(): void {
    this.#unlisten();
    this.#subscribers.clear();
  }

  async #receive(data: unknown, origin: string): Promise<void> {
    const parsed = parseCommand(data);
    if (parsed.kind === 'foreign') return;
    if (parsed.kind === 'invalid') {
      this.#reply(origin, parsed.id ?? 'invalid', { ok: false, error: parsed.error.toJSON() });
      return;
    }
    const { type, id, payload } = parsed.message;
    try {
      const result = type === 'hello' ? await this.#hello(origin) : await this.#run(type, payload);
      this.#reply(origin, id, { ok: true, result });
    } catch (error) {
      this.#reply(origin, id, { ok: false, error: toErrorInfo(error) });
    }
  }

  async #hello(origin: string): Promise<CommandResult<'hello'>> {
    this.#subscribers.add(origin);
    return { version: BRIDGE_VERSION, state: await this.#delegate.getState({}) };
  }

  #run(type: Exclude<CommandType, 'hello'>, payload: unknown): unknown {
    const run = this.#delegate[type] as (payload: unknown) => unknown;
    return run.call(this.#delegate, payload);
  }

  #reply(origin: string, id: string, payload: ReplyPayload): void {
    this.#transport.send(envelope('reply', id, payload), origin);
  }
}

/**
 * Opens the widget's end of the bridge towards the window that frames this page (or opened it), for
 * the exact origins in `hostOrigins` (space-separated), and announces it. Undefined when there is no
 * such window or no origin. Throws a BridgeError (`INVALID_ORIGIN`) for an origin that is not exact.
 */
export function openWidgetBridge(hostOrigins: string, delegate: WidgetBridgeDelegate): WidgetBridge | undefined {
  const peer = window.parent !== window ? window.parent : window.opener;
  if (!hostOrigins.trim() || !peer) return undefined;
  const transport = new WindowTransport({ receiver: window, peer: () => peer, allowedOrigins: parseOriginList(hostOrigins) });
  const bridge = new WidgetBridge(transport, delegate);
  bridge.announce();
  return bridge;
}

function toErrorInfo(error: unknown): WidgetErrorInfo {
  if (error instanceof BridgeError) return error.toJSON();
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'COMMAND_FAILED', message: error.message };
  }
  return { code: 'COMMAND_FAILED', message: String(error) };
}
