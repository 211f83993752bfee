import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CallQualityTable, QualityObservation } from './call-quality-table.js';

const LABELS = ['leg', 'direction', 'dn_range'] as const;

/**
 * Call quality in /metrics: one observation per RTCP report (every 5 s per leg and direction), by leg
 * (`browser`: the agent's WebRTC leg; `trunk`: toward Genesys), direction (`to_asterisk`: the far end's
 * audio as Asterisk received it; `from_asterisk`: Asterisk's audio as the far end reports it) and the
 * configured DN range of the call's agent (`none` when no agent DN is known).
 */
export class QualityMetrics {
  readonly #mos: Histogram<(typeof LABELS)[number]>;
  readonly #jitter: Histogram<(typeof LABELS)[number]>;
  readonly #loss: Histogram<(typeof LABELS)[number]>;
  readonly #rtt: Histogram<'leg' | 'dn_range'>;
  readonly #reports: Counter<'event'>;

  constructor(registry: Registry, table: CallQualityTable) {
    const registers = [registry];
    const perStream = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames: LABELS, buckets, registers });
    this.#mos = perStream('wwe_gateway_call_mos', 'E-model MOS estimate of each RTCP report (1–4.41), by leg, direction and DN range', [1, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4]);
    this.#jitter = perStream('wwe_gateway_call_jitter_seconds', 'Interarrival jitter of each RTCP report, by leg, direction and DN range', [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5]);
    this.#loss = perStream('wwe_gateway_call_packet_loss_ratio', 'Fraction of packets lost since the previous RTCP report, by leg, direction and DN range', [0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5]);
    this.#rtt = new Histogram({
      name: 'wwe_gateway_call_rtt_seconds',
      help: 'Round trip between Asterisk and the far end of a leg, from its RTCP receiver reports',
      labelNames: ['leg', 'dn_range'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1],
      registers,
    });
    this.#reports = new Counter({ name: 'wwe_gateway_rtcp_reports_total', help: 'AMI RTCPSent/RTCPReceived events read', labelNames: ['event'], registers });
    new Gauge({ name: 'wwe_gateway_calls_measured', help: 'Calls with RTCP reports in the last leg timeout', registers, collect() { this.set(table.size); } });
    new Gauge({
      name: 'wwe_gateway_calls_below_threshold',
      help: 'Live calls whose worst latest MOS (any leg, any direction) is below the configured threshold',
      registers,
      collect() {
        this.set(table.belowThreshold().length);
      },
    });
  }

  report(event: 'RTCPSent' | 'RTCPReceived' | 'unreadable'): void {
    this.#reports.inc({ event });
  }

  observe(observation: QualityObservation): void {
    const dnRange = observation.dnRange ?? 'none';
    const labels = { leg: observation.leg, direction: observation.direction, dn_range: dnRange };
    if (observation.stream) {
      this.#mos.observe(labels, observation.stream.mos);
      this.#jitter.observe(labels, observation.stream.jitterMs / 1000);
      this.#loss.observe(labels, observation.stream.packetLoss);
    }
    if (observation.rttMs !== undefined) this.#rtt.observe({ leg: observation.leg, dn_range: dnRange }, observation.rttMs / 1000);
  }
}
