/** A warning threshold with hysteresis: raised beyond `raise`, cleared only once back past `clear`. */
export interface QualityThreshold {
  readonly raise: number;
  readonly clear: number;
}

/** When each quality warning is raised and cleared. Higher is worse except for `mos`. */
export interface QualityThresholds {
  /** Round-trip time of the media path, ms. Default raise 400, clear 300. */
  readonly rttMs: QualityThreshold;
  /** Interarrival jitter, the worse direction, ms. Default raise 30, clear 20. */
  readonly jitterMs: QualityThreshold;
  /** Packets lost, the worse direction, 0…1. Default raise 0.03 (3 %), clear 0.01. */
  readonly packetLoss: QualityThreshold;
  /** Estimated MOS, the worse direction; lower is worse. Default raise 3.5, clear 3.8. */
  readonly mos: QualityThreshold;
  /**
   * The microphone level staying within `tolerance` (0…1) for `seconds` while the call is neither
   * muted nor held: a dead, unplugged or hardware-muted microphone. Default 10 s, 0.001.
   */
  readonly constantAudioInputLevel: { readonly seconds: number; readonly tolerance: number };
}

export interface QualityOptions {
  /** Sample `getStats()` on every call. Default `true`. */
  enabled?: boolean;
  /** Time between samples, ms (≥ 250). Default `1000`. */
  sampleIntervalMs?: number;
  /** Replace any threshold; the others keep their defaults. */
  thresholds?: Partial<QualityThresholds>;
  /** A warning is raised when `samples` of the last `window` samples are past `raise`. Default 3 of 5. */
  raiseAfter?: { samples: number; window: number };
  /** A raised warning clears after this many samples in a row back past `clear`. Default `5`. */
  clearAfterSamples?: number;
}

export interface ResolvedQualityOptions {
  readonly enabled: boolean;
  readonly sampleIntervalMs: number;
  readonly thresholds: QualityThresholds;
  readonly raiseAfter: { readonly samples: number; readonly window: number };
  readonly clearAfterSamples: number;
}

export const DEFAULT_QUALITY_OPTIONS: ResolvedQualityOptions = {
  enabled: true,
  sampleIntervalMs: 1000,
  thresholds: {
    rttMs: { raise: 400, clear: 300 },
    jitterMs: { raise: 30, clear: 20 },
    packetLoss: { raise: 0.03, clear: 0.01 },
    mos: { raise: 3.5, clear: 3.8 },
    constantAudioInputLevel: { seconds: 10, tolerance: 0.001 },
  },
  raiseAfter: { samples: 3, window: 5 },
  clearAfterSamples: 5,
};

/** Fills defaults and checks the values; returns the problem as a sentence, or the options. */
export function resolveQualityOptions(options: QualityOptions | undefined): ResolvedQualityOptions | string {
  const defaults = DEFAULT_QUALITY_OPTIONS;
  const resolved: ResolvedQualityOptions = {
    enabled: options?.enabled ?? defaults.enabled,
    sampleIntervalMs: options?.sampleIntervalMs ?? defaults.sampleIntervalMs,
    thresholds: { ...defaults.thresholds, ...options?.thresholds },
    raiseAfter: options?.raiseAfter ?? defaults.raiseAfter,
    clearAfterSamples: options?.clearAfterSamples ?? defaults.clearAfterSamples,
  };
  if (!Number.isFinite(resolved.sampleIntervalMs) || resolved.sampleIntervalMs < 250) return 'options.quality.sampleIntervalMs must be a number of ms ≥ 250.';
  const { samples, window } = resolved.raiseAfter;
  if (!Number.isInteger(samples) || !Number.isInteger(window) || samples < 1 || window < samples) {
    return 'options.quality.raiseAfter must be whole numbers with 1 ≤ samples ≤ window.';
  }
  if (!Number.isInteger(resolved.clearAfterSamples) || resolved.clearAfterSamples < 1) return 'options.quality.clearAfterSamples must be a whole number ≥ 1.';
  const { thresholds } = resolved;
  for (const name of ['rttMs', 'jitterMs', 'packetLoss'] as const) {
    const { raise, clear } = thresholds[name];
    if (!(Number.isFinite(raise) && Number.isFinite(clear) && clear <= raise && clear >= 0)) {
      return `options.quality.thresholds.${name} needs 0 ≤ clear ≤ raise.`;
    }
  }
  if (!(Number.isFinite(thresholds.mos.raise) && Number.isFinite(thresholds.mos.clear) && thresholds.mos.raise <= thresholds.mos.clear)) {
    return 'options.quality.thresholds.mos needs raise ≤ clear (a MOS below raise is poor).';
  }
  const constant = thresholds.constantAudioInputLevel;
  if (!(constant.seconds > 0 && constant.tolerance >= 0)) return 'options.quality.thresholds.constantAudioInputLevel needs seconds > 0 and tolerance ≥ 0.';
  return resolved;
}
