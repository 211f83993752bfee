// The I/O around RemoteAnswerDecider: HEP packets in; PJSIPNotify to the DN's browser and a 200 OK to
// Genesys out; metrics and logs. Also serves the HTTP answer API, which relays the same way.
import { performance } from 'node:perf_hooks';
import type { HepError } from '../hep/hep-error.js';
import type { HepPacket } from '../hep/hep3.js';
import type { HepDropReason, HepListenerDelegate } from '../hep/hep-listener.js';
import { buildResponse, responseDestination, type ResponseDestination } from '../sip/response.js';
import { TypedEmitter } from '@wwe-webrtc/shared';
import { TokenBucket } from '../token-bucket.js';
import { DnRateLimit } from './dn-rate-limit.js';
import { ExpiringMap } from './expiring-map.js';
import { LogOnce, silentLogger, type RelayLogger } from './log-once.js';
import { matchesPeer } from './peer-address.js';
import { EVERYDAY_IGNORE_REASONS, RemoteAnswerDecider, type IgnoreReason, type RemoteAnswerDeciderOptions } from './remote-answer-decider.js';
import type { RemoteAnswerMetrics, RemoteAnswerOutcome } from './remote-answer-metrics.js';
import {
  isValidCallUuid,
  notifyHeaders,
  type RemoteAnswerEvent,
  type RemoteAnswerRequest,
  type RemoteAnswerSource,
} from './remote-answer-request.js';
import type { SipResponder } from './sip-responder.js';

/** What the relay needs from the rest of the gateway. */
export interface RemoteAnswerDelegate {
  /** Does the DN have at least one browser contact now? (PJSIPNotify says Success even if not.) */
  hasBrowser(dn: string): boolean;
  /** Sends `PJSIPNotify Endpoint: <dn>` with these headers; rejects when Asterisk refuses or AMI is down. */
  sendNotify(dn: string, headers: Readonly<Record<string, string>>): Promise<void>;
}

export interface RemoteAnswerRelayOptions extends RemoteAnswerDeciderOptions {
  /**
   * Answer Genesys' NOTIFY with 200 OK on Asterisk's behalf (stock Asterisk never answers it and SIP
   * Server's transaction would time out ~32 s into the call). Only possible over UDP. Default true.
   */
  readonly notifyResponder?: boolean;
  /** Relays per DN per second, sustained (HEP and HTTP together). Default 2. */
  readonly maxRelaysPerDnPerSecond?: number;
  /** Relays per DN accepted at once. Default 5. */
  readonly relayBurstPerDn?: number;
  /**
   * Relays per second for all DNs together, sustained: what the per-DN bound cannot stop is one request
   * for each of thousands of DNs. Default 100 (a site answering 100 calls a second is very large).
   */
  readonly maxRelaysPerSecond?: number;
  /** Relays for all DNs accepted at once. Default 200. */
  readonly relayBurst?: number;
  /** Clock for expiry (ms). Default Date.now. */
  readonly now?: () => number;
}

export interface RemoteAnswerRelayContext {
  readonly delegate: RemoteAnswerDelegate;
  /** Required when `notifyResponder` is on. */
  readonly responder?: SipResponder;
  readonly metrics?: RemoteAnswerMetrics;
  readonly logger?: RelayLogger;
}

export interface RemoteAnswerResult {
  readonly outcome: RemoteAnswerOutcome;
  readonly request?: RemoteAnswerRequest;
}

export interface RemoteAnswerRelayEvents {
  /** Asterisk accepted the PJSIPNotify. `latencyMs`: request arrival → AMI reply. */
  relayed: { source: RemoteAnswerSource; request: RemoteAnswerRequest; latencyMs: number };
  /** The 200 OK for a Genesys NOTIFY went out. */
  responded: { destination: ResponseDestination; text: string; retransmission: boolean };
  /** A request that was not relayed (duplicate, no browser, unknown DN…). */
  skipped: { source: RemoteAnswerSource; outcome: Exclude<RemoteAnswerOutcome, 'relayed'> };
  /** A captured message the relay does not act on (most SIP traffic). */
  ignored: { reason: IgnoreReason };
  /** A HEP datagram dropped by the listener. */
  dropped: { reason: HepDropReason };
}

