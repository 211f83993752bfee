import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { HepDropReason, HepListener } from '../hep/hep-listener.js';
import type { IgnoreReason, RefuseReason } from './remote-answer-decider.js';
import type { RemoteAnswerEvent, RemoteAnswerSource } from './remote-answer-request.js';

/** Final outcome of one remote-answer request (a Genesys NOTIFY transaction, or an HTTP call). */
export type RemoteAnswerOutcome = 'relayed' | 'duplicate' | 'no_browser' | 'rate_limited' | 'notify_failed' | RefuseReason;

/** What happened to the 200 OK for a relayed NOTIFY. */
export type SipResponseResult = 'sent' | 'resent' | 'failed' | 'not_udp' | 'disabled' | 'refused_destination';

/** The relay's Prometheus metrics, registered on the gateway's registry. */
export class RemoteAnswerMetrics {
  readonly hepPackets: Counter<'result'>;
  readonly ignoredMessages: Counter<'reason'>;
  readonly requests: Counter<'source' | 'event' | 'outcome'>;
  readonly responses: Counter<'result'>;
  readonly relayLatency: Histogram<'source'>;

  private readonly registers: Registry[];

  constructor(registry: Registry) {
    const registers = [registry];
    this.registers = registers;
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

  /**
   * The listener's kernel-side numbers, read at scrape time: datagrams the kernel dropped on a full
   * receive buffer (never seen by the gateway, so not in `hepPackets`), bytes waiting, buffer granted.
   */
  observeListener(listener: Pick<HepListener, 'kernelStats' | 'receiveBufferBytes'>): void {
    const registers = this.registers;
    let counted = 0;
    new Counter({
      name: 'wwe_gateway_hep_kernel_drops_total',
      help: 'HEP datagrams the kernel dropped because the socket receive buffer was full (Linux; read from /proc/net/udp)',
      registers,
      collect() {
        const drops = listener.kernelStats()?.drops ?? counted;
        if (drops > counted) this.inc(drops - counted);
        counted = drops;
      },
    });
    new Gauge({ name: 'wwe_gateway_hep_receive_queue_bytes', help: 'Bytes of HEP datagrams waiting in the socket receive buffer', registers, collect() { this.set(listener.kernelStats()?.queuedBytes ?? 0); } });
    new Gauge({ name: 'wwe_gateway_hep_receive_buffer_bytes', help: 'Socket receive buffer the kernel granted the HEP listener', registers, collect() { this.set(listener.receiveBufferBytes); } });
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
