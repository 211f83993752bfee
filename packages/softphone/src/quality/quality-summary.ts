// A call's quality in a few numbers: min/avg/max of each metric over its samples, and every warning
// raised with how long it lasted. Pure; fed by the quality monitor, read as `call.qualitySummary`.
import { worseJitterMs, worsePacketLoss, type CallQualitySample, type SelectedCandidatePair } from './quality-sample.js';
import type { QualityWarning, QualityWarningName } from './quality-warnings.js';

export interface MetricSummary {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
}

/** One raised warning; `clearedAt` is absent while it is still raised (or the call ended with it). */
export interface WarningEpisode {
  readonly name: QualityWarningName;
  readonly raisedAt: number;
  readonly clearedAt?: number;
}

export interface QualitySummary {
  /** Samples taken. */
  readonly samples: number;
  /** Times of the first and last sample, ms. */
  readonly firstSampleAt: number | undefined;
  readonly lastSampleAt: number | undefined;
  readonly codec: string | undefined;
  /** The candidate pair of the last sample (the one media ended on). */
  readonly candidatePair: SelectedCandidatePair | undefined;
  readonly mos: MetricSummary | undefined;
  readonly rttMs: MetricSummary | undefined;
  /** The worse direction's jitter, per sample. */
  readonly jitterMs: MetricSummary | undefined;
  /** The worse direction's packet loss, per sample. */
  readonly packetLoss: MetricSummary | undefined;
  /** The microphone's level (0…1) while the call was neither muted nor held: all 0 is a dead microphone. */
  readonly audioInputLevel: MetricSummary | undefined;
  /** Every warning raised during the call, in order. */
  readonly warnings: readonly WarningEpisode[];
}

class Accumulator {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  count = 0;

  add(value: number | undefined): void {
    if (value === undefined) return;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.sum += value;
    this.count += 1;
  }

  summary(digits: number): MetricSummary | undefined {
    if (this.count === 0) return undefined;
    const round = (value: number) => Math.round(value * 10 ** digits) / 10 ** digits;
    return { min: round(this.min), avg: round(this.sum / this.count), max: round(this.max) };
  }
}

export class QualitySummaryBuilder {
  readonly #mos = new Accumulator();
  readonly #rtt = new Accumulator();
  readonly #jitter = new Accumulator();
  readonly #loss = new Accumulator();
  readonly #inputLevel = new Accumulator();
  readonly #episodes: Array<{ name: QualityWarningName; raisedAt: number; clearedAt?: number }> = [];
  #samples = 0;
  #first: number | undefined;
  #last: CallQualitySample | undefined;

  /** `inputSilenced`: muted or held at the sample, so the microphone's level says nothing. */
  addSample(sample: CallQualitySample, inputSilenced = false): void {
    this.#samples += 1;
    this.#first ??= sample.at;
    this.#last = sample;
    this.#mos.add(sample.mos);
    this.#rtt.add(sample.rttMs);
    this.#jitter.add(worseJitterMs(sample));
    this.#loss.add(worsePacketLoss(sample));
    if (!inputSilenced) this.#inputLevel.add(sample.outbound.audioLevel);
  }

  addWarning(warning: QualityWarning): void {
    if (warning.state === 'raised') {
      this.#episodes.push({ name: warning.name, raisedAt: warning.at });
      return;
    }
    const open = this.#episodes.findLast((episode) => episode.name === warning.name && episode.clearedAt === undefined);
    if (open) open.clearedAt = warning.at;
  }

  build(): QualitySummary {
    return {
      samples: this.#samples,
      firstSampleAt: this.#first,
      lastSampleAt: this.#last?.at,
      codec: this.#last?.codec,
      candidatePair: this.#last?.candidatePair,
      mos: this.#mos.summary(2),
      rttMs: this.#rtt.summary(1),
      jitterMs: this.#jitter.summary(1),
      packetLoss: this.#loss.summary(4),
      audioInputLevel: this.#inputLevel.summary(4),
      warnings: this.#episodes.map((episode) => ({ ...episode })),
    };
  }
}
