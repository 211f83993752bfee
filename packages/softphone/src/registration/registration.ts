import { TypedEmitter, backoffDelay } from '@wwe-webrtc/shared';
import { RegistrationError } from '../errors.js';
import type { SoftphoneError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { SipSocket } from '../sip/socket.js';
import { UserAgent } from '../sip/user-agent.js';
import type { RegistrationFailure, UserAgentDelegate } from '../sip/user-agent.js';
import type { RegistrationState } from './registration-state.js';
import { canTransition } from './registration-state.js';

export interface RegistrationEvents {
  stateChanged: { state: RegistrationState; previous: RegistrationState; error?: SoftphoneError };
}

/** The calls the user agent receives while registered; the softphone handles them. */
export type IncomingDelegate = Pick<UserAgentDelegate, 'incomingCall' | 'notify'>;

/** How long `stop()` waits for the un-REGISTER to be answered before closing anyway. */
const UNREGISTER_GRACE_MS = 2000;

/**
 * Keeps the DN registered: connect, register, reconnect with backoff, re-register after every reconnect,
 * follow the browser's online/offline, unregister on page hide.
 */
export class Registration extends TypedEmitter<RegistrationEvents> {
  #state: RegistrationState = 'disconnected';
  #options: ResolvedOptions;
  #userAgent: UserAgent | undefined;
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

  /** The user agent while started. */
  get userAgent(): UserAgent | undefined {
    return this.#userAgent;
  }

  /** Creates the user agent and starts connecting; `incoming` hears calls and NOTIFYs from the first message on. */
  start(incoming: IncomingDelegate): void {
    if (this.#userAgent) return;
    const options = this.#options;
    this.#stopping = false;
    const socket = new SipSocket(options.server, options.webSocketFactory, (attempt) => backoffDelay(attempt, options.reconnect), {
      reconnectScheduled: (attempt, delayMs) => {
        options.logger.info(`softphone: reconnect attempt ${attempt} in ${delayMs} ms`);
        if (attempt > options.reconnect.maxAttempts) {
          this.#fail(new RegistrationError('SERVER_UNREACHABLE', `Gave up reaching ${options.server} after ${attempt - 1} attempts. Check the network and the server, then connect again.`));
        }
      },
      opened: () => options.logger.debug('softphone: WebSocket open'),
    });
    const userAgent = new UserAgent(
      {
        uri: `sip:${options.dn}@${options.domain}`,
        password: options.password,
        authorizationUser: options.authorizationUser,
        displayName: options.displayName,
        registerExpires: options.registerExpires,
        userAgent: options.userAgent,
        iceGatheringTimeoutMs: options.iceGatheringTimeoutMs,
        iceTransportPolicy: options.iceTransportPolicy,
      },
      socket,
      {
        // A REGISTER answered after stop() (delayed 401/200) must not resurrect the registration.
        registered: () => {
          if (!this.#stopping) this.#setState('registered');
        },
        disconnected: () => {
          if (this.#stopping || this.#state === 'failed') return;
          this.#setState('reconnecting', new RegistrationError('SERVER_UNREACHABLE', `Lost the connection to ${options.server}; reconnecting.`));
        },
        // A refresh that failed while the socket stays up: register again rather than sit unreachable.
        unregistered: () => {
          if (!this.#stopping && userAgent.isConnected() && this.#state === 'registered') userAgent.register();
        },
        registrationFailed: (failure) => this.#onRegistrationFailed(failure),
        incomingCall: (invite) => incoming.incomingCall(invite),
        notify: (headers) => incoming.notify(headers),
      },
    );
    this.#userAgent = userAgent;
    this.#socket = socket;
    this.#attachWindow();
    this.#setState('connecting');
    userAgent.start();
  }

  /**
   * Unregisters and closes; resolves once the socket is closed (or after a short grace period). With
   * `unregister: false` it closes without an un-REGISTER: another tab's contact already replaced ours,
   * and an un-REGISTER must not race it.
   */
  async stop({ unregister = true }: { unregister?: boolean } = {}): Promise<void> {
    const userAgent = this.#userAgent;
    if (!userAgent) {
      this.#setState('disconnected');
      return;
    }
    this.#stopping = true;
    this.#detachWindow?.();
    // Closing the socket first leaves JsSIP's un-REGISTER nowhere to go.
    if (!unregister) this.#socket?.disconnect();
    await userAgent.stop(UNREGISTER_GRACE_MS + 500);
    this.#socket?.disconnect();
    this.#userAgent = undefined;
    this.#socket = undefined;
    this.#setState('disconnected');
  }

  /** While another tab takes the DN over: no REGISTER from here. */
  pauseRefresh(): void {
    this.#userAgent?.pauseRefresh();
  }

  /** The takeover did not happen: register again now. */
  resumeRefresh(): void {
    this.#userAgent?.resumeRefresh();
  }

  /** Whether SIP can go out now: the WebSocket is open and the DN registered over it. */
  get signallingUp(): boolean {
    return this.#state === 'registered' && (this.#userAgent?.isConnected() ?? false);
  }

  /** Treats the WebSocket as dead (a request went unanswered): closes it so the socket reconnects now. */
  dropConnection(): void {
    this.#options.logger.info('softphone: the server stopped answering; reopening the WebSocket');
    this.#socket?.drop();
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

  #onRegistrationFailed({ kind, statusCode, cause }: RegistrationFailure): void {
    // Transport trouble: the socket layer reconnects and JsSIP registers again on connect.
    if (this.#stopping || kind === 'transport') return;
    const status = statusCode ? ` (${statusCode})` : '';
    const dn = this.#options.dn;
    this.#fail(
      kind === 'credentials'
        ? new RegistrationError('AUTH_FAILED', `The server refused the credentials of DN ${dn}${status}. Check the DN and password.`, { statusCode })
        : new RegistrationError('REGISTRATION_FAILED', `Registration of DN ${dn} was refused${status}: ${cause ?? 'unknown cause'}.`, { statusCode }),
    );
  }

  #fail(error: RegistrationError): void {
    this.#stopping = true;
    this.#detachWindow?.();
    void this.#userAgent?.stop(0);
    this.#socket?.disconnect();
    this.#userAgent = undefined;
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
