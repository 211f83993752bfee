import { createHash, randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { TypedEmitter, backoffDelay, type BackoffOptions } from '@wwe-webrtc/shared';
import { AmiAuthError, AmiConnectionError, GatewayError } from '../errors.js';
import { AMI_CLIENT_DEFAULTS, type AmiClientOptions } from './client-options.js';
import { AmiParser, serializeAction, type AmiFields } from './codec.js';
import { amiEventDecoder, type DecodedAmiEvents } from './events.js';
import type { AmiMessage } from './message.js';
import { ReplyMatcher, type AmiListResult, type AmiSendOptions } from './reply-matcher.js';

export type { AmiListResult, AmiSendOptions } from './reply-matcher.js';

export type AmiClientState = 'idle' | 'connecting' | 'connected' | 'stopped';

/**
 * Everything an `AmiClient` tells its listeners: its connection's life, every event raw, and the events
 * of `AMI_EVENT_DECODERS` typed (`contactStatus`, `registry`, `fullyBooted`).
 */
export interface AmiClientEvents extends DecodedAmiEvents {
  /** Logged in; actions may be sent. Emitted before any event that arrived with the login reply. */
  connected: { readonly version: string };
  /** The connection is gone; pending actions were rejected with AMI_CONNECTION_LOST. */
  disconnected: { readonly error: Error };
  /** A reconnect is scheduled. */
  reconnecting: { readonly attempt: number; readonly delayMs: number };
  /** Every unsolicited event, raw. */
  event: AmiMessage;
  /** A frame that could not be read was skipped. */
  malformed: { readonly reason: string; readonly excerpt: string };
  /** Something went wrong that the client handles itself (it reconnects) or that stopped it (auth). */
  error: GatewayError;
}

type ResolvedOptions = Required<Omit<AmiClientOptions, 'tls' | 'events' | 'reconnect'>> &
  Pick<AmiClientOptions, 'tls' | 'events'> & { reconnect: BackoffOptions };

type Handshake = 'banner' | 'challenge' | 'login' | 'done';

/**
 * One Asterisk Manager Interface connection that stays up: banner check, login (MD5 challenge or
 * plain), ActionID-matched replies, list replies gathered into one result, typed events, keepalive
 * `Ping`, and reconnection with backoff and jitter. Actions sent while disconnected fail at once with
 * AMI_NOT_CONNECTED rather than queueing: callers reconcile on `connected`.
 */
export class AmiClient extends TypedEmitter<AmiClientEvents> {
  readonly #options: ResolvedOptions;
  readonly #parser = new AmiParser();
  readonly #replies = new ReplyMatcher();
  readonly #idPrefix: string;
  #nextId = 1;
  #state: AmiClientState = 'idle';
  #socket: Socket | undefined;
  #handshake: Handshake = 'banner';
  #handshakeId: string | undefined;
  #version = '';
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  #keepaliveTimer: NodeJS.Timeout | undefined;
  #lastError: Error | undefined;
  #reconnects = 0;
  #lastEventAt: number | undefined;
  #startWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(options: AmiClientOptions) {
    super();
    this.#options = {
      ...AMI_CLIENT_DEFAULTS,
      ...options,
      reconnect: { ...AMI_CLIENT_DEFAULTS.reconnect, ...options.reconnect },
      random: options.random ?? Math.random,
    };
    this.#idPrefix = randomBytes(3).toString('hex');
  }

  get state(): AmiClientState {
    return this.#state;
  }

  get connected(): boolean {
    return this.#state === 'connected';
  }

  /** Asterisk Call Manager protocol version from the banner of the current connection. */
  get version(): string {
    return this.#version;
  }

  /** Frames skipped because they could not be read, over the client's life. */
  get malformedFrames(): number {
    return this.#parser.malformedCount;
  }

  /** Connections re-established after the first one. */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** `Date.now()` of the last frame received, for health checks. */
  get lastFrameAt(): number | undefined {
    return this.#lastEventAt;
  }

  /**
   * Connects and keeps reconnecting until `stop()`. Resolves once logged in; rejects only if the login is
   * refused (AMI_AUTH_FAILED, which stops the client: retrying a wrong secret helps nobody) or `stop()`
   * is called first.
   */
  start(): Promise<void> {
    if (this.#state === 'stopped') return Promise.reject(new AmiConnectionError('AMI_CLIENT_STOPPED', 'AMI client is stopped'));
    if (this.#state === 'connected') return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.#startWaiters.push({ resolve, reject }));
    if (this.#state === 'idle') this.#open();
    return ready;
  }

  /** Logs off (best effort, bounded by `graceMs`), closes, and rejects everything pending. */
  async stop(graceMs = 500): Promise<void> {
    if (this.#state === 'stopped') return;
    const socket = this.#socket;
    const wasConnected = this.#state === 'connected';
    this.#state = 'stopped';
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#connectTimer);
    clearInterval(this.#keepaliveTimer);
    this.#settleStart(new AmiConnectionError('AMI_CLIENT_STOPPED', 'AMI client stopped before it connected'));
    if (socket && wasConnected && !socket.destroyed) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(serializeAction('Logoff', {}, this.#newId()));
      socket.end();
      await Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())]);
    }
    socket?.destroy();
    this.#replies.rejectAll(new AmiConnectionError('AMI_CLIENT_STOPPED', 'AMI client stopped'));
  }

  /**
   * Sends one action and resolves with its reply. Rejects with AMI_INVALID_FIELD (nothing sent) for a
   * key or value that could inject into the stream, AMI_NOT_CONNECTED, AMI_TIMEOUT,
   * AMI_CONNECTION_LOST, or AMI_ACTION_FAILED for `Response: Error` (unless `allowError`).
   */
  send(action: string, fields: AmiFields = {}, options: AmiSendOptions = {}): Promise<AmiMessage> {
    return this.#send(action, fields, false, options) as Promise<AmiMessage>;
  }

  /**
   * Sends a list action (`PJSIPShowContacts`, `PJSIPShowRegistrationsOutbound`, …) and resolves with the
   * reply and every item once the `…Complete` event arrives.
   */
  list(action: string, fields: AmiFields = {}, options: AmiSendOptions = {}): Promise<AmiListResult> {
    return this.#send(action, fields, true, options) as Promise<AmiListResult>;
  }

  #send(action: string, fields: AmiFields, list: boolean, options: AmiSendOptions): Promise<AmiMessage | AmiListResult> {
    let frame: string;
    const id = this.#newId();
    try {
      frame = serializeAction(action, fields, id); // validates before anything else happens
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#state !== 'connected' || !this.#socket) {
      return Promise.reject(new AmiConnectionError('AMI_NOT_CONNECTED', `AMI is not connected; ${action} was not sent`));
    }
    return this.#write(this.#socket, id, action, frame, list, options);
  }

  #write(socket: Socket, id: string, action: string, frame: string, list: boolean, options: AmiSendOptions): Promise<AmiMessage | AmiListResult> {
    const reply = this.#replies.expect(id, action, list, options, options.timeoutMs ?? this.#options.actionTimeoutMs);
    socket.write(frame);
    return reply;
  }

  #newId(): string {
    return `${this.#idPrefix}-${this.#nextId++}`;
  }

  #open(): void {
    this.#state = 'connecting';
    this.#handshake = 'banner';
    this.#handshakeId = undefined;
    this.#lastError = undefined;
    this.#parser.reset(true);
    const { host, port, tls } = this.#options;
    const socket = tls ? connectTls({ host, port, ...tls }) : connectTcp({ host, port });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    // One deadline for the whole login: an Asterisk that greets and then goes quiet (overloaded, or
    // not Asterisk at all) must not hold the only connection for ever.
    this.#connectTimer = setTimeout(() => {
      const waitingFor = { banner: 'the banner', challenge: 'the reply to Challenge', login: 'the reply to Login', done: 'nothing' }[this.#handshake];
      this.#fail(socket, new AmiConnectionError('AMI_TIMEOUT', `AMI login to ${host}:${port} did not complete within ${this.#options.connectTimeoutMs} ms (no ${waitingFor}); reconnecting`));
    }, this.#options.connectTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    socket.on('error', (error) => {
      this.#lastError = error;
    });
    socket.on('close', () => this.#onClose(socket));
  }

  #onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    this.#lastEventAt = Date.now();
    for (const item of this.#parser.push(chunk)) {
      if (socket.destroyed) return;
      if (item.kind === 'banner') this.#onBanner(socket, item.version);
      else if (item.kind === 'malformed') {
        if (this.#handshake === 'banner') {
          this.#fail(socket, new AmiConnectionError('AMI_BANNER_INVALID', `not an Asterisk Manager Interface (first line: ${JSON.stringify(item.excerpt)}); check the AMI host and port`));
          return;
        }
        this.emit('malformed', { reason: item.reason, excerpt: item.excerpt });
      } else this.#onMessage(socket, item.message);
    }
  }

  #onBanner(socket: Socket, version: string): void {
    this.#version = version;
    const { username, authType } = this.#options;
    this.#handshakeId = this.#newId();
    if (authType === 'md5') {
      this.#handshake = 'challenge';
      socket.write(serializeAction('Challenge', { AuthType: 'MD5' }, this.#handshakeId));
    } else {
      this.#handshake = 'login';
      socket.write(serializeAction('Login', { Username: username, Secret: this.#options.secret, Events: this.#options.events }, this.#handshakeId));
    }
  }

  #onHandshakeReply(socket: Socket, message: AmiMessage): void {
    if (message.response !== 'Success') {
      const reason = message.get('Message') ?? 'no reason given';
      const error = this.#handshake === 'challenge' && !/authentication/i.test(reason)
        ? new AmiAuthError(`MD5 challenge refused: ${reason}; set authType to plain if this Asterisk cannot do MD5`)
        : new AmiAuthError(reason);
      this.#fatal(socket, error);
      return;
    }
    if (this.#handshake === 'challenge') {
      const challenge = message.get('Challenge') ?? '';
      const key = createHash('md5').update(challenge + this.#options.secret).digest('hex');
      this.#handshake = 'login';
      this.#handshakeId = this.#newId();
      socket.write(serializeAction('Login', { Username: this.#options.username, AuthType: 'MD5', Key: key, Events: this.#options.events }, this.#handshakeId));
      return;
    }
    clearTimeout(this.#connectTimer);
    this.#handshake = 'done';
    this.#handshakeId = undefined;
    if (this.#attempt > 0) this.#reconnects += 1;
    this.#attempt = 0;
    this.#state = 'connected';
    this.#startKeepalive(socket);
    this.emit('connected', { version: this.#version });
    this.#settleStart();
  }

  #onMessage(socket: Socket, message: AmiMessage): void {
    const id = message.actionId;
    if (id !== undefined && id === this.#handshakeId && message.response !== undefined) {
      this.#onHandshakeReply(socket, message);
      return;
    }
    if (this.#replies.accept(message)) return;
    if (message.event !== undefined) this.#dispatchEvent(message);
    // Anything else is a reply to an action that already timed out: nothing waits for it.
  }

  #dispatchEvent(message: AmiMessage): void {
    this.emit('event', message);
    const decoder = amiEventDecoder(message.event);
    const decoded = decoder?.decode(message);
    // The table pairs each decoder with its event name; TypeScript cannot follow that through a union.
    if (decoder && decoded) this.emit(decoder.emits, decoded as never);
  }

  #startKeepalive(socket: Socket): void {
    const { keepaliveIntervalMs, keepaliveTimeoutMs } = this.#options;
    if (keepaliveIntervalMs <= 0) return;
    clearInterval(this.#keepaliveTimer);
    this.#keepaliveTimer = setInterval(() => {
      if (this.#state !== 'connected' || socket !== this.#socket) return;
      this.send('Ping', {}, { timeoutMs: keepaliveTimeoutMs }).catch((error: unknown) => {
        if (error instanceof GatewayError && error.code === 'AMI_TIMEOUT' && socket === this.#socket) {
          socket.destroy(new AmiConnectionError('AMI_TIMEOUT', `AMI keepalive Ping unanswered for ${keepaliveTimeoutMs} ms`));
        }
      });
    }, keepaliveIntervalMs);
    this.#keepaliveTimer.unref();
  }

  #fail(socket: Socket, error: GatewayError): void {
    this.#lastError = error;
    this.emit('error', error);
    socket.destroy();
  }

  /** A failure that retrying cannot fix: stop for good. */
  #fatal(socket: Socket, error: GatewayError): void {
    this.#lastError = error;
    this.#state = 'stopped';
    clearTimeout(this.#connectTimer);
    this.emit('error', error);
    this.#settleStart(error);
    socket.destroy();
  }

  #onClose(socket: Socket): void {
    if (socket !== this.#socket) return;
    clearTimeout(this.#connectTimer);
    clearInterval(this.#keepaliveTimer);
    this.#socket = undefined;
    const error = new AmiConnectionError(
      'AMI_CONNECTION_LOST',
      `AMI connection to ${this.#options.host}:${this.#options.port} closed${this.#lastError ? `: ${this.#lastError.message}` : ''}`,
      { cause: this.#lastError },
    );
    const wasConnected = this.#state === 'connected';
    this.#replies.rejectAll(error);
    if (wasConnected) this.emit('disconnected', { error });
    if (this.#state === 'stopped') return;
    if (!wasConnected && this.#lastError && !(this.#lastError instanceof GatewayError)) {
      this.emit('error', error);
    }
    this.#state = 'connecting';
    this.#attempt += 1;
    const delayMs = backoffDelay(this.#attempt, this.#options.reconnect, this.#options.random);
    this.emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#reconnectTimer = setTimeout(() => {
      if (this.#state !== 'stopped') this.#open();
    }, delayMs);
  }

  #settleStart(error?: Error): void {
    const waiters = this.#startWaiters;
    this.#startWaiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }
}
