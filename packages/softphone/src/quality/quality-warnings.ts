// Quality warnings with hysteresis, from samples alone (pure, no timers). A metric warning is raised
// when `raiseAfter.samples` of the last `raiseAfter.window` samples are past its `raise` threshold and
// cleared after `clearAfterSamples` samples in a row back past `clear`, so a value hovering at a
// threshold neither flaps nor hides. ICE state is not a metric: it raises and clears at once.
import type { QualityWarningName as SharedQualityWarningName } from '@wwe-webrtc/shared';
import type { ResolvedQualityOptions } from './quality-options.js';
import { worseJitterMs, worsePacketLoss, type CallQualitySample } from './quality-sample.js';

/** `high-rtt`, `high-jitter`, `high-packet-loss`, `low-mos`, `constant-audio-input-level`, `ice-disconnected`. */
export type QualityWarningName = SharedQualityWarningName;

/** A warning raised or cleared. */
export interface QualityWarning {
  readonly name: QualityWarningName;
  readonly state: 'raised' | 'cleared';
  /** The value that decided it (ms, ratio, MOS, audio level; the ICE state for `ice-disconnected`). */
  readonly value: number | string | undefined;
  /** The threshold it crossed (`raise` when raised, `clear` when cleared); none for ICE. */
  readonly threshold: number | undefined;
  /** Time of the sample or state change, ms. */
  readonly at: number;
}

/** What the sample does not say: whether the agent's audio is meant to be silent. */
export interface SampleContext {
  /** Muted or held: a flat microphone level is expected then. */
  readonly inputSilenced: boolean;
}

type MetricName = Exclude<QualityWarningName, 'constant-audio-input-level' | 'ice-disconnected'>;

interface Metric {
  readonly name: MetricName;
  readonly value: (sample: CallQualitySample) => number | undefined;
  /** True when lower values are worse (MOS). */
  readonly lowerIsWorse: boolean;
  readonly threshold: (options: ResolvedQualityOptions) => { raise: number; clear: number };
}

const METRICS: readonly Metric[] = [
  { name: 'high-rtt', value: (s) => s.rttMs, lowerIsWorse: false, threshold: (o) => o.thresholds.rttMs },
  { name: 'high-jitter', value: (s) => worseJitterMs(s), lowerIsWorse: false, threshold: (o) => o.thresholds.jitterMs },
  { name: 'high-packet-loss', value: (s) => worsePacketLoss(s), lowerIsWorse: false, threshold: (o) => o.thresholds.packetLoss },
  { name: 'low-mos', value: (s) => s.mos, lowerIsWorse: true, threshold: (o) => o.thresholds.mos },
];

interface MetricState {
  active: boolean;
  /** Recent samples past `raise`, newest last, at most `window` long. */
  readonly recent: boolean[];
  /** Samples in a row back past `clear`. */
  good: number;
}

export class QualityWarnings {
  readonly #options: ResolvedQualityOptions;
  readonly #metrics = new Map<MetricName, MetricState>();
  /** Lowest and highest microphone level, and samples counted, since the level last moved. */
  #flat: { min: number; max: number; samples: number } | undefined;
  #constantInput = false;
  #iceDisconnected = false;

  constructor(options: ResolvedQualityOptions) {
    this.#options = options;
    for (const metric of METRICS) this.#metrics.set(metric.name, { active: false, recent: [], good: 0 });
  }

  /** Names of the warnings raised now. */
  get active(): QualityWarningName[] {
    const names: QualityWarningName[] = METRICS.filter((m) => this.#metrics.get(m.name)!.active).map((m) => m.name);
    if (this.#constantInput) names.push('constant-audio-input-level');
    if (this.#iceDisconnected) names.push('ice-disconnected');
    return names;
  }

  /** Feeds one sample; returns the warnings it raised or cleared. */
  sample(sample: CallQualitySample, context: SampleContext): QualityWarning[] {
    const changes: QualityWarning[] = [];
    const { raiseAfter, clearAfterSamples } = this.#options;
    for (const metric of METRICS) {
      const value = metric.value(sample);
      if (value === undefined) continue;
      const state = this.#metrics.get(metric.name)!;
      const { raise, clear } = metric.threshold(this.#options);
      const bad = metric.lowerIsWorse ? value < raise : value > raise;
      const good = metric.lowerIsWorse ? value >= clear : value <= clear;
      state.recent.push(bad);
      if (state.recent.length > raiseAfter.window) state.recent.shift();
      state.good = good ? state.good + 1 : 0;
      if (!state.active && state.recent.filter(Boolean).length >= raiseAfter.samples) {
        state.active = true;
        state.good = 0;
        changes.push({ name: metric.name, state: 'raised', value, threshold: raise, at: sample.at });
      } else if (state.active && state.good >= clearAfterSamples) {
        state.active = false;
        state.recent.length = 0;
        changes.push({ name: metric.name, state: 'cleared', value, threshold: clear, at: sample.at });
      }
    }
    const input = this.#inputLevel(sample, context);
    if (input) changes.push(input);
    return changes;
  }

  /** Feeds an ICE connection state change; returns the warning it raised or cleared, if any. */
  iceState(state: RTCIceConnectionState, at: number): QualityWarning | undefined {
    const down = state === 'disconnected' || state === 'failed';
    const up = state === 'connected' || state === 'completed';
    if (down && !this.#iceDisconnected) {
      this.#iceDisconnected = true;
      return { name: 'ice-disconnected', state: 'raised', value: state, threshold: undefined, at };
    }
    if (up && this.#iceDisconnected) {
      this.#iceDisconnected = false;
      return { name: 'ice-disconnected', state: 'cleared', value: state, threshold: undefined, at };
    }
    return undefined;
  }

  #inputLevel(sample: CallQualitySample, context: SampleContext): QualityWarning | undefined {
    const level = sample.outbound.audioLevel;
    const { seconds, tolerance } = this.#options.thresholds.constantAudioInputLevel;
    if (level === undefined || context.inputSilenced) {
      // Silence is expected while muted or held; start over afterwards. A raised warning stays until the
      // level moves: unmuting does not repair a dead microphone.
      this.#flat = undefined;
      return undefined;
    }
    const flat = this.#flat ?? { min: level, max: level, samples: 0 };
    flat.min = Math.min(flat.min, level);
    flat.max = Math.max(flat.max, level);
    flat.samples += 1;
    if (flat.max - flat.min > tolerance) {
      this.#flat = { min: level, max: level, samples: 1 };
      if (!this.#constantInput) return undefined;
      this.#constantInput = false;
      return { name: 'constant-audio-input-level', state: 'cleared', value: level, threshold: tolerance, at: sample.at };
    }
    this.#flat = flat;
    // Counted in samples, not sample times: `seconds` of flat level span that many intervals.
    if (!this.#constantInput && flat.samples > Math.ceil((seconds * 1000) / this.#options.sampleIntervalMs)) {
      this.#constantInput = true;
      return { name: 'constant-audio-input-level', state: 'raised', value: level, threshold: tolerance, at: sample.at };
    }
    return undefined;
  }
}
