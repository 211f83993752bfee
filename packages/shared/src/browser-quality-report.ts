// What an agent's browser tells the gateway about a call when it ends: the softphone builds it from
// `call.qualitySummary`, the gateway validates it and joins it by Genesys call UUID with what Asterisk
// measured on the same call. One definition, so both ends agree on names and bounds.

/** Every quality warning the softphone raises, in one list (the gateway accepts only these). */
export const QUALITY_WARNING_NAMES = ['high-rtt', 'high-jitter', 'high-packet-loss', 'low-mos', 'constant-audio-input-level', 'ice-disconnected'] as const;

export type QualityWarningName = (typeof QUALITY_WARNING_NAMES)[number];

/** ICE candidate types (RFC 8445). */
export const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;

export interface BrowserMetricSummary {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
}

/** `POST /api/dns/:dn/quality` body (JSON). Times are Unix ms; absent fields were not measured. */
export interface BrowserQualityReport {
  /** `X-Genesys-CallUUID` of the call: how the gateway finds Asterisk's legs of it. */
  readonly callUuid?: string;
  readonly direction?: 'incoming' | 'outgoing';
  /** Why the call ended (`remote-hangup`, `local-hangup`, …). */
  readonly endReason?: string;
  readonly samples: number;
  readonly firstSampleAt?: number;
  readonly lastSampleAt?: number;
  /** RTP codec of the received audio (`PCMU`, `opus`). */
  readonly codec?: string;
  /** The candidate pair media ended on: `relay` means through TURN; `networkType` `wifi`, `ethernet`… */
  readonly candidate?: {
    readonly local?: (typeof CANDIDATE_TYPES)[number];
    readonly remote?: (typeof CANDIDATE_TYPES)[number];
    readonly protocol?: string;
    readonly relayProtocol?: string;
    readonly networkType?: string;
  };
  /** E-model MOS over the call's samples (the softphone's estimate, the worse direction). */
  readonly mos?: BrowserMetricSummary;
  readonly rttMs?: BrowserMetricSummary;
  readonly jitterMs?: BrowserMetricSummary;
  /** 0…1. */
  readonly packetLoss?: BrowserMetricSummary;
  /** The microphone's level, 0…1, while the call was neither muted nor held. */
  readonly audioInputLevel?: BrowserMetricSummary;
  /** Every warning raised during the call, in order; `clearedAt` absent when the call ended with it. */
  readonly warnings: ReadonlyArray<{ readonly name: QualityWarningName; readonly raisedAt: number; readonly clearedAt?: number }>;
}

/** The most warnings a report may carry: the first ones (a call flapping for hours is not listed in full). */
export const MAX_REPORTED_WARNINGS = 32;

/** The largest report body the gateway reads, bytes (a full report with every warning is under 4 KiB). */
export const MAX_QUALITY_REPORT_BYTES = 4096;
