import { createHash } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { AmiParser } from '../../src/ami/codec.js';
import type { AmiMessage } from '../../src/ami/message.js';
import * as F from './ami-frames.js';

/**
 * A TCP Asterisk Manager Interface that behaves as the recorded transcripts show: banner, Login (plain
 * and MD5 challenge; a refusal after a delay, then the socket closes), FullyBooted, ContactStatus,
 * Registry, the list actions (with `Response: Error` + trailing LF for "No Contacts found"),
 * PJSIPRegister's unregister-first dance, restarts that auto-register everything, and the silent
 * loss of PJSIPRegisters seen under load. It records every action frame it receives, byte for byte.
 */
export interface AmiSimulatorOptions {
  username?: string;
  secret?: string;
  /** DNs with an endpoint/aor and a `genesys_reg_<dn>` registration. */
  dns?: Iterable<string>;
  registrationName?: (dn: string) => string;
  /** Delay between PJSIPRegister and its `Registry: Registered`. Real: 1–2 s; tests use a few ms. */
  registerDelayMs?: number;
  /** Probability that a PJSIPRegister is silently lost (Success + Unregistered, never Registered). */
  lossRate?: number;
  /** Seed of the loss draws, so runs repeat. */
  seed?: number;
  /** What the registrar answers a REGISTER with. Default `Registered`. */
  registrarResult?: (dn: string) => { status: 'Registered' | 'Rejected' | 'Failed'; cause?: string };
  /** Delay before `Authentication failed` (Asterisk sleeps ~1 s). */
  authFailDelayMs?: number;
  /** Uptime reported in FullyBooted before any restart(). */
  uptimeSeconds?: number;
  /** After restart(), every registration REGISTERs by itself after this delay unless unregistered first. */
  autoRegisterAfterBootMs?: number;
  /** Write bare LF instead of CRLF (Asterisk accepts both; a tolerant client must too). */
  lineEnding?: '\r\n' | '\n';
  /**
   * After restart(), Asterisk is still loading for this long: logins succeed without FullyBooted,
   * which is broadcast when loading ends (then the auto-registrations start).
   */
  bootingForMs?: number;
  /** Serve AMI over TLS (Asterisk `tlsenable=yes`) with this key and certificate. */
  tls?: Pick<TlsOptions, 'key' | 'cert'>;
}

export interface RecordedAction {
  readonly action: string;
  readonly message: AmiMessage;
  /** The frame exactly as received, terminator included. */
  readonly raw: string;
  readonly at: number;
  get(key: string): string | undefined;
}

/** Returning a string writes it instead of the built-in reply; `undefined` falls through to it. */
export type ActionScript = (action: RecordedAction, session: SimulatedSession) => string | undefined | void;

interface Registration {
  readonly name: string;
  readonly dn: string;
  readonly clientUri: string;
  status: 'Registered' | 'Unregistered' | 'Rejected';
  timer?: NodeJS.Timeout;
}

const SERVER_URI = 'sip:127.0.0.1:5070';

export class SimulatedSession {
  loggedIn = false;
  challenge: string | undefined;
  constructor(
    readonly socket: Socket,
    private readonly lineEnding: string,
  ) {}

  write(text: string): void {
    if (this.socket.destroyed) return;
    this.socket.write(this.lineEnding === '\r\n' ? text : text.replaceAll('\r\n', '\n'));
  }
}

export class AmiSimulator {
  readonly actions: RecordedAction[] = [];
  readonly contacts = new Map<string, Set<string>>();
  readonly registrations = new Map<string, Registration>();
  readonly sessions = new Set<SimulatedSession>();
  /** PJSIPRegisters answered Success and then dropped. */
  lostRegisters = 0;
  readonly #options: Required<Omit<AmiSimulatorOptions, 'dns' | 'autoRegisterAfterBootMs' | 'tls' | 'bootingForMs'>> & { autoRegisterAfterBootMs: number | undefined; bootingForMs: number };
  readonly #tls: AmiSimulatorOptions['tls'];
  readonly #listDelays = new Map<string, number>();
  readonly #scripts = new Map<string, ActionScript[]>();
  readonly #waiters = new Set<{ predicate: (a: RecordedAction) => boolean; resolve: (a: RecordedAction) => void }>();
  readonly #byClientUri = new Map<string, Registration>();
  #server: Server | undefined;
  #bootedAt = Date.now();
  #uptimeOffset: number;
  #rng: () => number;
  #failList: { action: string; afterItems: number } | undefined;
  #booting = false;

