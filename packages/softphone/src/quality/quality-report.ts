// The summary a softphone sends its gateway when a call ends (`qualityReport` option): the call's
// quality summary in the wire shape both ends share, with the Genesys call UUID that joins it to
// Asterisk's own measurements. Pure.
import { MAX_REPORTED_WARNINGS, type BrowserMetricSummary, type BrowserQualityReport } from '@wwe-webrtc/shared';
import type { CallDirection, CallEndReason } from '../calls/call-state.js';
import type { MetricSummary, QualitySummary } from './quality-summary.js';

export type { BrowserQualityReport as CallQualityReport } from '@wwe-webrtc/shared';

/** What the report says of the call besides its quality. */
export interface ReportedCall {
  readonly genesysCallUuid: string | undefined;
  readonly direction: CallDirection;
  readonly endReason: CallEndReason | undefined;
}

/** Builds the report; numbers are clamped to what the gateway accepts, warnings kept to the first 32. */
export function buildQualityReport(summary: QualitySummary, call: ReportedCall): BrowserQualityReport {
  const pair = summary.candidatePair;
  const report: Record<string, unknown> = {
    callUuid: call.genesysCallUuid,
    direction: call.direction,
    endReason: call.endReason,
    samples: summary.samples,
    firstSampleAt: summary.firstSampleAt,
    lastSampleAt: summary.lastSampleAt,
    codec: summary.codec,
    candidate: pair && { local: pair.local, remote: pair.remote, protocol: pair.protocol, relayProtocol: pair.relayProtocol, networkType: pair.networkType },
    mos: clamp(summary.mos, 1, 5),
    rttMs: clamp(summary.rttMs, 0, 60_000),
    jitterMs: clamp(summary.jitterMs, 0, 60_000),
    packetLoss: clamp(summary.packetLoss, 0, 1),
    audioInputLevel: clamp(summary.audioInputLevel, 0, 1),
    warnings: summary.warnings.slice(0, MAX_REPORTED_WARNINGS).map(({ name, raisedAt, clearedAt }) => (clearedAt === undefined ? { name, raisedAt } : { name, raisedAt, clearedAt })),
  };
  // JSON drops the fields nothing was measured for.
  return JSON.parse(JSON.stringify(report)) as BrowserQualityReport;
}

function clamp(metric: MetricSummary | undefined, low: number, high: number): BrowserMetricSummary | undefined {
  if (!metric) return undefined;
  const bound = (value: number) => Math.min(high, Math.max(low, value));
  return { min: bound(metric.min), avg: bound(metric.avg), max: bound(metric.max) };
}
