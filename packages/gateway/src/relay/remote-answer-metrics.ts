import { Counter, Histogram, type Registry } from 'prom-client';
import type { HepDropReason } from '../hep/hep-listener.js';
import type { IgnoreReason, RefuseReason } from './remote-answer-decider.js';
import type { RemoteAnswerEvent, RemoteAnswerSource } from './remote-answer-request.js';

/** Final outcome of one remote-answer request (a Genesys NOTIFY transaction, or an HTTP call). */
export type RemoteAnswerOutcome = 'relayed' | 'duplicate' | 'no_browser' | 'rate_limited' | 'notify_failed' | RefuseReason;

/** What happened to the 200 OK for a relayed NOTIFY. */
export type SipResponseResult = 'sent' | 'resent' | 'failed' | 'not_udp' | 'disabled';

/** The relay's Prometheus metrics, registered on the gateway's registry. */
export class RemoteAnswerMetrics {
  readonly hepPackets: Counter<'result'>;
  readonly ignoredMessages: Counter<'reason'>;
  readonly requests: Counter<'source' | 'event' | 'outcome'>;
  readonly responses: Counter<'result'>;
  readonly relayLatency: Histogram<'source'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.hepPackets = new Counter({
      name: 'wwe_gateway_hep_packets_total',
      help: 'HEP datagrams received, by result (accepted, or why dropped)',
      labelNames: ['result'],
      registers,
    });
    this.ignoredMessages = new Counter({
      name: 'wwe_gateway_hep_messages_ignored_total',
      help: 'Accepted HEP packets the remote-answer relay did not act on, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.requests = new Counter({
      name: 'wwe_gateway_remote_answer_requests_total',
      help: 'Remote-answer requests (Genesys NOTIFY talk/hold, HTTP answer API), by outcome',
      labelNames: ['source', 'event', 'outcome'],
      registers,
    });
    this.responses = new Counter({
      name: 'wwe_gateway_remote_answer_sip_responses_total',
      help: '200 OK responses to Genesys NOTIFYs sent on Asterisk\'s behalf, by result',
      labelNames: ['result'],
      registers,
    });
    this.relayLatency = new Histogram({
      name: 'wwe_gateway_remote_answer_relay_seconds',
      help: 'From the request arriving (HEP packet, HTTP call) to Asterisk accepting the PJSIPNotify',
      labelNames: ['source'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }

  packet(result: 'accepted' | HepDropReason): void {
    this.hepPackets.inc({ result });
  }

  ignored(reason: IgnoreReason): void {
    this.ignoredMessages.inc({ reason });
  }

  request(source: RemoteAnswerSource, event: RemoteAnswerEvent, outcome: RemoteAnswerOutcome): void {
    this.requests.inc({ source, event, outcome });
  }

  response(result: SipResponseResult): void {
    this.responses.inc({ result });
  }

  relayed(source: RemoteAnswerSource, seconds: number): void {
    this.relayLatency.observe({ source }, seconds);
  }
}
