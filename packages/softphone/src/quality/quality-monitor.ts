// The I/O around the quality pieces: samples `getStats()` on a timer, follows the ICE connection
// state, and reports samples, warnings and the summary to its delegate.
import type { ResolvedQualityOptions } from './quality-options.js';
import { qualitySample, readStats, type CallQualitySample, type StatsReading } from './quality-sample.js';
import { QualitySummaryBuilder, type QualitySummary } from './quality-summary.js';
import { QualityWarnings, type QualityWarning, type QualityWarningName } from './quality-warnings.js';

/** The peer connection as the monitor uses it (a real `RTCPeerConnection`, or a scripted one in tests). */
export type MonitoredConnection = Pick<RTCPeerConnection, 'getStats' | 'iceConnectionState' | 'addEventListener' | 'removeEventListener'>;

export interface QualityMonitorDelegate {
  sample(sample: CallQualitySample): void;
  warning(warning: QualityWarning): void;
  /** `getStats()` failed (the connection is closing); sampling goes on. */
  failed?(error: unknown): void;
}

export class QualityMonitor {
  readonly #connection: MonitoredConnection;
  readonly #options: ResolvedQualityOptions;
  readonly #delegate: QualityMonitorDelegate;
  readonly #inputSilenced: () => boolean;
  readonly #warnings: QualityWarnings;
  readonly #summary = new QualitySummaryBuilder();
  readonly #onIceChange = (): void => this.#iceChanged();
  #previous: StatsReading | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy = false;
  #stopped = false;

  /** `inputSilenced`: whether the call is muted or held now (a flat microphone is expected then). */
  constructor(connection: MonitoredConnection, options: ResolvedQualityOptions, delegate: QualityMonitorDelegate, inputSilenced: () => boolean) {
    this.#connection = connection;
    this.#options = options;
    this.#delegate = delegate;
    this.#inputSilenced = inputSilenced;
    this.#warnings = new QualityWarnings(options);
  }

  /** Warnings raised now. */
  get activeWarnings(): QualityWarningName[] {
    return this.#warnings.active;
  }

  get summary(): QualitySummary {
    return this.#summary.build();
  }

  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#connection.addEventListener('iceconnectionstatechange', this.#onIceChange);
    this.#iceChanged();
    this.#timer = setInterval(() => void this.sampleNow(), this.#options.sampleIntervalMs);
  }

  /** Stops sampling; warnings still raised stay open in the summary (the call ended with them). */
  stop(): QualitySummary {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#connection.removeEventListener('iceconnectionstatechange', this.#onIceChange);
    return this.summary;
  }

  /** Takes one sample now (the timer calls this; tests may too). Skipped while one is in flight. */
  async sampleNow(): Promise<CallQualitySample | undefined> {
    if (this.#busy || this.#stopped) return undefined;
    this.#busy = true;
    try {
      const reading = readStats(await this.#connection.getStats(), Date.now());
      if (this.#stopped) return undefined;
      const sample = qualitySample(reading, this.#previous);
      this.#previous = reading;
      const inputSilenced = this.#inputSilenced();
      this.#summary.addSample(sample, inputSilenced);
      this.#delegate.sample(sample);
      for (const warning of this.#warnings.sample(sample, { inputSilenced })) this.#report(warning);
      return sample;
    } catch (error) {
      this.#delegate.failed?.(error);
      return undefined;
    } finally {
      this.#busy = false;
    }
  }

  #iceChanged(): void {
    const warning = this.#warnings.iceState(this.#connection.iceConnectionState, Date.now());
    if (warning) this.#report(warning);
  }

  #report(warning: QualityWarning): void {
    this.#summary.addWarning(warning);
    this.#delegate.warning(warning);
  }
}
