import type { QualitySummary } from './quality-summary.js';

/** The summary of a call without samples (before media flows, or with quality sampling off). */
export function emptyQualitySummary(): QualitySummary {
  return {
    samples: 0,
    firstSampleAt: undefined,
    lastSampleAt: undefined,
    codec: undefined,
    candidatePair: undefined,
    mos: undefined,
    rttMs: undefined,
    jitterMs: undefined,
    packetLoss: undefined,
  audioInputLevel: undefined,
    warnings: [],
  };
}