interface SentResponse {
  readonly text: string;
  readonly destination: ResponseDestination;
}

export class RemoteAnswerRelay extends TypedEmitter<RemoteAnswerRelayEvents> {
  private readonly decider: RemoteAnswerDecider;
  private readonly log: LogOnce;
  private readonly logger: RelayLogger;
  private readonly now: () => number;
  private readonly notifyResponder: boolean;
  /** 200 OKs already sent, to answer retransmissions of the same NOTIFY again (RFC 3261 §17.2.1). */
  private readonly responses: ExpiringMap<string, SentResponse>;
  private readonly dnRateLimit: DnRateLimit;
  private readonly allRelays: TokenBucket;

  constructor(
    private readonly options: RemoteAnswerRelayOptions,
    private readonly context: RemoteAnswerRelayContext,
  ) {
    super();
    this.decider = new RemoteAnswerDecider(options);
    this.logger = context.logger ?? silentLogger;
    this.log = new LogOnce(this.logger);
    this.now = options.now ?? Date.now;
    this.notifyResponder = options.notifyResponder ?? true;
    if (this.notifyResponder && !context.responder) throw new TypeError('notifyResponder needs a SipResponder');
    this.responses = new ExpiringMap(options.dedupeWindowMs ?? 64_000, options.maxTracked ?? 50_000);
    this.dnRateLimit = new DnRateLimit(options.maxRelaysPerDnPerSecond ?? 2, options.relayBurstPerDn ?? 5, options.maxTracked ?? 50_000);
    this.allRelays = new TokenBucket(options.maxRelaysPerSecond ?? 100, options.relayBurst ?? 200, this.now());
  }

  /** Plugs into a HepListener. */
  hepDelegate(): HepListenerDelegate {
    return {
      onPacket: (packet, receivedAt) => {
        void this.handlePacket(packet, receivedAt);
      },
      onDrop: (reason, error) => this.dropped(reason, error),
      onSocketError: (error) => this.log.warn('hep:socket_error', { err: error }, 'HEP listener socket error'),
    };
  }

  /** Decides on and acts on one captured SIP message. Never rejects. */
  async handlePacket(packet: HepPacket, receivedAt: number = performance.now()): Promise<void> {
    this.context.metrics?.packet('accepted');
    try {
      await this.act(packet, receivedAt);
    } catch (error) {
      this.log.warn('internal_error', { err: error }, 'remote-answer relay failed on a packet');
    }
  }

  /**
   * The HTTP answer API: relays `event` (default talk) to the DN's browser, for CTI adapters that learn
   * of the answer request another way. Without `callUuid` the softphone applies its own policy.
   */
  async answer(
    dn: string,
    options: { event?: RemoteAnswerEvent; callUuid?: string } = {},
    receivedAt: number = performance.now(),
  ): Promise<RemoteAnswerResult> {
    const event = options.event ?? 'talk';
    if (!this.options.isAgentDn(dn)) return this.skip('http', event, 'unknown_dn');
    if (options.callUuid !== undefined && !isValidCallUuid(options.callUuid)) return this.skip('http', event, 'invalid_call_uuid');
    const request: RemoteAnswerRequest =
      options.callUuid === undefined ? { dn, event } : { dn, event, callUuid: options.callUuid };
    return this.relay('http', request, receivedAt);
  }

