// A browser's quality report (`POST /api/dns/:dn/quality`) read strictly: the body comes from a
// desktop, so every number is bounded, every name comes from a known set, unknown fields are dropped
// and nothing of the input is echoed back in the problem.
import { z } from 'zod';
import { CANDIDATE_TYPES, MAX_REPORTED_WARNINGS, QUALITY_WARNING_NAMES, isGenesysCallUuid, type BrowserQualityReport } from '@wwe-webrtc/shared';
import { GatewayError } from '../errors.js';

/** The body is not a quality report; `problems` name the fields (`mos.avg: …`). */
export class QualityReportError extends GatewayError {
  constructor(readonly problems: readonly string[]) {
    super('QUALITY_REPORT_INVALID', `not a quality report: ${problems.join('; ')}`);
  }
}

/** Unix ms between 2001 and 2286: a browser's clock may be off, not absurd. */
const time = z.number().int().min(1e12).max(1e13);

function metric(min: number, max: number) {
  const value = z.number().min(min).max(max);
  return z.object({ min: value, avg: value, max: value }).refine((m) => m.min <= m.avg && m.avg <= m.max, 'needs min ≤ avg ≤ max');
}

const reportSchema = z.object({
  callUuid: z.string().refine(isGenesysCallUuid, 'is not a Genesys call UUID').optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  endReason: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'is not an end reason').optional(),
  samples: z.number().int().min(0).max(1_000_000),
  firstSampleAt: time.optional(),
  lastSampleAt: time.optional(),
  codec: z.string().regex(/^[A-Za-z0-9./-]{1,32}$/, 'is not a codec name').optional(),
  candidate: z
    .object({
      local: z.enum(CANDIDATE_TYPES).optional(),
      remote: z.enum(CANDIDATE_TYPES).optional(),
      protocol: z.enum(['udp', 'tcp']).optional(),
      relayProtocol: z.enum(['udp', 'tcp', 'tls']).optional(),
      networkType: z.string().regex(/^[a-z0-9-]{1,20}$/, 'is not a network type').optional(),
    })
    .optional(),
  mos: metric(1, 5).optional(),
  rttMs: metric(0, 60_000).optional(),
  jitterMs: metric(0, 60_000).optional(),
  packetLoss: metric(0, 1).optional(),
  audioInputLevel: metric(0, 1).optional(),
  warnings: z
    .array(z.object({ name: z.enum(QUALITY_WARNING_NAMES), raisedAt: time, clearedAt: time.optional() }))
    .max(MAX_REPORTED_WARNINGS)
    .default([]),
});

/** The report in `body`, without unknown fields; throws `QualityReportError` naming up to five problems. */
export function readBrowserQualityReport(body: unknown): BrowserQualityReport {
  const result = reportSchema.safeParse(body);
  if (result.success) return withoutUndefined(result.data) as BrowserQualityReport;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
  throw new QualityReportError(problems);
}

/** `exactOptionalPropertyTypes`: an absent field stays absent rather than `undefined`. */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
