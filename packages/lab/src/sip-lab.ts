import { TypedEmitter } from '@wwe-webrtc/shared';
import { Server, WebSocket as MockWebSocket } from './mock-socket-esm.js';
import { DigestRealm } from './digest.js';
import { genesysCallUuid, genesysHeaders } from './genesys.js';
import type { GenesysAutoAnswer } from './genesys.js';
import { LabCall } from './lab-call.js';
import type { Contact, ContactChange } from './registrar.js';
import { Registrar } from './registrar.js';
import type { SipRequest } from './sip-message.js';
import { parseNameAddr, randomToken, tagOf } from './sip-message.js';
import type { LabConnection } from './transport.js';
import { LabWire, noteSend } from './wire.js';
import type { SipFrame } from './wire.js';

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

let labCount = 0;

/**
 * A simulated Asterisk (WebSocket SIP registrar with digest auth) relaying a simulated Genesys SIP
 * Server, entirely in the page over mock-socket. Speaks real SIP text; media runs over a real
 * RTCPeerConnection. Pass `lab.url` and `lab.webSocketFactory` to the softphone.
 */
export class SipLab extends TypedEmitter<SipLabEvents> {
  readonly host: string;
  readonly url: string;
  readonly calls: LabCall[] = [];
  readonly #options: Required<Omit<SipLabOptions, 'host' | 'outgoing' | 'iceServers'>> & Pick<SipLabOptions, 'iceServers'>;
  readonly #server: Server;
  readonly #digest: DigestRealm;
  readonly #registrar: Registrar;
  readonly #wire: LabWire;
  readonly #connectionOf = new WeakMap<LabCall, LabConnection>();
  readonly #outgoing = new Map<string, OutgoingBehaviour>();
  #defaultOutgoing: Required<OutgoingBehaviour>;
  #refuseUntil = 0;
  #closed = false;