  private async act(packet: HepPacket, receivedAt: number): Promise<void> {
    const decision = this.decider.decide(packet, this.now());
    switch (decision.kind) {
      case 'ignore':
        this.context.metrics?.ignored(decision.reason);
        // Everyday traffic is not worth a log line; the odd kinds are, once each.
        if (!EVERYDAY_IGNORE_REASONS.has(decision.reason)) {
          const context = { reason: decision.reason, code: decision.error?.code, from: packet.source, to: packet.destination };
          this.log.warn(`hep:${decision.reason}`, context, 'ignored a captured message');
        }
        this.emit('ignored', { reason: decision.reason });
        return;
      case 'call_seen':
        return;
      case 'duplicate': {
        this.skip('hep', decision.event, 'duplicate');
        const sent = this.responses.get(decision.transaction, this.now());
        if (sent) await this.respond(sent, true);
        return;
      }
      case 'refuse':
        this.skip('hep', decision.event, decision.reason);
        return;
      case 'relay': {
        const result = await this.relay('hep', decision.request, receivedAt);
        if (result.outcome === 'notify_failed' || result.outcome === 'rate_limited') {
          // Let Genesys' retransmission of this NOTIFY try again; it is not answered until relayed.
          this.decider.forget(decision.transaction);
          return;
        }
        if (result.outcome !== 'relayed') return;
        if (!this.notifyResponder) return this.context.metrics?.response('disabled');
        if (decision.topVia.transport !== 'UDP') {
          this.context.metrics?.response('not_udp');
          this.log.warn('not_udp', { transport: decision.topVia.transport }, 'Genesys NOTIFY came over a reliable transport; only UDP NOTIFYs can be answered by the gateway');
          return;
        }
        const destination = responseDestination(decision.topVia, decision.receivedFrom);
        if (!matchesPeer({ address: destination.host, port: destination.port }, this.options.genesysAddresses)) {
          // The Via names a port the configured Genesys address does not have: a forgery or a
          // misconfiguration, never a reason to send packets somewhere else.
          this.context.metrics?.response('refused_destination');
          this.log.warn('refused_destination', { destination, from: decision.receivedFrom }, 'not answering a NOTIFY whose Via points away from the Genesys address it came from');
          return;
        }
        const sent = { text: buildResponse(decision.sip), destination };
        this.responses.set(decision.transaction, sent, this.now());
        await this.respond(sent, false);
        return;
      }
    }
  }

  private async relay(source: RemoteAnswerSource, request: RemoteAnswerRequest, receivedAt: number): Promise<RemoteAnswerResult> {
    if (!this.context.delegate.hasBrowser(request.dn)) return this.skip(source, request.event, 'no_browser', request);
    const now = this.now();
    // The total first, without taking: a DN over its own bound must not spend the others' budget.
    if (this.allRelays.waitMs(now) > 0 || !this.dnRateLimit.allow(request.dn, now) || !this.allRelays.take(now)) {
      return this.skip(source, request.event, 'rate_limited', request);
    }
    try {
      await this.context.delegate.sendNotify(request.dn, notifyHeaders(request));
    } catch (error) {
      this.log.warn('notify_failed', { dn: request.dn, err: error }, 'PJSIPNotify failed; the answer request was not relayed');
      return this.skip(source, request.event, 'notify_failed', request);
    }
    const latencyMs = performance.now() - receivedAt;
    this.context.metrics?.request(source, request.event, 'relayed');
    this.context.metrics?.relayed(source, latencyMs / 1000);
    this.logger.info({ source, dn: request.dn, event: request.event, callUuid: request.callUuid, latencyMs }, 'relayed remote answer to the browser');
    this.emit('relayed', { source, request, latencyMs });
    return { outcome: 'relayed', request };
  }

  private skip(
    source: RemoteAnswerSource,
    event: RemoteAnswerEvent,
    outcome: Exclude<RemoteAnswerOutcome, 'relayed'>,
    request?: RemoteAnswerRequest,
  ): RemoteAnswerResult {
    this.context.metrics?.request(source, event, outcome);
    if (outcome !== 'notify_failed') {
      this.log.warn(`${source}:${outcome}`, { source, event, outcome, dn: request?.dn }, 'remote-answer request not relayed');
    }
    this.emit('skipped', { source, outcome });
    return request ? { outcome, request } : { outcome };
  }

  private async respond(sent: SentResponse, retransmission: boolean): Promise<void> {
    try {
      await this.context.responder!.send(sent.text, sent.destination);
    } catch (error) {
      this.context.metrics?.response('failed');
      this.log.warn('response_failed', { destination: sent.destination, err: error }, 'could not send the 200 OK for a Genesys NOTIFY');
      return;
    }
    this.context.metrics?.response(retransmission ? 'resent' : 'sent');
    this.emit('responded', { ...sent, retransmission });
  }

  private dropped(reason: HepDropReason, error?: HepError): void {
    this.context.metrics?.packet(reason);
    this.log.warn(`hep:${reason}`, { reason, code: error?.code, detail: error?.message }, 'dropped a HEP packet');
    this.emit('dropped', { reason });
  }
}
