/**
 * Microphone level, 0…1 (RMS of the waveform, scaled so speech sits mid-range). The AudioContext is
 * created on first use; browsers may keep it suspended until a user gesture, and then it reads 0 until
 * a read after a gesture resumes it.
 */
export class InputLevelMeter {
  #context: AudioContext | undefined;
  #analyser: AnalyserNode | undefined;
  #source: MediaStreamAudioSourceNode | undefined;
  #track: MediaStreamTrack | undefined;
  #buffer: Float32Array<ArrayBuffer> | undefined;

  /** Current level of `track`; rewires when the track changed. */
  read(track: MediaStreamTrack | undefined): number {
    if (!track || track.readyState !== 'live') return 0;
    if (track !== this.#track) this.#connect(track);
    // Created outside a user gesture, the context may start suspended and read silence; a later read
    // (the preflight test, the device panel: both follow a click) can wake it.
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => {});
    const analyser = this.#analyser;
    const buffer = this.#buffer;
    if (!analyser || !buffer) return 0;
    analyser.getFloatTimeDomainData(buffer);
    let sum = 0;
    for (const sample of buffer) sum += sample * sample;
    const rms = Math.sqrt(sum / buffer.length);
    return Math.min(1, rms * 4);
  }

  close(): void {
    this.#source?.disconnect();
    void this.#context?.close().catch(() => {});
    this.#context = this.#analyser = this.#source = this.#track = this.#buffer = undefined;
  }

  #connect(track: MediaStreamTrack): void {
    this.#source?.disconnect();
    this.#context ??= new AudioContext();
    this.#analyser ??= this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#buffer = new Float32Array(new ArrayBuffer(this.#analyser.fftSize * 4));
    this.#source = this.#context.createMediaStreamSource(new MediaStream([track]));
    this.#source.connect(this.#analyser);
    this.#track = track;
  }
}
