// The pure core of the remote-answer relay: given one captured SIP message, decide whether it is a
// Genesys request to answer (or hold) a ringing DN, and which. No I/O; the clock is passed in.
//
// Asterisk mirrors every SIP message over HEP, in and out: its own NOTIFYs to browsers, every UDP
// retransmission, REGISTERs, media re-INVITEs. Only a NOTIFY that Asterisk *received* from Genesys,
// inside a dialog (To tag), with `Event: talk|hold`, is acted on — once per Call-ID + CSeq.
import { HepProtocolType, type HepEndpoint, type HepPacket } from '../hep/hep3.js';
import { parseCSeq, parseNameAddress, parseVias, uriUser, type Via } from '../sip/header-values.js';
import { SipError } from '../sip/sip-error.js';
import { parseSipMessage, type SipRequest } from '../sip/sip-message.js';
import { ExpiringMap } from './expiring-map.js';
import { matchesPeer, type PeerAddress } from './peer-address.js';
import { isValidCallUuid, type RemoteAnswerEvent, type RemoteAnswerRequest } from './remote-answer-request.js';

export interface RemoteAnswerDeciderOptions {
  /** Genesys SIP Server addresses as Asterisk sees them (source of the NOTIFY). */
  readonly genesysAddresses: readonly PeerAddress[];
  /** Asterisk's trunk address(es); when given, the NOTIFY must also be addressed to one of them. */
  readonly asteriskAddresses?: readonly PeerAddress[];
  /** Is this user part an agent DN this gateway serves (e.g. inside the configured ranges)? */
  readonly isAgentDn: (dn: string) => boolean;
  /** Events relayed. Default talk and hold. */
  readonly events?: readonly RemoteAnswerEvent[];
  /** How long a Call-ID + CSeq is remembered; covers UDP retransmissions (64 × T1 = 32 s). */
  readonly dedupeWindowMs?: number;
  /** How long a call UUID → DN entry from an INVITE lives (refreshed by re-INVITEs). */
  readonly callTtlMs?: number;
  /** Bound on remembered transactions and calls each, so a flood cannot grow memory. */
  readonly maxTracked?: number;
}

export const REMOTE_ANSWER_DECIDER_DEFAULTS = {
  events: ['talk', 'hold'] as readonly RemoteAnswerEvent[],
  dedupeWindowMs: 64_000,
  callTtlMs: 15 * 60_000,
  maxTracked: 50_000,
};

/** Ignored messages that are everyday traffic: counted in /metrics, never logged. */
export const EVERYDAY_IGNORE_REASONS: ReadonlySet<IgnoreReason> = new Set(['rtcp', 'other_message', 'asterisk_notify', 'unsupported_event']);

/** Messages that are none of the relay's business, or unusable. Stable metric label values. */
export type IgnoreReason =
  | 'not_sip' // payload is not SIP (or HEP protocol type is neither SIP nor RTCP)
  | 'rtcp' // RTCP reports res_hep_rtcp mirrors to the same listener (everyday traffic)
  | 'malformed_sip' // looked like SIP, failed to parse
  | 'other_message' // any other SIP traffic (REGISTER, responses, Asterisk's INVITEs…)
  | 'asterisk_notify' // an out-of-dialog NOTIFY not from Genesys: Asterisk's own, e.g. a relayed remote answer to a browser
  | 'not_from_genesys' // an in-dialog NOTIFY from an address outside genesysAddresses (misconfigured, or forged)
  | 'no_to_tag' // a NOTIFY outside any dialog
  | 'unsupported_event'; // a NOTIFY from Genesys with another Event package (e.g. refer progress): everyday

/** A genuine Genesys NOTIFY that cannot be relayed. Stable metric label values. */
export type RefuseReason = 'unknown_dn' | 'no_call_uuid' | 'invalid_call_uuid';

export type RemoteAnswerDecision =
  | { readonly kind: 'ignore'; readonly reason: IgnoreReason; readonly error?: SipError }
  | { readonly kind: 'call_seen'; readonly dn: string | undefined; readonly callUuid: string | undefined }
  | { readonly kind: 'duplicate'; readonly transaction: string; readonly event: RemoteAnswerEvent }
  | { readonly kind: 'refuse'; readonly reason: RefuseReason; readonly transaction: string; readonly event: RemoteAnswerEvent }
  | {
      readonly kind: 'relay';
      readonly transaction: string;
      readonly request: RemoteAnswerRequest & { readonly callUuid: string };
      /** The captured NOTIFY, to answer it. */
      readonly sip: SipRequest;
      readonly topVia: Via;
      /** Where the NOTIFY came from, as Asterisk saw it (a Genesys peer): where its answer may go. */
      readonly receivedFrom: HepEndpoint;
    };

