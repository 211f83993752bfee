import JsSIP from 'jssip';
import type { UA } from 'jssip/lib/UA.js';
import { RegistrationError } from '../errors.js';
import type { SoftphoneError } from '../errors.js';
import { TypedEmitter } from '../events.js';
import type { ResolvedOptions } from '../options.js';
import { SipSocket } from '../sip/socket.js';
import { backoffDelay } from './backoff.js';
import type { RegistrationState } from './registration-state.js';
import { canTransition } from './registration-state.js';

export interface RegistrationEvents {
  stateChanged: { state: RegistrationState; previous: RegistrationState; error?: SoftphoneError };
}

/** JsSIP's transport retry timer accepts whole seconds only; our socket adds the rest of the backoff. */
const JSSIP_RETRY_SECONDS = 1;
/** How long `stop()` waits for the un-REGISTER to be answered before closing anyway. */
const UNREGISTER_GRACE_MS = 2000;

/**
 * Owns the JsSIP UA: connect, register, reconnect with backoff, re-register after every reconnect,
 * follow the browser's online/offline, unregister on page hide.
 */
export class Registration extends TypedEmitter<RegistrationEvents> {
  #state: RegistrationState = 'disconnected';
  #options: ResolvedOptions;
  #ua: UA | undefined;
  #socket: SipSocket | undefined;
  #stopping = false;
  #detachWindow: (() => void) | undefined;

  constructor(options: ResolvedOptions) {
    super();
    this.#options = options;
    this.setListenerErrorSink((event, error) => options.logger.error(`softphone: a "${event}" listener threw`, error));
  }

  get state(): RegistrationState {
    return this.#state;
  }

  get ua(): UA | undefined {
    return this.#ua;
  }

  /** Creates the UA and starts connecting; `onUa` wires call handling before any message arrives. */
  start(onUa: (ua: UA) => void): void {
    if (this.#ua) return;
    const options = this.#options;
    this.#stopping = false;
    const socket = new SipSocket(options.server, options.webSocketFactory, (attempt) => backoffDelay(attempt, options.reconnect), {
      onReconnectScheduled: (attempt, delayMs) => {
        options.logger.info(`softphone: reconnect attempt ${attempt} in ${delayMs} ms`);
        if (attempt > options.reconnect.maxAttempts) {
          this.#fail(new RegistrationError('SERVER_UNREACHABLE', `Gave up reaching ${options.server} after ${attempt - 1} attempts. Check the network and the server, then connect again.`));
        }
      },
      onOpen: () => options.logger.debug('softphone: WebSocket open'),
    });
    const ua = new JsSIP.UA({
      sockets: [socket as never],
      uri: `sip:${options.dn}@${options.domain}`,
      password: options.password,
      authorization_user: options.authorizationUser,
      display_name: options.displayName,
      register: true,
      register_expires: options.registerExpires,
      user_agent: options.userAgent,
      connection_recovery_min_interval: JSSIP_RETRY_SECONDS,
      connection_recovery_max_interval: JSSIP_RETRY_SECONDS,
    });
    this.#ua = ua;
    this.#socket = socket;
    ua.on('registered', () => {
      // A REGISTER answered after stop() (delayed 401/200) must not resurrect the registration.
      if (!this.#stopping) this.#setState('registered');
    });
    ua.on('disconnected', () => {
      if (this.#stopping || this.#state === 'failed') return;
      this.#setState(
        'reconnecting',
        new RegistrationError('SERVER_UNREACHABLE', `Lost the connection to ${options.server}; reconnecting.`),
      );
    });
    ua.on('unregistered', () => {
      // A refresh that failed while the socket stays up: register again rather than sit unreachable.
      if (!this.#stopping && ua.isConnected() && this.#state === 'registered') ua.register();
    });
    ua.on('registrationFailed', ({ response, cause }) => this.#onRegistrationFailed(response?.status_code, cause));
    onUa(ua);
    this.#attachWindow();
    this.#setState('connecting');
    ua.start();
  }

  /** Unregisters and closes; resolves once the socket is closed (or after a short grace period). */
  async stop(): Promise<void> {
    const ua = this.#ua;
    if (!ua) {
      this.#setState('disconnected');
      return;
    }
    this.#stopping = true;
    this.#detachWindow?.();
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, UNREGISTER_GRACE_MS + 500);
      ua.on('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const wasConnected = ua.isConnected();
    ua.stop();
    if (wasConnected) await closed;
    this.#socket?.disconnect();
    this.#ua = undefined;
    this.#socket = undefined;
    this.#setState('disconnected');
  }

  /** Resolves when registered; rejects when registration fails for good or is stopped. */
  whenRegistered(): Promise<void> {
    if (this.#state === 'registered') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.on('stateChanged', ({ state, error }) => {
        if (state === 'registered') {
          off();
          resolve();
        } else if (state === 'failed' || state === 'disconnected') {
          off();
          reject(error ?? new RegistrationError('NOT_CONNECTED', 'disconnect() was called before registration completed.'));
        }
      });
    });
  }

  #onRegistrationFailed(statusCode: number | undefined, cause: string | undefined): void {
    if (this.#stopping) return;
    if (cause === JsSIP.C.causes.CONNECTION_ERROR || cause === JsSIP.C.causes.REQUEST_TIMEOUT) {
      // Transport trouble: the socket layer reconnects and JsSIP registers again on connect.
      return;
    }
    const auth = cause === JsSIP.C.causes.AUTHENTICATION_ERROR || statusCode === 401 || statusCode === 403 || statusCode === 407;
    this.#fail(
      auth
        ? new RegistrationError('AUTH_FAILED', `The server refused the credentials of DN ${this.#options.dn}${statusCode ? ` (${statusCode})` : ''}. Check the DN and password.`, { statusCode })
        : new RegistrationError('REGISTRATION_FAILED', `Registration of DN ${this.#options.dn} was refused${statusCode ? ` (${statusCode})` : ''}: ${cause ?? 'unknown cause'}.`, { statusCode }),
    );
  }

  #fail(error: RegistrationError): void {
    this.#stopping = true;
    this.#detachWindow?.();
    this.#ua?.stop();
    this.#socket?.disconnect();
    this.#ua = undefined;
    this.#socket = undefined;
    this.#setState('failed', error);
  }

  #attachWindow(): void {
    if (typeof window === 'undefined') return;
    const options = this.#options;
    const online = (): void => this.#socket?.connectNow();
    // An offline browser keeps a dead WebSocket open for minutes; drop it so reconnecting starts now.
    const offline = (): void => this.#socket?.drop();
    // Unregisters at once (the un-REGISTER leaves before the page goes); a page restored from the
    // back/forward cache finds the softphone `disconnected` and can connect() again.
    const pagehide = (): void => void this.stop();
    const listeners: [string, () => void][] = [];
    if (options.watchNetwork) listeners.push(['online', online], ['offline', offline]);
    if (options.unregisterOnPageHide) listeners.push(['pagehide', pagehide]);
    for (const [name, listener] of listeners) window.addEventListener(name, listener);
    this.#detachWindow = () => {
      for (const [name, listener] of listeners) window.removeEventListener(name, listener);
      this.#detachWindow = undefined;
    };
  }

  #setState(state: RegistrationState, error?: SoftphoneError): void {
    const previous = this.#state;
    if (previous === state) return;
    if (!canTransition(previous, state)) {
      this.#options.logger.debug(`softphone: ignored registration transition ${previous} → ${state}`);
      return;
    }
    this.#state = state;
    this.emit('stateChanged', error ? { state, previous, error } : { state, previous });
  }
}