  constructor(options: AmiSimulatorOptions = {}) {
    this.#options = {
      username: 'gateway',
      secret: 'simulated-secret',
      registrationName: (dn) => `genesys_reg_${dn}`,
      registerDelayMs: 2,
      lossRate: 0,
      seed: 1,
      registrarResult: () => ({ status: 'Registered' }),
      authFailDelayMs: 1000,
      uptimeSeconds: 3600,
      lineEnding: '\r\n',
      ...options,
      autoRegisterAfterBootMs: options.autoRegisterAfterBootMs,
      bootingForMs: options.bootingForMs ?? 0,
    };
    this.#tls = options.tls;
    this.#uptimeOffset = this.#options.uptimeSeconds;
    this.#rng = mulberry32(this.#options.seed);
    for (const dn of options.dns ?? []) this.addRegistration(dn);
  }

  get port(): number {
    return (this.#server?.address() as AddressInfo).port;
  }

  async start(): Promise<number> {
    this.#server = this.#tls ? createTlsServer(this.#tls, (socket) => this.#accept(socket)) : createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this.port;
  }

  async stop(): Promise<void> {
    for (const registration of this.registrations.values()) clearTimeout(registration.timer);
    this.dropConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  addRegistration(dn: string, status: Registration['status'] = 'Unregistered'): void {
    const registration: Registration = { name: this.#options.registrationName(dn), dn, clientUri: `sip:${dn}@127.0.0.1`, status };
    this.registrations.set(registration.name, registration);
    this.#byClientUri.set(registration.clientUri, registration);
  }

  registration(dn: string): Registration | undefined {
    return this.registrations.get(this.#options.registrationName(dn));
  }

  /** Replaces the built-in reply to `action` (first script returning a string wins). */
  script(action: string, handler: ActionScript): void {
    const list = this.#scripts.get(action.toLowerCase()) ?? [];
    list.push(handler);
    this.#scripts.set(action.toLowerCase(), list);
  }

  /** Replies to the list `action` only after `ms` (events keep flowing meanwhile). */
  delayList(action: string, ms: number): void {
    this.#listDelays.set(action.toLowerCase(), ms);
  }

  /** The next list reply to `action` sends `afterItems` items, then the connection drops. */
  disconnectDuringList(action: string, afterItems: number): void {
    this.#failList = { action: action.toLowerCase(), afterItems };
  }

  /** Sends raw text to every logged-in session (malformed frames, odd spacing). */
  writeRaw(text: string): void {
    for (const session of this.sessions) if (session.loggedIn) session.socket.write(text);
  }

  broadcast(text: string): void {
    for (const session of this.sessions) if (session.loggedIn) session.write(text);
  }

  /** A browser REGISTERs: PeerStatus + ContactStatus NonQualified, as in transcripts 03 and 05. */
  addContact(dn: string, uri: string, status = 'NonQualified'): void {
    const set = this.contacts.get(dn) ?? new Set();
    const first = set.size === 0;
    set.add(uri);
    this.contacts.set(dn, set);
    this.broadcast((first ? F.peerStatus(dn, 'Reachable') : '') + F.contactStatus(dn, uri, status));
  }

  /** Un-REGISTER, WebSocket close, expiry or remove_existing: ContactStatus Removed. */
  removeContact(dn: string, uri: string): void {
    const set = this.contacts.get(dn);
    if (!set?.delete(uri)) return;
    if (set.size === 0) this.contacts.delete(dn);
    this.broadcast((set.size === 0 ? F.peerStatus(dn, 'Unreachable') : '') + F.contactStatus(dn, uri, 'Removed'));
  }

  /** Asterisk restarts: connections drop, contacts vanish, and every registration REGISTERs by itself. */
  restart(): void {
    this.dropConnections();
    this.contacts.clear();
    this.#bootedAt = Date.now();
    this.#uptimeOffset = 0;
    const booted = () => {
      this.#booting = false;
      const uptime = Math.floor((Date.now() - this.#bootedAt) / 1000);
      this.broadcast(F.fullyBooted(uptime, uptime));
      for (const registration of this.registrations.values()) {
        clearTimeout(registration.timer);
        registration.status = 'Unregistered';
        const delay = this.#options.autoRegisterAfterBootMs;
        if (delay !== undefined) registration.timer = setTimeout(() => this.#registrarAnswers(registration), delay);
      }
    };
    if (this.#options.bootingForMs > 0) {
      this.#booting = true;
      setTimeout(booted, this.#options.bootingForMs);
    } else {
      booted();
    }
  }

  dropConnections(): void {
    for (const session of this.sessions) session.socket.destroy();
    this.sessions.clear();
  }

  /** Resolves with the first recorded action (past or future) matching `predicate`. */
  waitForAction(predicate: (action: RecordedAction) => boolean, timeoutMs = 2000): Promise<RecordedAction> {
    const seen = this.actions.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (action: RecordedAction) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(action);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`simulator: no matching action within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  actionsNamed(name: string): RecordedAction[] {
    return this.actions.filter((a) => a.action.toLowerCase() === name.toLowerCase());
  }

  #accept(socket: Socket): void {
    const session = new SimulatedSession(socket, this.#options.lineEnding);
    this.sessions.add(session);
    socket.setNoDelay(true);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => undefined);
    session.write(`Asterisk Call Manager/11.0.0${F.CRLF}`);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // Asterisk ends a message at the first empty line, whether lines end in CRLF or bare LF.
      for (;;) {
        const end = /\r?\n\r?\n/.exec(buffer);
        if (!end) break;
        const raw = buffer.slice(0, end.index + end[0].length);
        buffer = buffer.slice(raw.length);
        const body = raw.replace(/^(\r?\n)+/, '');
        if (body.trim() === '') continue;
        this.#onFrame(session, body);
      }
    });
  }

  #onFrame(session: SimulatedSession, raw: string): void {
    const parsed = new AmiParser({ expectBanner: false }).push(raw);
    const first = parsed[0];
    if (!first || first.kind !== 'message') return;
    const message = first.message;
    const action: RecordedAction = { action: message.get('Action') ?? '', message, raw, at: Date.now(), get: (key) => message.get(key) };
    this.actions.push(action);
    for (const waiter of [...this.#waiters]) if (waiter.predicate(action)) waiter.resolve(action);
    for (const script of this.#scripts.get(action.action.toLowerCase()) ?? []) {
      const reply = script(action, session);
      if (typeof reply === 'string') {
        session.write(reply);
        return;
      }
    }
    this.#builtIn(session, action);
  }

  #builtIn(session: SimulatedSession, a: RecordedAction): void {
    const id = a.get('ActionID');
    const name = a.action.toLowerCase();
    if (!session.loggedIn && name !== 'login' && name !== 'challenge') {
      session.write(F.error(id, 'Authentication Required'));
      return;
    }
    switch (name) {
      case 'challenge':
        session.challenge = String(100_000_000 + Math.floor(this.#rng() * 899_999_999));
        session.write(F.frame([['Response', 'Success'], ...(id ? ([['ActionID', id]] as F.Field[]) : []), ['Challenge', session.challenge]]));
        return;
      case 'login':
        this.#login(session, a, id);
        return;
      case 'ping':
        session.write(F.frame([['Response', 'Success'], ...(id ? ([['ActionID', id]] as F.Field[]) : []), ['Ping', 'Pong'], ['Timestamp', (Date.now() / 1000).toFixed(6)]]));
        return;
      case 'logoff':
        session.write(F.frame([['Response', 'Goodbye'], ...(id ? ([['ActionID', id]] as F.Field[]) : []), ['Message', 'Thanks for all the fish.']]));
        session.socket.end();
        return;
      case 'pjsipregister':
      case 'pjsipunregister':
        this.#registerAction(session, a, id, name === 'pjsipregister');
        return;
      case 'pjsipnotify':
        this.#notify(session, a, id);
        return;
      case 'pjsipshowcontacts':
      case 'pjsipshowregistrationinboundcontactstatuses':
      case 'pjsipshowregistrationsoutbound': {
        const delay = this.#listDelays.get(name);
        if (delay === undefined) this.#list(session, name, id ?? '');
        else setTimeout(() => this.#list(session, name, id ?? ''), delay);
        return;
      }
      default:
        session.write(F.error(id, 'Invalid/unknown command'));
    }
  }

  #login(session: SimulatedSession, a: RecordedAction, id: string | undefined): void {
    const { username, secret } = this.#options;
    const md5 = a.get('AuthType')?.toLowerCase() === 'md5';
    const ok =
      a.get('Username') === username &&
      (md5
        ? session.challenge !== undefined && a.get('Key') === createHash('md5').update(session.challenge + secret).digest('hex')
        : a.get('Secret') === secret);
    if (!ok) {
      setTimeout(() => {
        session.write(F.error(id, 'Authentication failed'));
        session.socket.end();
      }, this.#options.authFailDelayMs);
      return;
    }
    session.loggedIn = true;
    const uptime = Math.floor((Date.now() - this.#bootedAt) / 1000) + this.#uptimeOffset;
    session.write(F.success(id, 'Authentication accepted') + (this.#booting ? '' : F.fullyBooted(uptime, uptime)) + F.successfulAuth(username, session.socket.remotePort ?? 0));
  }

  #registerAction(session: SimulatedSession, a: RecordedAction, id: string | undefined, register: boolean): void {
    const name = a.get('Registration');
    if (!name) {
      session.write(F.error(id, 'Registration parameter missing.'));
      return;
    }
    const registration = this.registrations.get(name);
    if (!registration) {
      session.write(F.error(id, 'Unable to retrieve registration entry', true));
      return;
    }
    clearTimeout(registration.timer);
    registration.status = 'Unregistered';
    session.write(F.success(id, register ? 'Reregistration sent' : 'Unregistration sent'));
    // Both actions first send Expires: 0; Asterisk reports it as Unregistered right away.
    this.broadcast(F.registry(registration.clientUri, SERVER_URI, 'Unregistered'));
    if (!register) return;
    if (this.#rng() < this.#options.lossRate) {
      this.lostRegisters += 1; // the delayed REGISTER is never sent (see the At-scale notes)
      return;
    }
    registration.timer = setTimeout(() => this.#registrarAnswers(registration), this.#options.registerDelayMs);
  }

  #registrarAnswers(registration: Registration): void {
    const result = this.#options.registrarResult(registration.dn);
    registration.status = result.status === 'Registered' ? 'Registered' : 'Rejected';
    this.broadcast(F.registry(registration.clientUri, SERVER_URI, result.status, result.cause));
  }

  #notify(session: SimulatedSession, a: RecordedAction, id: string | undefined): void {
    const endpoint = a.get('Endpoint');
    const variables = a.message.getAll('Variable');
    const option = a.get('Option');
    if (endpoint !== undefined && !this.registration(endpoint)) {
      session.write(F.error(id, `Unable to retrieve endpoint ${endpoint}`));
    } else if ((variables.length === 0) === (option === undefined)) {
      session.write(F.error(id, 'PJSIPNotify requires either an Option or Variable(s).You must use only one of them.'));
    } else {
      session.write(F.success(id, 'NOTIFY sent'));
    }
  }

  #list(session: SimulatedSession, name: string, id: string): void {
    const items: string[] = [];
    let start: string;
    let complete: string;
    if (name === 'pjsipshowregistrationsoutbound') {
      let registered = 0;
      for (const r of this.registrations.values()) {
        if (r.status === 'Registered') registered += 1;
        items.push(F.outboundRegistrationDetail(id, r.name, r.dn, r.clientUri, SERVER_URI, r.status));
      }
      start = F.listStart(id, 'Following are Events for each Outbound registration');
      complete = F.listComplete('OutboundRegistrationDetailComplete', id, items.length, [['Registered', registered], ['NotRegistered', items.length - registered]]);
    } else {
      const contactList = name === 'pjsipshowcontacts';
      for (const [dn, uris] of this.contacts) {
        for (const uri of uris) items.push(contactList ? F.contactList(id, dn, uri, 'NonQualified') : F.contactStatusDetail(id, dn, uri, 'NonQualified'));
      }
      if (contactList && items.length === 0) {
        session.write(F.error(id, 'No Contacts found', true));
        return;
      }
      start = F.listStart(id, contactList ? 'A listing of Contacts follows, presented as ContactList events' : 'Following are ContactStatusEvents for each Inbound registration');
      complete = F.listComplete(contactList ? 'ContactListComplete' : 'ContactStatusDetailComplete', id, items.length);
    }
    if (this.#failList?.action === name) {
      const cut = this.#failList.afterItems;
      this.#failList = undefined;
      session.write(start + items.slice(0, cut).join(''));
      session.socket.destroy();
      return;
    }
    session.write(start + items.join('') + complete);
  }
}

/** Small seeded PRNG so loss patterns repeat from run to run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience: consecutive DNs as strings. */
export function dnRange(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(first + i));
}