interface CallRecord {
  readonly dn: string;
  readonly callUuid: string | undefined;
}

const RELEVANT_START = /^(NOTIFY|INVITE) /;
const SIP_START = /^(SIP\/2\.0 \d{3}|[A-Za-z]+ \S+ SIP\/2\.0\r?$)/;

export class RemoteAnswerDecider {
  private readonly genesysAddresses: readonly PeerAddress[];
  private readonly asteriskAddresses: readonly PeerAddress[] | undefined;
  private readonly isAgentDn: (dn: string) => boolean;
  private readonly events: readonly RemoteAnswerEvent[];
  private readonly transactions: ExpiringMap<string, true>;
  private readonly callsByUuid: ExpiringMap<string, CallRecord>;
  private readonly callsByCallId: ExpiringMap<string, CallRecord>;

  constructor(options: RemoteAnswerDeciderOptions) {
    if (options.genesysAddresses.length === 0) throw new RangeError('at least one Genesys peer address is required');
    const defaults = REMOTE_ANSWER_DECIDER_DEFAULTS;
    this.genesysAddresses = options.genesysAddresses;
    this.asteriskAddresses = options.asteriskAddresses;
    this.isAgentDn = options.isAgentDn;
    this.events = options.events ?? defaults.events;
    const dedupeWindowMs = options.dedupeWindowMs ?? defaults.dedupeWindowMs;
    const callTtlMs = options.callTtlMs ?? defaults.callTtlMs;
    const maxTracked = options.maxTracked ?? defaults.maxTracked;
    this.transactions = new ExpiringMap(dedupeWindowMs, maxTracked);
    this.callsByUuid = new ExpiringMap(callTtlMs, maxTracked);
    this.callsByCallId = new ExpiringMap(callTtlMs, maxTracked);
  }

  decide(packet: HepPacket, nowMs: number): RemoteAnswerDecision {
    if (packet.protocolType === HepProtocolType.RTCP) return ignore('rtcp');
    if (packet.protocolType !== HepProtocolType.SIP) return ignore('not_sip');
    // Most mirrored traffic is neither NOTIFY nor INVITE: classify by the start line before parsing.
    const start = startLine(packet.payload);
    if (!RELEVANT_START.test(start)) return ignore(SIP_START.test(start) ? 'other_message' : 'not_sip');

    // Direction needs only the HEP addresses: Asterisk's own INVITEs and NOTIFYs are never parsed.
    const fromGenesys =
      matchesPeer(packet.source, this.genesysAddresses) &&
      (this.asteriskAddresses === undefined || matchesPeer(packet.destination, this.asteriskAddresses));
    if (!fromGenesys) {
      if (!start.startsWith('NOTIFY')) return ignore('other_message');
      // Asterisk's own NOTIFYs to browsers are out of dialog (relayed remote answers) or another event
      // (transfer progress); an in-dialog talk/hold NOTIFY from an unknown address is what a Genesys
      // NOTIFY looks like when genesysAddresses is wrong.
      const head = payloadHead(packet.payload);
      const event = EVENT.exec(head)?.[1]?.toLowerCase();
      const lookalike = TO_TAG.test(head) && this.events.some((allowed) => allowed === event);
      return ignore(lookalike ? 'not_from_genesys' : 'asterisk_notify');
    }

    try {
      const sip = parseSipMessage(packet.payload.toString('utf8'));
      if (sip.kind !== 'request') return ignore('other_message');
      return sip.method === 'INVITE' ? this.rememberCall(sip, nowMs) : this.decideNotify(sip, packet.source, nowMs);
    } catch (error) {
      if (error instanceof SipError) return ignore('malformed_sip', error);
      throw error;
    }
  }

  /** Forgets a transaction so that a retransmission is decided afresh (used when relaying failed). */
  forget(transaction: string): void {
    this.transactions.delete(transaction);
  }

