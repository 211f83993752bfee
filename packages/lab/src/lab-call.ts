import { MediaPeer } from './media-peer.js';
import type { SipRequest, SipResponse } from './sip-message.js';
import { parseCSeq, parseNameAddr, randomToken, tagOf } from './sip-message.js';
import type { LabConnection, LabTransport } from './transport.js';

/** `inviting` (INVITE sent, nothing back) → `ringing` (180) → `answered` (200/ACK) → `ended`. */
export type LabCallState = 'inviting' | 'ringing' | 'answered' | 'ended';

export interface LabCallEnd {
  /** Who ended it: the lab (BYE/CANCEL it sent) or the softphone (BYE/CANCEL/final error). */
  by: 'lab' | 'phone';
  /** SIP method or status that ended it: 'BYE', 'CANCEL', or the final status (486, 487, 603 …). */
  how: string;
}

/**
 * One call between the lab and a softphone, either direction. Knows its dialog, runs the media peer,
 * and records what the softphone did: DTMF by INFO, hold by re-INVITE, transfer by REFER.
 */
export class LabCall {
  readonly callId: string;
  /** `inbound`: the lab called the softphone (Genesys → agent). `outbound`: the softphone called out. */
  readonly direction: 'inbound' | 'outbound';
  readonly genesysCallUuid: string | undefined;
  readonly media: MediaPeer;
  /** DTMF tones the softphone sent by SIP INFO. */
  readonly dtmf: string[] = [];
  /** Refer-To of every REFER the softphone sent. */
  readonly transfers: string[] = [];
  /** The remote user the softphone dialled (outbound calls). */
  readonly target: string | undefined;
  /** Whether the softphone holds the call (its last offer was sendonly/inactive). */
  heldByPhone = false;
  end: LabCallEnd | undefined;

  #state: LabCallState = 'inviting';
  #listeners = new Set<() => void>();
  #transport: LabTransport;
  #connection: LabConnection;
  #localUri: string;
  #remoteUri: string;
  #localTag: string;
  #remoteTag: string | undefined;
  #remoteTarget: string;
  #cseq = 100;
  #invite: SipRequest | undefined;
  #inviteBranch: string | undefined;
  #headers: [string, string][];

  /** @internal */
  constructor(init: {
    transport: LabTransport;
    connection: LabConnection;
    direction: 'inbound' | 'outbound';
    callId: string;
    localUri: string;
    remoteUri: string;
    localTag: string;
    remoteTag?: string;
    remoteTarget: string;
    genesysCallUuid?: string;
    invite?: SipRequest;
    target?: string;
    iceServers?: RTCIceServer[];
  }) {
    this.#transport = init.transport;
    this.#connection = init.connection;
    this.direction = init.direction;
    this.callId = init.callId;
    this.#localUri = init.localUri;
    this.#remoteUri = init.remoteUri;
    this.#localTag = init.localTag;
    this.#remoteTag = init.remoteTag;
    this.#remoteTarget = init.remoteTarget;
    this.genesysCallUuid = init.genesysCallUuid;
    this.#invite = init.invite;
    this.target = init.target;
    this.media = new MediaPeer(init.iceServers);
    this.#headers = init.genesysCallUuid ? [['X-Genesys-CallUUID', init.genesysCallUuid]] : [];
  }

  get state(): LabCallState {
    return this.#state;
  }

