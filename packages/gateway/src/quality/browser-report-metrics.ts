import { Counter, Histogram, type Registry } from 'prom-client';
import type { BrowserQualityReport } from '@wwe-webrtc/shared';

/**
 * Browsers' own quality reports in /metrics: how requests ended, the MOS each browser estimated over
 * its call by DN range and local candidate type (`relay`: through TURN), and the calls on which a
 * browser raised each warning (`constant-audio-input-level`: a dead or muted-in-hardware microphone;
 * `ice-disconnected`: the agent's network dropped).
 */
export class BrowserReportMetrics {
  readonly #requests: Counter<'route' | 'result'>;
  readonly #mos: Histogram<'dn_range' | 'candidate'>;
  readonly #warnings: Counter<'warning' | 'dn_range'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#requests = new Counter({ name: 'wwe_gateway_browser_quality_requests_total', help: 'Browser quality report nonce and report requests by result', labelNames: ['route', 'result'], registers });
    this.#mos = new Histogram({
      name: 'wwe_gateway_browser_call_mos',
      help: "Browsers' own E-model MOS estimate of each reported call (average over the call), by DN range and local ICE candidate type",
      labelNames: ['dn_range', 'candidate'],
      buckets: [1, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4],
      registers,
    });
    this.#warnings = new Counter({ name: 'wwe_gateway_browser_quality_warnings_total', help: 'Reported calls on which the browser raised each quality warning, by DN range', labelNames: ['warning', 'dn_range'], registers });
  }

  request(route: 'nonce' | 'report', result: string): void {
    this.#requests.inc({ route, result });
  }

  observe(report: BrowserQualityReport, dnRange: string | undefined): void {
    const range = dnRange ?? 'none';
    if (report.mos) this.#mos.observe({ dn_range: range, candidate: report.candidate?.local ?? 'unknown' }, report.mos.avg);
    for (const warning of new Set(report.warnings.map((w) => w.name))) this.#warnings.inc({ warning, dn_range: range });
  }
}
