import { Server, WebSocket as MockWebSocket } from './mock-socket-esm.js';
import type { Client } from './mock-socket-esm.js';
import { DigestRealm } from './digest.js';
import { genesysCallUuid, genesysHeaders } from './genesys.js';
import type { GenesysAutoAnswer } from './genesys.js';
import { LabCall } from './lab-call.js';
import type { Contact, ContactChange } from './registrar.js';
import { Registrar } from './registrar.js';
import type { SipMessage, SipRequest, SipResponse } from './sip-message.js';
import { formatSipMessage, parseCSeq, parseNameAddr, parseSipMessage, randomToken, tagOf } from './sip-message.js';
import type { ClientTransaction, LabConnection, LabTransport } from './transport.js';

export interface SipLabOptions {
  /** DN (authorization user) → SIP password. */
  accounts: Record<string, string>;
  /** Host of the lab's URL and SIP domain. Default: a unique `lab-N.invalid`. */
  host?: string;
  /** Digest realm. Default `'asterisk'`. */
  realm?: string;
  /** Contacts kept per DN (Asterisk `max_contacts`, with `remove_existing`). Default `1`. */
  maxContactsPerDn?: number;
  /** Challenge the softphone's INVITEs like Asterisk does. Default `true`. */
  authenticateInvites?: boolean;
  /** Answer to a REGISTER with a wrong password: Asterisk sends 401 again; some setups 403. Default `401`. */
  wrongPasswordStatus?: 401 | 403;
  /** How the far end of the softphone's outgoing calls behaves. Default: ring, answer after 200 ms. */
  outgoing?: OutgoingBehaviour;
  /** ICE servers of the lab's own peer connections. Default none (host candidates). */
  iceServers?: RTCIceServer[];
  /**
   * Put the lab's ICE candidates in its INVITE offers. Default `false`: through real Asterisk no
   * connectivity check succeeds before the browser's 200 OK, so a browser that waits for ICE gathering
   * waits for its STUN/TURN servers (~40 s when one is dead). With candidates in the offer the browser
   * would connect early and Chromium would end gathering at once, hiding that wait.
   */
  earlyIceConnectivity?: boolean;
}

export interface OutgoingBehaviour {
  /** Final status: 200 answers; 486, 404, 603 … refuse. Default `200`. */
  status?: number;
  /** Ringing time before the final response, ms. Default `200`. */
  answerAfterMs?: number;
}

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

/** Options of a call the simulated Genesys places to an agent DN through Asterisk. */
export interface InboundCallOptions {
  /** Caller number. Default `'1003'`. */
  from?: string;
  fromDisplayName?: string;
  /** `X-Genesys-CallUUID`; default a fresh one; `null` sends none. */
  genesysCallUuid?: string | null;
  /** Auto-answer request in the INVITE. Default none. */
  autoAnswer?: GenesysAutoAnswer;
  /** `false`: INVITE without SDP (delayed offer, as Genesys sends for 3pcc make-call). Default `true`. */
  offer?: boolean;
  /** Further headers, verbatim (hostile-input tests). */
  extraHeaders?: [string, string][];
}

export interface SipLabEvents {
  frame: SipFrame;
  contact: ContactChange;
  /** The softphone placed a call. */
  call: LabCall;
}

interface ConnectionState extends LabConnection {
  open: boolean;
  socket: Client;
}

let labCount = 0;
const sendTimes = new WeakMap<object, number[]>();

/**
 * A simulated Asterisk (WebSocket SIP registrar with digest auth) relaying a simulated Genesys SIP
 * Server, entirely in the page over mock-socket. Speaks real SIP text; media runs over a real
 * RTCPeerConnection. Pass `lab.url` and `lab.webSocketFactory` to the softphone.
 */
