import type { Client } from './mock-socket-esm.js';
import type { SipMessage, SipRequest, SipResponse } from './sip-message.js';
import { formatSipMessage, parseCSeq, parseSipMessage, randomToken, tagOf } from './sip-message.js';
import type { ClientTransaction, LabConnection, LabTransport } from './transport.js';

/** One SIP frame on the lab's WebSocket, either way. */
export interface SipFrame {
  readonly seq: number;
  readonly direction: 'to-phone' | 'from-phone';
  /** `performance.now()` when the frame left its sender (the softphone's `send()` for from-phone frames). */
  readonly at: number;
  readonly connectionId: number;
  readonly text: string;
  /** Parsed message; undefined when the frame is not valid SIP (or a keep-alive). */
  readonly message: SipMessage | undefined;
  /** Start line, e.g. `INVITE sip:… SIP/2.0` or `SIP/2.0 200 OK`. */
  readonly startLine: string;
}

/** What the wire hands to the lab. */
export interface WireDelegate {
  frame(frame: SipFrame): void;
  request(connection: LabConnection, request: SipRequest): void;
  closed(connection: LabConnection): void;
}

interface ConnectionState extends LabConnection {
  open: boolean;
  socket: Client;
}

/** When each softphone WebSocket called `send()`, in order (mock-socket delivers a few ms later). */
const sendTimes = new WeakMap<object, number[]>();

/** Records a send time for `ws`; used by the lab's WebSocket factory. */
export function noteSend(ws: object, at: number): void {
  const times = sendTimes.get(ws) ?? [];
  times.push(at);
  sendTimes.set(ws, times);
}

/**
 * The lab's side of the WebSockets: keeps the frame log, sends requests as client transactions
 * (matched by Via branch and CSeq method), sends responses the way a proxy builds them.
 */
export class LabWire implements LabTransport {
  readonly host: string;
  readonly frames: SipFrame[] = [];
  /** Fault injection: every response waits this long. */
  responseDelayMs = 0;
  readonly #handlers: WireDelegate;
  readonly #connections = new Set<ConnectionState>();
  readonly #transactions = new Map<string, { resolve: (r: SipResponse) => void; provisional: ((r: SipResponse) => void)[] }>();
  readonly #tags = new Map<string, string>();
  #nextConnectionId = 0;

  constructor(host: string, handlers: WireDelegate) {
    this.host = host;
    this.#handlers = handlers;
  }

  accept(socket: Client): void {
    const connection: ConnectionState = { id: ++this.#nextConnectionId, open: true, socket };
    this.#connections.add(connection);
    const client = (socket as unknown as { target: object }).target;
    socket.on('message', (data) => {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
      this.#receive(connection, text, sendTimes.get(client)?.shift() ?? performance.now());
    });
    socket.on('close', () => {
      connection.open = false;
      this.#connections.delete(connection);
      this.#handlers.closed(connection);
    });
  }

  /** Closes every connection abnormally (1006), as a network drop. */
  dropAll(): void {
    for (const connection of [...this.#connections]) connection.socket.close({ code: 1006, reason: 'lab: connection dropped', wasClean: false });
  }

  sendRequest(connection: LabConnection, startLine: string, headers: [string, string][], body = '', options: { branch?: string } = {}): ClientTransaction {
    const branch = options.branch ?? `z9hG4bK${randomToken(16)}`;
    const method = startLine.split(' ')[0] ?? '';
    const cseqMethod = parseCSeq(headers.find(([n]) => n === 'CSeq')?.[1]).method || method;
    const provisional: ((r: SipResponse) => void)[] = [];
    const final = new Promise<SipResponse>((resolve) => {
      if (method !== 'ACK') this.#transactions.set(`${branch}|${cseqMethod}`, { resolve, provisional });
    });
    this.#send(connection, formatSipMessage(startLine, [['Via', `SIP/2.0/WSS ${this.host};rport;branch=${branch}`], ...headers], body));
    return { branch, final, onProvisional: (listener) => provisional.push(listener) };
  }

  sendResponse(connection: LabConnection, request: SipRequest, status: number, reason: string, headers: [string, string][] = [], body = ''): void {
    const to = request.headers.get('To') ?? '';
    const needsTag = status > 100 && !tagOf(to);
    const lines: [string, string][] = [
      ...request.headers.getAll('Via').map((via): [string, string] => ['Via', via]),
      ['From', request.headers.get('From') ?? ''],
      ['To', needsTag ? `${to};tag=${this.tagFor(request)}` : to],
      ['Call-ID', request.headers.get('Call-ID') ?? ''],
      ['CSeq', request.headers.get('CSeq') ?? ''],
      ['Server', 'Asterisk PBX 20.5.0'],
      ...headers,
    ];
    const text = formatSipMessage(`SIP/2.0 ${status} ${reason}`, lines, body);
    if (this.responseDelayMs > 0) setTimeout(() => this.#send(connection, text), this.responseDelayMs);
    else this.#send(connection, text);
  }

  /** The lab's To tag for the dialog a request opens (stable across retransmissions and re-challenges). */
  tagFor(request: SipRequest): string {
    const key = `${request.headers.get('Call-ID')}|${tagOf(request.headers.get('From'))}`;
    let tag = this.#tags.get(key);
    if (!tag) {
      tag = randomToken(12);
      this.#tags.set(key, tag);
    }
    return tag;
  }

  #send(connection: LabConnection, text: string): void {
    const state = [...this.#connections].find((c) => c.id === connection.id);
    if (!state?.open) return;
    this.#log('to-phone', connection.id, text, performance.now());
    state.socket.send(text);
  }

  #receive(connection: ConnectionState, text: string, at: number): void {
    const message = this.#log('from-phone', connection.id, text, at).message;
    if (!message) return;
    if (message.kind === 'request') {
      this.#handlers.request(connection, message);
      return;
    }
    const branch = /branch=([^;,\s]+)/.exec(message.headers.get('Via') ?? '')?.[1];
    const key = `${branch}|${parseCSeq(message.headers.get('CSeq')).method}`;
    const transaction = this.#transactions.get(key);
    if (!transaction) return;
    if (message.status < 200) {
      for (const listener of transaction.provisional) listener(message);
    } else {
      this.#transactions.delete(key);
      transaction.resolve(message);
    }
  }

  #log(direction: SipFrame['direction'], connectionId: number, text: string, at: number): SipFrame {
    let message: SipMessage | undefined;
    try {
      message = text.trim() ? parseSipMessage(text) : undefined;
    } catch {
      message = undefined;
    }
    const frame: SipFrame = { seq: this.frames.length, direction, at, connectionId, text, message, startLine: text.split('\r\n', 1)[0] ?? '' };
    this.frames.push(frame);
    this.#handlers.frame(frame);
    return frame;
  }
}
