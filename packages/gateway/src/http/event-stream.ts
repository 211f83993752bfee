import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DnStatus } from '../registration-sync/dn-state.js';
import { ChangeLog } from './change-log.js';
import { sendError } from './respond.js';

/** What the event stream reads: registration sync's DN state and its changes. */
export interface DnEventSource {
  readonly ready: boolean;
  counts(): object;
  statuses(): Iterable<DnStatus>;
  status(dn: string): DnStatus | undefined;
  on(event: 'change', listener: (status: DnStatus) => void): () => void;
}

export interface DnEventStreamOptions {
  /** Most streams open at once; more get 503 TOO_MANY_STREAMS. Default 50. */
  maxClients?: number;
  /** An SSE comment is sent this often so proxies keep an idle stream open. Default 15 000 ms. */
  heartbeatMs?: number;
  /** A client that takes no data for this long while data waits for it is dropped. Default 30 000 ms. */
  stallTimeoutMs?: number;
  /** The snapshot is written in pieces of about this many characters, as the client takes them. Default 16 KiB. */
  chunkChars?: number;
}

export const DN_EVENT_STREAM_DEFAULTS = { maxClients: 50, heartbeatMs: 15_000, stallTimeoutMs: 30_000, chunkChars: 16 * 1024 } as const;

/**
 * `GET /api/events`: one `snapshot` event, then a `dn` event per change. Nothing queues per client:
 * the gateway writes while the client's socket takes data, and a client that falls behind is owed
 * "every DN changed since the last change it was sent", read from one shared `ChangeLog` when its
 * socket drains — so it gets the latest state of each DN once, never a backlog of every change. A
 * client that takes nothing for `stallTimeoutMs` while something waits for it is dropped; it may
 * reconnect and start from a fresh snapshot. Each client costs at most the socket's buffer plus one
 * piece of data, whatever the number of DNs or the rate of change.
 */
export class DnEventStream {
  readonly #source: DnEventSource;
  readonly #options: Required<DnEventStreamOptions>;
  readonly #log = new ChangeLog<string>();
  readonly #clients = new Set<StreamClient>();
  #dropped = 0;

  constructor(source: DnEventSource, options: DnEventStreamOptions = {}) {
    this.#source = source;
    const defaults = DN_EVENT_STREAM_DEFAULTS;
    this.#options = {
      maxClients: options.maxClients ?? defaults.maxClients,
      heartbeatMs: options.heartbeatMs ?? defaults.heartbeatMs,
      stallTimeoutMs: options.stallTimeoutMs ?? defaults.stallTimeoutMs,
      chunkChars: options.chunkChars ?? defaults.chunkChars,
    };
    source.on('change', (status) => {
      const change = this.#log.record(status.dn);
      let event: string | undefined; // serialized once, for all the clients that are up to date
      for (const client of this.#clients) client.changed(() => (event ??= dnEvent(status)), change);
    });
  }

  /** Streams open now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Bytes written to clients that their sockets have not taken yet, all clients together. */
  get bufferedBytes(): number {
    let bytes = 0;
    for (const client of this.#clients) bytes += client.bufferedBytes;
    return bytes;
  }

  /** Clients dropped for stalling, over the stream's life. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Serves one `GET /api/events` request until the client goes (or is dropped). */
  open(req: IncomingMessage, res: ServerResponse): void {
    if (this.#clients.size >= this.#options.maxClients) {
      sendError(res, 503, 'TOO_MANY_STREAMS', `at most ${this.#options.maxClients} event streams at once`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const client = new StreamClient(res, this.#source, this.#log, this.#options, () => {
      this.#dropped += 1;
    });
    this.#clients.add(client);
    req.on('close', () => {
      client.close();
      this.#clients.delete(client);
    });
    client.pump();
  }
}

class StreamClient {
  /** Number of the last change this client was sent (or the log's position when its snapshot began). */
  #seen: number;
  #snapshot: Iterator<string> | undefined;
  /** The socket said "enough"; nothing more is written until it drains. */
  #waiting = false;
  #stallTimer: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly source: DnEventSource,
    private readonly log: ChangeLog<string>,
    private readonly options: Required<DnEventStreamOptions>,
    private readonly onStalled: () => void,
  ) {
    this.#seen = log.last;
    this.#snapshot = snapshotPieces(source, options.chunkChars);
    this.#heartbeat = setInterval(() => {
      if (!this.#waiting) this.#write(': keepalive\n\n');
    }, options.heartbeatMs);
    this.#heartbeat.unref();
  }

  get bufferedBytes(): number {
    return this.res.writableLength;
  }

  /** A DN changed. A client that is up to date is sent it at once; one that is behind catches up on drain. */
  changed(event: () => string, change: number): void {
    if (this.#waiting) return;
    if (this.#snapshot === undefined && this.#seen === change - 1) {
      this.#seen = change;
      this.#write(event());
      return;
    }
    this.pump();
  }

  /** Writes what the client is owed — the rest of its snapshot, then every DN changed since — until its socket is full. */
  pump(): void {
    if (this.#waiting || this.res.destroyed) return;
    while (this.#snapshot) {
      const piece = this.#snapshot.next();
      if (piece.done) this.#snapshot = undefined;
      else if (!this.#write(piece.value)) return;
    }
    for (const [dn, change] of this.log.since(this.#seen)) {
      this.#seen = change;
      const status = this.source.status(dn);
      if (status && !this.#write(dnEvent(status))) return;
    }
  }

  close(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#stallTimer);
    this.#snapshot = undefined;
  }

  #write(text: string): boolean {
    if (this.res.write(text)) return true;
    this.#waiting = true;
    this.#stallTimer = setTimeout(() => {
      this.onStalled();
      this.res.destroy(); // 'close' follows and removes the client
    }, this.options.stallTimeoutMs);
    this.res.once('drain', () => {
      clearTimeout(this.#stallTimer);
      this.#waiting = false;
      this.pump();
    });
    return false;
  }
}

function dnEvent(status: DnStatus): string {
  return `event: dn\ndata: ${JSON.stringify(status)}\n\n`;
}

/**
 * The `snapshot` event (`{ ready, counts, dns }` on one data line) in pieces, each built only when the
 * client can take it, so a client that stops reading never holds the whole DN list in memory.
 */
function* snapshotPieces(source: DnEventSource, chunkChars: number): Generator<string> {
  let piece = `retry: 2000\nevent: snapshot\ndata: {"ready":${source.ready},"counts":${JSON.stringify(source.counts())},"dns":[`;
  let first = true;
  for (const status of source.statuses()) {
    piece += (first ? '' : ',') + JSON.stringify(status);
    first = false;
    if (piece.length >= chunkChars) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]}\n\n`;
}