export class SipLab implements LabTransport {
  readonly host: string;
  readonly url: string;
  readonly frames: SipFrame[] = [];
  readonly calls: LabCall[] = [];
  readonly #options: Required<Omit<SipLabOptions, 'host' | 'outgoing' | 'iceServers'>> & Pick<SipLabOptions, 'iceServers'>;
  readonly #server: Server;
  readonly #digest: DigestRealm;
  readonly #registrar: Registrar;
  readonly #connections = new Set<ConnectionState>();
  readonly #transactions = new Map<string, { resolve: (r: SipResponse) => void; provisional: ((r: SipResponse) => void)[] }>();
  readonly #listeners: { [K in keyof SipLabEvents]: Set<(event: SipLabEvents[K]) => void> } = {
    frame: new Set(),
    contact: new Set(),
    call: new Set(),
  };
  readonly #outgoing = new Map<string, OutgoingBehaviour>();
  #defaultOutgoing: Required<OutgoingBehaviour>;
  #refuseUntil = 0;
  #responseDelayMs = 0;
  #nextConnectionId = 0;
  #closed = false;

  constructor(options: SipLabOptions) {
    labCount += 1;
    this.host = options.host ?? `lab-${labCount}.invalid`;
    this.url = `wss://${this.host}/ws`;
    this.#options = {
      accounts: options.accounts,
      realm: options.realm ?? 'asterisk',
      maxContactsPerDn: options.maxContactsPerDn ?? 1,
      authenticateInvites: options.authenticateInvites ?? true,
      wrongPasswordStatus: options.wrongPasswordStatus ?? 401,
      iceServers: options.iceServers,
      earlyIceConnectivity: options.earlyIceConnectivity ?? false,
    };
    this.#defaultOutgoing = { status: 200, answerAfterMs: 200, ...options.outgoing };
    this.#digest = new DigestRealm(this.#options.realm);
    this.#registrar = new Registrar(this.#options.maxContactsPerDn, (change) => this.#emit('contact', change));
    // `mock: false` keeps the page's real WebSocket intact (the test runner uses it).
    this.#server = new Server(this.url, { mock: false, verifyClient: () => performance.now() >= this.#refuseUntil } as never);
    this.#server.on('connection', (socket) => this.#accept(socket));
  }

  /** Opens a WebSocket to this lab; pass as the softphone's `webSocketFactory`. */
  readonly webSocketFactory = (url: string, protocols?: string | string[]): WebSocket => {
    const ws = new MockWebSocket(url, protocols);
    const times: number[] = [];
    sendTimes.set(ws, times);
    const send = ws.send.bind(ws);
    ws.send = (data: string | Blob | ArrayBuffer | ArrayBufferView) => {
      times.push(performance.now());
      send(data);
    };
    return ws as unknown as WebSocket;
  };

  on<K extends keyof SipLabEvents>(event: K, listener: (payload: SipLabEvents[K]) => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Live contacts of a DN, oldest first. */
  contacts(dn: string): Contact[] {
    return this.#registrar.contacts(dn);
  }

  /** Resolves with the DN's newest contact once it is registered. */
  waitForRegistration(dn: string, timeoutMs = 5000): Promise<Contact> {
    const current = this.contacts(dn).at(-1);
    if (current) return Promise.resolve(current);
    return this.#waitFor('contact', (change) => change.type === 'added' && change.contact.dn === dn, timeoutMs).then((c) => c.contact);
  }

  /** Resolves with the next frame (or an already logged one at index ≥ `fromIndex`) matching `predicate`. */
  waitForFrame(predicate: (frame: SipFrame) => boolean, options: { timeoutMs?: number; fromIndex?: number } = {}): Promise<SipFrame> {
    const logged = this.frames.slice(options.fromIndex ?? this.frames.length).find(predicate);
    if (logged) return Promise.resolve(logged);
    return this.#waitFor('frame', predicate, options.timeoutMs ?? 5000);
  }

  /** Places a call to the DN as Asterisk relays a Genesys call (INVITE with the Genesys header set). */
  call(dn: string, options: InboundCallOptions = {}): LabCall {
    const contact = this.contacts(dn).at(-1);
    if (!contact) throw new Error(`lab: DN ${dn} has no registered contact`);
    const from = options.from ?? '1003';
    const uuid = options.genesysCallUuid === null ? undefined : (options.genesysCallUuid ?? genesysCallUuid());
    const call = new LabCall({
      transport: this,
      connection: contact.connection,
      direction: 'inbound',
      callId: `${randomToken(20)}@${this.host}`,
      localUri: `sip:${from}@${this.host}`,
      remoteUri: `sip:${dn}@${this.host}`,
      localTag: randomToken(12),
      remoteTarget: contact.uri,
      genesysCallUuid: uuid,
      iceServers: this.#options.iceServers,
    });
    this.#connectionOf.set(call, contact.connection);
    this.calls.push(call);
    const headers = [
      ...genesysHeaders({ callUuid: uuid, autoAnswer: options.autoAnswer, host: this.host }).filter(([name]) => name !== 'X-Genesys-CallUUID'),
      ...(options.extraHeaders ?? []),
    ];
    if (options.fromDisplayName) headers.push(['P-Asserted-Identity', `"${options.fromDisplayName}" <sip:${from}@${this.host}>`]);
    void call.invite(contact.uri, headers, options.offer ?? true, this.#options.earlyIceConnectivity).catch(() => call.connectionLost());
    return call;
  }

  /**
   * Out-of-dialog NOTIFY to the DN's contacts, as Asterisk's `PJSIPNotify` sends the remote-answer the
   * gateway relays (`Event: talk`, `Subscription-State: terminated`, `X-Genesys-CallUUID`).
   * Resolves with the softphone's response status.
   */
  async notify(dn: string, options: { event?: 'talk' | 'hold' | string; callUuid?: string | null; extraHeaders?: [string, string][] } = {}): Promise<number> {
    const contact = this.contacts(dn).at(-1);
    if (!contact) throw new Error(`lab: DN ${dn} has no registered contact`);
    const headers: [string, string][] = [
      ['Max-Forwards', '70'],
      ['From', `<sip:${dn}@${this.host}>;tag=${randomToken(12)}`],
      ['To', `<${contact.uri}>`],
      ['Contact', `<sip:${dn}@${this.host};transport=ws>`],
      ['Call-ID', `${randomToken(20)}`],
      ['CSeq', `${Math.floor(Math.random() * 30000)} NOTIFY`],
      ['Event', options.event ?? 'talk'],
      ['Subscription-State', 'terminated'],
      ['User-Agent', 'Asterisk PBX 20.5.0'],
    ];
    if (options.callUuid) headers.push(['X-Genesys-CallUUID', options.callUuid]);
    headers.push(...(options.extraHeaders ?? []));
    const response = await this.sendRequest(contact.connection, `NOTIFY ${contact.uri} SIP/2.0`, headers).final;
    return response.status;
  }

  /** How the far end answers the softphone's calls to `target` (or to every target when omitted). */
  setOutgoingBehaviour(behaviour: OutgoingBehaviour, target?: string): void {
    if (target === undefined) this.#defaultOutgoing = { ...this.#defaultOutgoing, ...behaviour };
    else this.#outgoing.set(target, behaviour);
  }

  /** Fault injection: close every softphone WebSocket abnormally (code 1006), as a network drop. */
  dropConnections(): void {
    for (const connection of [...this.#connections]) connection.socket.close({ code: 1006, reason: 'lab: connection dropped', wasClean: false });
  }

  /** Fault injection: refuse new WebSocket connections for `ms` (0 lifts it). */
  refuseConnections(ms: number): void {
    this.#refuseUntil = performance.now() + ms;
  }

  /** Fault injection: delay every response the lab sends by `ms`. */
  setResponseDelay(ms: number): void {
    this.#responseDelayMs = ms;
  }

  /** Stops the server and every call. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.calls) call.connectionLost();
    this.#server.stop();
  }

  /** @internal */
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

  /** @internal */
  sendResponse(connection: LabConnection, request: SipRequest, status: number, reason: string, headers: [string, string][] = [], body = ''): void {
    const to = request.headers.get('To') ?? '';
    const needsTag = status > 100 && !tagOf(to);
    const lines: [string, string][] = [
      ...request.headers.all('Via').map((via): [string, string] => ['Via', via]),
      ['From', request.headers.get('From') ?? ''],
      ['To', needsTag ? `${to};tag=${this.#tagFor(request)}` : to],
      ['Call-ID', request.headers.get('Call-ID') ?? ''],
      ['CSeq', request.headers.get('CSeq') ?? ''],
      ['Server', 'Asterisk PBX 20.5.0'],
      ...headers,
    ];
    const text = formatSipMessage(`SIP/2.0 ${status} ${reason}`, lines, body);
    if (this.#responseDelayMs > 0) setTimeout(() => this.#send(connection, text), this.#responseDelayMs);
    else this.#send(connection, text);
  }

  #accept(socket: Client): void {
    const connection: ConnectionState = { id: ++this.#nextConnectionId, open: true, socket };
    this.#connections.add(connection);
    const times = sendTimes.get((socket as unknown as { target: object }).target) ?? [];
    socket.on('message', (data) => {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
      this.#receive(connection, text, times.shift() ?? performance.now());
    });
    socket.on('close', () => {
      connection.open = false;
      this.#connections.delete(connection);
      this.#registrar.connectionClosed(connection);
      for (const call of this.calls) if (call.state !== 'ended' && this.#connectionOf.get(call) === connection) call.connectionLost();
    });
  }

  readonly #connectionOf = new WeakMap<LabCall, LabConnection>();
  readonly #tags = new Map<string, string>();

  #tagFor(request: SipRequest): string {
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
    const frame = this.#log('from-phone', connection.id, text, at);
    const message = frame.message;
    if (!message) return;
    if (message.kind === 'response') {
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
      return;
    }
    this.#route(connection, message);
  }

  #route(connection: ConnectionState, request: SipRequest): void {
    const respond = (status: number, reason: string, headers: [string, string][] = []): void =>
      this.sendResponse(connection, request, status, reason, headers);
    const callId = request.headers.get('Call-ID');
    const call = this.calls.find((c) => c.callId === callId && c.state !== 'ended');
    switch (request.method) {
      case 'REGISTER':
        this.#register(connection, request);
        return;
      case 'CANCEL':
        if (call) {
          respond(200, 'OK');
          call.cancelled();
        } else respond(481, 'Call/Transaction Does Not Exist');
        return;
      case 'INVITE':
        if (!tagOf(request.headers.get('To'))) {
          this.#outgoingCall(connection, request);
          return;
        }
        break;
      case 'OPTIONS':
      case 'MESSAGE':
        if (!call) {
          respond(200, 'OK');
          return;
        }
        break;
    }
    if (call) {
      void call.receive(request).catch(() => respond(500, 'Server Internal Error'));
    } else if (request.method !== 'ACK') {
      respond(481, 'Call/Transaction Does Not Exist');
    }
  }

  #register(connection: ConnectionState, request: SipRequest): void {
    const dn = parseNameAddr(request.headers.get('To') ?? '').user ?? '';
    if (!request.headers.has('Authorization')) {
      this.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const user = this.#digest.verify(request, (name) => this.#options.accounts[name]);
    if (!user || user !== dn) {
      const status = this.#options.wrongPasswordStatus;
      if (status === 403) this.sendResponse(connection, request, 403, 'Forbidden');
      else this.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const headerExpires = Number(request.headers.get('Expires') ?? 3600);
    const contacts: [string, string][] = [];
    for (const value of request.headers.all('Contact')) {
      if (value.trim() === '*') {
        for (const contact of this.contacts(dn)) this.#registrar.bind(dn, contact.uri, contact.connection, 0);
        continue;
      }
      const parsed = parseNameAddr(value);
      const expires = Number(parsed.params.get('expires') ?? headerExpires);
      this.#registrar.bind(dn, parsed.uri, connection, Number.isFinite(expires) ? expires : 3600);
      if (expires > 0) contacts.push(['Contact', `<${parsed.uri}>;expires=${expires}`]);
    }
    this.sendResponse(connection, request, 200, 'OK', [...contacts, ['Expires', String(headerExpires)]]);
  }

  #outgoingCall(connection: ConnectionState, request: SipRequest): void {
    if (this.#options.authenticateInvites && !this.#digest.verify(request, (name) => this.#options.accounts[name])) {
      this.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const target = parseNameAddr(request.headers.get('To') ?? '').user ?? '';
    const from = request.headers.get('From') ?? '';
    const call = new LabCall({
      transport: this,
      connection,
      direction: 'outbound',
      callId: request.headers.get('Call-ID') ?? '',
      localUri: parseNameAddr(request.headers.get('To') ?? '').uri,
      remoteUri: parseNameAddr(from).uri,
      localTag: this.#tagFor(request),
      remoteTag: tagOf(from),
      remoteTarget: parseNameAddr(request.headers.get('Contact') ?? '').uri,
      invite: request,
      target,
      iceServers: this.#options.iceServers,
    });
    this.#connectionOf.set(call, connection);
    this.calls.push(call);
    this.#emit('call', call);
    const behaviour = { ...this.#defaultOutgoing, ...this.#outgoing.get(target) };
    void call.respondToInvite(behaviour.status, behaviour.answerAfterMs).catch(() => call.connectionLost());
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
    this.#emit('frame', frame);
    return frame;
  }

  #emit<K extends keyof SipLabEvents>(event: K, payload: SipLabEvents[K]): void {
    for (const listener of [...this.#listeners[event]]) listener(payload);
  }

  #waitFor<K extends keyof SipLabEvents>(event: K, predicate: (payload: SipLabEvents[K]) => boolean, timeoutMs: number): Promise<SipLabEvents[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`lab: no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(event, (payload) => {
        if (!predicate(payload)) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  }
}