  /** The DN recorded for a call UUID from its INVITE, if still remembered. */
  dnForCall(callUuid: string, nowMs: number): string | undefined {
    return this.callsByUuid.get(callUuid, nowMs)?.dn;
  }

  private rememberCall(sip: SipRequest, nowMs: number): RemoteAnswerDecision {
    const callUuid = validUuid(sip.headers.get('x-genesys-calluuid'));
    const toUser = parseNameAddress(required(sip, 'to')).user;
    // Asterisk dials on the Request-URI user; the To user is the DN as Genesys addressed it.
    const dn = [uriUser(sip.uri), toUser].find((user) => user !== undefined && this.isAgentDn(user));
    const callId = required(sip, 'call-id');
    if (dn !== undefined) {
      const record = { dn, callUuid };
      this.callsByCallId.set(callId, record, nowMs);
      if (callUuid !== undefined) this.callsByUuid.set(callUuid, record, nowMs);
    }
    return { kind: 'call_seen', dn, callUuid };
  }

  private decideNotify(sip: SipRequest, receivedFrom: HepEndpoint, nowMs: number): RemoteAnswerDecision {
    const eventType = (sip.headers.get('event') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const event = this.events.find((allowed) => allowed === eventType);
    if (event === undefined) return ignore('unsupported_event');
    const to = parseNameAddress(required(sip, 'to'));
    if (to.tag === undefined) return ignore('no_to_tag');
    const callId = required(sip, 'call-id');
    const cseq = parseCSeq(required(sip, 'cseq'));
    const [topVia] = parseVias(sip.headers.getAll('via'));
    if (topVia === undefined) throw new SipError('SIP_MISSING_HEADER', 'NOTIFY without Via');

    const transaction = `${callId} ${cseq.sequence} ${cseq.method}`;
    if (this.transactions.has(transaction, nowMs)) return { kind: 'duplicate', transaction, event };
    this.transactions.set(transaction, true, nowMs);

    const call = this.callsByCallId.get(callId, nowMs);
    const headerUuid = sip.headers.get('x-genesys-calluuid');
    if (headerUuid !== undefined && !isValidCallUuid(headerUuid)) {
      return { kind: 'refuse', reason: 'invalid_call_uuid', transaction, event };
    }
    const callUuid = headerUuid ?? call?.callUuid;
    if (callUuid === undefined) return { kind: 'refuse', reason: 'no_call_uuid', transaction, event };
    const dn =
      to.user !== undefined && this.isAgentDn(to.user)
        ? to.user
        : (this.callsByUuid.get(callUuid, nowMs)?.dn ?? call?.dn);
    if (dn === undefined) return { kind: 'refuse', reason: 'unknown_dn', transaction, event };
    return { kind: 'relay', transaction, request: { dn, event, callUuid }, sip, topVia, receivedFrom };
  }
}

function ignore(reason: IgnoreReason, error?: SipError): RemoteAnswerDecision {
  return error ? { kind: 'ignore', reason, error } : { kind: 'ignore', reason };
}

function required(sip: SipRequest, name: string): string {
  const value = sip.headers.get(name);
  if (value === undefined) throw new SipError('SIP_MISSING_HEADER', `${sip.method} without ${name}`);
  return value;
}

function validUuid(value: string | undefined): string | undefined {
  return value !== undefined && isValidCallUuid(value) ? value : undefined;
}

/** The Event (or o:) header's package name. */
const EVENT = /^(?:Event|o)[ \t]*:[ \t]*([A-Za-z0-9.!%*_+`'~-]+)/im;

/** A To (or t:) header line with a tag parameter. */
const TO_TAG = /^(?:To|t)[ \t]*:[^\r\n]*;[ \t]*tag[ \t]*=/im;

/** The header part of the payload (up to the blank line, at most 8 KiB), read as Latin-1. */
function payloadHead(payload: Buffer): string {
  const end = payload.indexOf('\r\n\r\n');
  return payload.toString('latin1', 0, Math.min(end < 0 ? payload.length : end, 8192));
}

/** The first line of the payload, read as Latin-1 (cheap, no full decode). */
function startLine(payload: Buffer): string {
  const end = payload.indexOf(0x0a);
  return payload.toString('latin1', 0, Math.min(end < 0 ? payload.length : end, 512));
}