  constructor(options: SipLabOptions) {
    super();
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
    this.#registrar = new Registrar(this.#options.maxContactsPerDn, (change) => this.emit('contact', change));
    // `mock: false` keeps the page's real WebSocket intact (the test runner uses it).
    this.#server = new Server(this.url, { mock: false, verifyClient: () => performance.now() >= this.#refuseUntil } as never);
    this.#wire = new LabWire(this.host, {
      frame: (frame) => this.emit('frame', frame),
      request: (connection, request) => this.#route(connection, request),
      closed: (connection) => {
        this.#registrar.connectionClosed(connection);
        // Like Asterisk: a call not yet answered fails with its transport; an answered one stays up,
        // its dialog still pointing at the dead connection until a re-INVITE arrives on another one.
        for (const call of this.calls) {
          if (call.state !== 'ended' && call.state !== 'answered' && this.#connectionOf.get(call) === connection) call.connectionLost();
        }
      },
    });
    this.#server.on('connection', (socket) => this.#wire.accept(socket));
  }

  /** Every frame both ways, in order. */
  get frames(): readonly SipFrame[] {
    return this.#wire.frames;
  }

  /** Opens a WebSocket to this lab; pass as the softphone's `webSocketFactory`. */
  readonly webSocketFactory = (url: string, protocols?: string | string[]): WebSocket => {
    const ws = new MockWebSocket(url, protocols);
    const send = ws.send.bind(ws);
    ws.send = (data: string | Blob | ArrayBuffer | ArrayBufferView) => {
      noteSend(ws, performance.now());
      send(data);
    };
    return ws as unknown as WebSocket;
  };

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
      transport: this.#wire,
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
    const response = await this.#wire.sendRequest(contact.connection, `NOTIFY ${contact.uri} SIP/2.0`, headers).final;
    return response.status;
  }

  /** How the far end answers the softphone's calls to `target` (or to every target when omitted). */
  setOutgoingBehaviour(behaviour: OutgoingBehaviour, target?: string): void {
    if (target === undefined) this.#defaultOutgoing = { ...this.#defaultOutgoing, ...behaviour };
    else this.#outgoing.set(target, behaviour);
  }

  /** Fault injection: close every softphone WebSocket abnormally (code 1006), as a network drop. */
  dropConnections(): void {
    this.#wire.dropAll();
  }

  /** Fault injection: refuse new WebSocket connections for `ms` (0 lifts it). */
  refuseConnections(ms: number): void {
    this.#refuseUntil = performance.now() + ms;
  }

  /** Fault injection: delay every response the lab sends by `ms`. */
  setResponseDelay(ms: number): void {
    this.#wire.responseDelayMs = ms;
  }

  /** Stops the server and every call. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.calls) call.connectionLost();
    this.#server.stop();
  }

  #route(connection: LabConnection, request: SipRequest): void {
    const respond = (status: number, reason: string, headers: [string, string][] = []): void =>
      this.#wire.sendResponse(connection, request, status, reason, headers);
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
    if (call && request.method === 'INVITE' && this.#connectionOf.get(call) !== connection) {
      // A re-INVITE is a target refresh: Asterisk's WebSocket transport rewrites its Contact to the
      // connection it came on, so the dialog follows the browser to its new WebSocket.
      call.moveTo(connection, parseNameAddr(request.headers.get('Contact') ?? '').uri);
      this.#connectionOf.set(call, connection);
    }
    if (call) {
      void call.receive(request).catch(() => respond(500, 'Server Internal Error'));
    } else if (request.method !== 'ACK') {
      respond(481, 'Call/Transaction Does Not Exist');
    }
  }

  #register(connection: LabConnection, request: SipRequest): void {
    const dn = parseNameAddr(request.headers.get('To') ?? '').user ?? '';
    if (!request.headers.has('Authorization')) {
      this.#wire.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const user = this.#digest.verify(request, (name) => this.#options.accounts[name]);
    if (!user || user !== dn) {
      const status = this.#options.wrongPasswordStatus;
      if (status === 403) this.#wire.sendResponse(connection, request, 403, 'Forbidden');
      else this.#wire.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const headerExpires = Number(request.headers.get('Expires') ?? 3600);
    const contacts: [string, string][] = [];
    for (const value of request.headers.getAll('Contact')) {
      if (value.trim() === '*') {
        for (const contact of this.contacts(dn)) this.#registrar.bind(dn, contact.uri, contact.connection, 0);
        continue;
      }
      const parsed = parseNameAddr(value);
      const expires = Number(parsed.params.get('expires') ?? headerExpires);
      this.#registrar.bind(dn, parsed.uri, connection, Number.isFinite(expires) ? expires : 3600);
      if (expires > 0) contacts.push(['Contact', `<${parsed.uri}>;expires=${expires}`]);
    }
    this.#wire.sendResponse(connection, request, 200, 'OK', [...contacts, ['Expires', String(headerExpires)]]);
  }

  #outgoingCall(connection: LabConnection, request: SipRequest): void {
    if (this.#options.authenticateInvites && !this.#digest.verify(request, (name) => this.#options.accounts[name])) {
      this.#wire.sendResponse(connection, request, 401, 'Unauthorized', [['WWW-Authenticate', this.#digest.challenge()]]);
      return;
    }
    const target = parseNameAddr(request.headers.get('To') ?? '').user ?? '';
    const from = request.headers.get('From') ?? '';
    const call = new LabCall({
      transport: this.#wire,
      connection,
      direction: 'outbound',
      callId: request.headers.get('Call-ID') ?? '',
      localUri: parseNameAddr(request.headers.get('To') ?? '').uri,
      remoteUri: parseNameAddr(from).uri,
      localTag: this.#wire.tagFor(request),
      remoteTag: tagOf(from),
      remoteTarget: parseNameAddr(request.headers.get('Contact') ?? '').uri,
      invite: request,
      target,
      iceServers: this.#options.iceServers,
    });
    this.#connectionOf.set(call, connection);
    this.calls.push(call);
    this.emit('call', call);
    const behaviour = { ...this.#defaultOutgoing, ...this.#outgoing.get(target) };
    void call.respondToInvite(behaviour.status, behaviour.answerAfterMs).catch(() => call.connectionLost());
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