  /** Resolves when the call reaches `state` (or already has); rejects after `timeoutMs`. */
  waitFor(state: LabCallState, timeoutMs = 5000): Promise<void> {
    const order: LabCallState[] = ['inviting', 'ringing', 'answered', 'ended'];
    const reached = (): boolean => order.indexOf(this.#state) >= order.indexOf(state);
    if (reached()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`lab call ${this.callId} did not reach ${state} in ${timeoutMs} ms (it is ${this.#state})`));
      }, timeoutMs);
      const check = (): void => {
        if (!reached()) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }

  /** Sends the INVITE (inbound calls). `offer: false` sends it without SDP (delayed offer, Genesys 3pcc). */
  async invite(requestUri: string, headers: [string, string][], offer: boolean, withCandidates = false): Promise<void> {
    const body = offer ? await this.media.offer('sendrecv', { withCandidates }) : '';
    const branch = `z9hG4bK${randomToken(16)}`;
    this.#inviteBranch = branch;
    const all: [string, string][] = [
      ...this.#dialogHeaders('INVITE', this.#cseq),
      ['Allow', 'OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER'],
      ['Supported', '100rel, replaces, norefersub'],
      ['User-Agent', 'Asterisk PBX 20.5.0'],
      ...headers,
    ];
    if (offer) all.push(['Content-Type', 'application/sdp']);
    const transaction = this.#transport.sendRequest(this.#connection, `INVITE ${requestUri} SIP/2.0`, all, body, { branch });
    transaction.onProvisional((response) => {
      if (response.status >= 180 && this.#state === 'inviting') {
        this.#remoteTag ??= tagOf(response.headers.get('To'));
        this.#setState('ringing');
      }
    });
    const final = await transaction.final;
    const seq = parseCSeq(final.headers.get('CSeq')).seq;
    if (final.status >= 200 && final.status < 300) {
      this.#remoteTag = tagOf(final.headers.get('To'));
      this.#remoteTarget = parseNameAddr(final.headers.get('Contact') ?? '').uri || this.#remoteTarget;
      let ackBody = '';
      if (offer) await this.media.acceptAnswer(final.body);
      else ackBody = await this.media.answer(final.body);
      this.#ack(seq, ackBody);
      this.#setState('answered');
    } else {
      // RFC 3261 17.1.1.3: ACK for a non-2xx final response reuses the INVITE's branch.
      this.#transport.sendRequest(
        this.#connection,
        `ACK ${requestUri} SIP/2.0`,
        [
          ['Max-Forwards', '70'],
          ['From', `<${this.#localUri}>;tag=${this.#localTag}`],
          ['To', final.headers.get('To') ?? `<${this.#remoteUri}>`],
          ['Call-ID', this.callId],
          ['CSeq', `${seq} ACK`],
        ],
        '',
        { branch },
      );
      this.#finish({ by: 'phone', how: String(final.status) });
    }
  }

  /** CANCEL a ringing inbound call (the caller hung up before the agent answered). */
  cancel(): void {
    if (this.#state === 'answered' || this.#state === 'ended' || !this.#inviteBranch) return;
    this.#transport.sendRequest(
      this.#connection,
      `CANCEL ${this.#requestUriOfInvite()} SIP/2.0`,
      [
        ['Max-Forwards', '70'],
        ['From', `<${this.#localUri}>;tag=${this.#localTag}`],
        ['To', `<${this.#remoteUri}>`],
        ['Call-ID', this.callId],
        ['CSeq', `100 CANCEL`],
        ...this.#headers,
      ],
      '',
      { branch: this.#inviteBranch },
    );
    this.end = { by: 'lab', how: 'CANCEL' };
  }

  /** Hangs up an answered call. Resolves with the softphone's response status. */
  async bye(): Promise<number> {
    if (this.#state !== 'answered') return 0;
    this.#finish({ by: 'lab', how: 'BYE' });
    const response = await this.#inDialog('BYE').final;
    return response.status;
  }

  /** Holds (a=sendonly re-INVITE, as Genesys hold from WWE reaches the DN) or resumes (a=sendrecv). */
  async hold(): Promise<number> {
    return this.#reinvite('sendonly');
  }

  async unhold(): Promise<number> {
    return this.#reinvite('sendrecv');
  }

  /** Sends a DTMF tone by SIP INFO (application/dtmf-relay). Resolves with the response status. */
  async sendInfoDtmf(tone: string, durationMs = 100): Promise<number> {
    const response = await this.#inDialog('INFO', [['Content-Type', 'application/dtmf-relay']], `Signal=${tone}\r\nDuration=${durationMs}\r\n`).final;
    return response.status;
  }

  /** @internal A request from the softphone inside this dialog. */
  async receive(request: SipRequest): Promise<void> {
    const respond = (status: number, reason: string, headers: [string, string][] = [], body = ''): void =>
      this.#transport.sendResponse(this.#connection, request, status, reason, headers, body);
    switch (request.method) {
      case 'ACK':
        if (request.body && this.direction === 'outbound') await this.media.acceptAnswer(request.body);
        return;
      case 'BYE':
        respond(200, 'OK');
        this.#finish({ by: 'phone', how: 'BYE' });
        return;
      case 'INFO': {
        const signal = /Signal\s*=\s*([0-9A-D#*])/i.exec(request.body)?.[1];
        if (signal) this.dtmf.push(signal.toUpperCase());
        respond(200, 'OK');
        return;
      }
      case 'INVITE': {
        // Re-INVITE from the softphone: hold/unhold or a refresh.
        this.heldByPhone = /a=(sendonly|inactive)/.test(request.body);
        const answer = request.body ? await this.media.answer(request.body) : await this.media.offer();
        respond(200, 'OK', [['Contact', this.#contact()], ['Content-Type', 'application/sdp']], answer);
        return;
      }
      case 'UPDATE':
        respond(200, 'OK', [['Contact', this.#contact()]]);
        return;
      case 'REFER':
        this.#onRefer(request, respond);
        return;
      case 'NOTIFY':
      case 'OPTIONS':
        respond(200, 'OK');
        return;
      default:
        respond(405, 'Method Not Allowed', [['Allow', 'INVITE, ACK, BYE, CANCEL, INFO, REFER, NOTIFY, OPTIONS, UPDATE']]);
    }
  }

  /** @internal The softphone CANCELled its outgoing INVITE. */
  cancelled(): void {
    const invite = this.#invite;
    if (invite) this.#transport.sendResponse(this.#connection, invite, 487, 'Request Terminated', [], '');
    this.#finish({ by: 'phone', how: 'CANCEL' });
  }

  /** @internal Outbound: ring, then answer after `answerAfterMs` with `status` (200 answers). */
  async respondToInvite(status: number, answerAfterMs: number): Promise<void> {
    const invite = this.#invite;
    if (!invite) return;
    const send = (code: number, reason: string, headers: [string, string][] = [], body = ''): void =>
      this.#transport.sendResponse(this.#connection, invite, code, reason, headers, body);
    send(100, 'Trying');
    send(180, 'Ringing', [['Contact', this.#contact()]]);
    this.#setState('ringing');
    await new Promise((resolve) => setTimeout(resolve, answerAfterMs));
    if (this.#state !== 'ringing') return;
    if (status >= 300) {
      send(status, reasonFor(status));
      this.#finish({ by: 'lab', how: String(status) });
      return;
    }
    const answer = invite.body ? await this.media.answer(invite.body) : await this.media.offer();
    if (this.#state !== 'ringing') return;
    send(200, 'OK', [['Contact', this.#contact()], ['Content-Type', 'application/sdp']], answer);
    this.#setState('answered');
  }

  /** @internal A re-INVITE came over another WebSocket: in-dialog requests go there from now on. */
  moveTo(connection: LabConnection, remoteTarget: string): void {
    this.#connection = connection;
    if (remoteTarget) this.#remoteTarget = remoteTarget;
  }

  /** @internal The softphone's WebSocket went away. */
  connectionLost(): void {
    this.#finish({ by: 'phone', how: 'connection-lost' });
  }

  #onRefer(request: SipRequest, respond: (status: number, reason: string) => void): void {
    const referTo = parseNameAddr(request.headers.get('Refer-To') ?? '').uri;
    this.transfers.push(referTo);
    respond(202, 'Accepted');
    // Asterisk reports the blind transfer's progress by sipfrag NOTIFYs, then hangs up the transferor.
    const notify = (fragment: string, subscription: string): Promise<SipResponse> =>
      this.#inDialog(
        'NOTIFY',
        [
          ['Event', 'refer'],
          ['Subscription-State', subscription],
          ['Content-Type', 'message/sipfrag;version=2.0'],
        ],
        `${fragment}\r\n`,
      ).final;
    void (async () => {
      await notify('SIP/2.0 100 Trying', 'active;expires=60');
      await notify('SIP/2.0 200 OK', 'terminated;reason=noresource');
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (this.#state === 'answered') await this.bye();
    })().catch(() => {});
  }

  async #reinvite(direction: RTCRtpTransceiverDirection): Promise<number> {
    if (this.#state !== 'answered') return 0;
    const offer = await this.media.offer(direction);
    const transaction = this.#inDialog('INVITE', [['Content-Type', 'application/sdp']], offer);
    const response = await transaction.final;
    const seq = parseCSeq(response.headers.get('CSeq')).seq;
    if (response.status >= 200 && response.status < 300) {
      await this.media.acceptAnswer(response.body);
      this.#ack(seq, '');
    }
    return response.status;
  }

  #inDialog(method: string, headers: [string, string][] = [], body = ''): ReturnType<LabTransport['sendRequest']> {
    this.#cseq += 1;
    return this.#transport.sendRequest(this.#connection, `${method} ${this.#remoteTarget} SIP/2.0`, [...this.#dialogHeaders(method, this.#cseq), ...headers], body);
  }

  #ack(seq: number, body: string): void {
    const headers = this.#dialogHeaders('ACK', seq);
    if (body) headers.push(['Content-Type', 'application/sdp']);
    this.#transport.sendRequest(this.#connection, `ACK ${this.#remoteTarget} SIP/2.0`, headers, body);
  }

  #dialogHeaders(method: string, seq: number): [string, string][] {
    return [
      ['Max-Forwards', '70'],
      ['From', `<${this.#localUri}>;tag=${this.#localTag}`],
      ['To', `<${this.#remoteUri}>${this.#remoteTag ? `;tag=${this.#remoteTag}` : ''}`],
      ['Contact', this.#contact()],
      ['Call-ID', this.callId],
      ['CSeq', `${seq} ${method}`],
      ...this.#headers,
    ];
  }

  #requestUriOfInvite(): string {
    return this.#remoteTarget;
  }

  #contact(): string {
    return `<sip:asterisk@${this.#transport.host};transport=ws>`;
  }

  #finish(end: LabCallEnd): void {
    if (this.#state === 'ended') return;
    this.end ??= end;
    this.media.close();
    this.#setState('ended');
  }

  #setState(state: LabCallState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }
}

function reasonFor(status: number): string {
  const reasons: Record<number, string> = { 404: 'Not Found', 480: 'Temporarily Unavailable', 486: 'Busy Here', 603: 'Decline' };
  return reasons[status] ?? 'Error';
}
