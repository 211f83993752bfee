import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import type { IncomingRequest } from 'jssip/lib/SIPMessage.js';
import type { UA } from 'jssip/lib/UA.js';
import type { SipHeaders } from '@wwe-webrtc/shared';
import type { CallSession } from '../calls/call-session.js';
import { requestHeaders } from './request-headers.js';
import { SipSession } from './session.js';
import type { SessionOptions } from './session.js';
import type { SipSocket } from './socket.js';

/** JsSIP's transport retry timer accepts whole seconds only; our socket adds the rest of the backoff. */
const JSSIP_RETRY_SECONDS = 1;

export interface UserAgentOptions extends SessionOptions {
  /** Address of record, `sip:5001@domain`. */
  uri: string;
  password: string;
  authorizationUser: string;
  displayName: string | undefined;
  registerExpires: number;
  userAgent: string;
}

/** Why a REGISTER failed: the network, the credentials, or the registrar's refusal. */
export interface RegistrationFailure {
  kind: 'transport' | 'credentials' | 'refused';
  statusCode: number | undefined;
  cause: string | undefined;
}

/** An incoming INVITE: its session and its headers, read once. */
export interface IncomingInvite {
  session: CallSession;
  headers: SipHeaders;
}

/** What the user agent tells the registration and the softphone. */
export interface UserAgentDelegate {
  registered(): void;
  /** A registration ended without us asking (a refresh that failed while the socket stays up). */
  unregistered(): void;
  registrationFailed(failure: RegistrationFailure): void;
  /** The transport dropped; the socket reconnects and JsSIP registers again on connect. */
  disconnected(): void;
  incomingCall(invite: IncomingInvite): void;
  /** An out-of-dialog NOTIFY (JsSIP has already answered it 200). */
  notify(headers: SipHeaders): void;
}

/** The JsSIP user agent: registration, incoming INVITEs and NOTIFYs, outgoing calls. */
export class UserAgent {
  readonly #ua: UA;
  readonly #options: UserAgentOptions;
  readonly #disconnectWaiters = new Set<() => void>();
  #refreshPaused = false;

  constructor(options: UserAgentOptions, socket: SipSocket, delegate: UserAgentDelegate) {
    this.#options = options;
    const ua = new JsSIP.UA({
      sockets: [socket as never],
      uri: options.uri,
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
    ua.on('registered', () => delegate.registered());
    ua.on('unregistered', () => delegate.unregistered());
    ua.on('registrationFailed', ({ response, cause }) => delegate.registrationFailed(classify(response?.status_code, cause)));
    ua.on('disconnected', () => {
      for (const done of [...this.#disconnectWaiters]) done();
      delegate.disconnected();
    });
    ua.on('newRTCSession', ((event: { originator: string; session: RTCSession; request: IncomingRequest }) => {
      if (event.originator !== 'remote') return;
      delegate.incomingCall({ session: new SipSession(event.session, options), headers: requestHeaders(event.request) });
    }) as never);
    ua.on('sipEvent', (event: { request: IncomingRequest }) => delegate.notify(requestHeaders(event.request)));
    // With a listener here JsSIP leaves the refresh to us: it is paused while another tab takes the DN over.
    ua.on('registrationExpiring', () => {
      if (!this.#refreshPaused) ua.register();
    });
  }

  /** Sends no REGISTER (refreshes included) until resumeRefresh(). */
  pauseRefresh(): void {
    this.#refreshPaused = true;
  }

  /** Registers at once and refreshes as usual from then on. */
  resumeRefresh(): void {
    this.#refreshPaused = false;
    if (this.#ua.isConnected()) this.#ua.register();
  }

  start(): void {
    this.#ua.start();
  }

  register(): void {
    this.#ua.register();
  }

  isConnected(): boolean {
    return this.#ua.isConnected();
  }

  /** Unregisters and closes; resolves once the transport closed, or after `graceMs` without an answer. */
  async stop(graceMs: number): Promise<void> {
    if (!this.#ua.isConnected()) {
      this.#ua.stop();
      return;
    }
    const closed = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#disconnectWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, graceMs);
      this.#disconnectWaiters.add(done);
    });
    this.#ua.stop();
    await closed;
  }

  /** Sends an INVITE. Throws when JsSIP cannot make a request of `target`. */
  call(target: string, media: { stream: MediaStream; pcConfig: RTCConfiguration; extraHeaders: string[] }): CallSession {
    const session = this.#ua.call(target, { mediaStream: media.stream, pcConfig: media.pcConfig, extraHeaders: media.extraHeaders });
    return new SipSession(session, this.#options);
  }
}

function classify(statusCode: number | undefined, cause: string | undefined): RegistrationFailure {
  const { causes } = JsSIP.C;
  if (cause === causes.CONNECTION_ERROR || cause === causes.REQUEST_TIMEOUT) return { kind: 'transport', statusCode, cause };
  const credentials = cause === causes.AUTHENTICATION_ERROR || statusCode === 401 || statusCode === 403 || statusCode === 407;
  return { kind: credentials ? 'credentials' : 'refused', statusCode, cause };
}
