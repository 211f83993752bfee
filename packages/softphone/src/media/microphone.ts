import { TypedEmitter } from '@wwe-webrtc/shared';
import { MediaError, microphoneErrorFrom } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * `idle` (never opened) → `acquiring` → `ready`; failures are states, not exceptions in the console:
 * `denied` (permission or policy), `no-device`, `unavailable` (device busy). `released` after disconnect.
 */
export type MicrophoneState = 'idle' | 'acquiring' | 'ready' | 'denied' | 'no-device' | 'unavailable' | 'released';

export interface MicrophoneEvents {
  stateChanged: { state: MicrophoneState; previous: MicrophoneState; error?: MediaError };
  /** The live track changed (device switch or removal); calls must replace their sender's track. */
  trackReplaced: { track: MediaStreamTrack; previous: MediaStreamTrack | undefined; reason: InputChangeReason };
}

export type InputChangeReason = 'requested' | 'device-removed' | 'track-ended';

/**
 * Early media: one microphone stream opened before any call and reused by every call (JsSIP does not
 * stop a stream the app passes in). Switching devices swaps the track inside the same stream.
 */
export class Microphone extends TypedEmitter<MicrophoneEvents> {
  #state: MicrophoneState = 'idle';
  #stream: MediaStream | undefined;
  #deviceId: string | undefined;
  #constraints: MediaTrackConstraints;
  #devices: MediaDevices | undefined;
  #logger: Logger;
  #pending: Promise<MediaStream> | undefined;

  constructor(devices: MediaDevices | undefined, constraints: MediaTrackConstraints, deviceId: string | undefined, logger: Logger) {
    super();
    this.#devices = devices;
    this.#constraints = constraints;
    this.#deviceId = deviceId;
    this.#logger = logger;
    this.setListenerErrorSink((event, error) => logger.error(`softphone: a "${event}" listener threw`, error));
  }

  get state(): MicrophoneState {
    return this.#state;
  }

  /** The shared stream; undefined until acquired. */
  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  get track(): MediaStreamTrack | undefined {
    return this.#stream?.getAudioTracks()[0];
  }

  /** Requested input device, undefined for the system default. */
  get deviceId(): string | undefined {
    return this.#deviceId;
  }

  /** Opens the microphone once; later calls return the same stream. Rejects with a `MediaError`. */
  acquire(): Promise<MediaStream> {
    if (this.#stream && this.track?.readyState === 'live') return Promise.resolve(this.#stream);
    this.#pending ??= this.#open().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #open(): Promise<MediaStream> {
    this.#setState('acquiring');
    try {
      const track = await this.#openTrack(this.#deviceId);
      this.#stream = new MediaStream([track]);
      this.#setState('ready');
      return this.#stream;
    } catch (error) {
      const mediaError = error instanceof MediaError ? error : microphoneErrorFrom(error);
      this.#setState(stateFor(mediaError), mediaError);
      throw mediaError;
    }
  }

  /** Switches the input device; the stream keeps its identity, calls get `trackReplaced`. */
  async setDevice(deviceId: string | undefined, reason: InputChangeReason = 'requested'): Promise<void> {
    if (deviceId !== undefined) {
      const inputs = ((await this.#devices?.enumerateDevices()) ?? []).filter((d) => d.kind === 'audioinput');
      if (!inputs.some((d) => d.deviceId === deviceId)) {
        throw new MediaError('DEVICE_NOT_FOUND', `No microphone with id "${deviceId}"; pick one from getDevices().`);
      }
    }
    this.#deviceId = deviceId;
    if (!this.#stream) return;
    const track = await this.#openTrack(deviceId).catch((error: unknown) => {
      throw error instanceof MediaError ? error : microphoneErrorFrom(error);
    });
    this.#swap(track, reason);
  }

  /** Re-checks the current device after `devicechange`; falls back to the default when it vanished. */
  async handleDeviceChange(): Promise<void> {
    const track = this.track;
    if (!this.#stream || !track || !this.#devices) return;
    const inputs = (await this.#devices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const currentId = track.getSettings().deviceId ?? this.#deviceId;
    const present = inputs.some((d) => d.deviceId === currentId || (d.deviceId === 'default' && currentId === undefined));
    if (present && track.readyState === 'live') return;
    this.#logger.info('softphone: input device removed, switching to the default microphone');
    await this.#fallBack('device-removed');
  }

  release(): void {
    for (const track of this.#stream?.getTracks() ?? []) {
      track.onended = null;
      track.stop();
    }
    this.#stream = undefined;
    if (this.#state !== 'idle') this.#setState('released');
  }

  async #fallBack(reason: InputChangeReason): Promise<void> {
    this.#deviceId = undefined;
    try {
      this.#swap(await this.#openTrack(undefined), reason);
    } catch (error) {
      const mediaError = error instanceof MediaError ? error : microphoneErrorFrom(error);
      this.#setState(stateFor(mediaError), mediaError);
    }
  }

  #swap(track: MediaStreamTrack, reason: InputChangeReason): void {
    const stream = this.#stream;
    if (!stream) {
      track.stop();
      return;
    }
    const previous = this.track;
    if (previous) {
      previous.onended = null;
      stream.removeTrack(previous);
      previous.stop();
    }
    stream.addTrack(track);
    this.emit('trackReplaced', { track, previous, reason });
    if (this.#state !== 'ready') this.#setState('ready');
  }

  async #openTrack(deviceId: string | undefined): Promise<MediaStreamTrack> {
    const audio: MediaTrackConstraints = { ...this.#constraints };
    if (deviceId) audio.deviceId = { exact: deviceId };
    if (!this.#devices) {
      // navigator.mediaDevices only exists in secure contexts.
      throw new MediaError('MIC_BLOCKED_BY_POLICY', 'The browser offers no microphone API here: serve the page over HTTPS (or localhost).');
    }
    const stream = await this.#devices.getUserMedia({ audio, video: false });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MediaError('NO_MICROPHONE', 'The browser returned no audio track. Plug in a microphone and reconnect.');
    // A USB headset pulled out ends its track; follow the system default instead of going silent.
    track.onended = () => {
      if (this.track === track) void this.#fallBack('track-ended');
    };
    return track;
  }

  #setState(state: MicrophoneState, error?: MediaError): void {
    const previous = this.#state;
    if (previous === state && !error) return;
    this.#state = state;
    this.emit('stateChanged', error ? { state, previous, error } : { state, previous });
  }
}

function stateFor(error: MediaError): MicrophoneState {
  switch (error.code) {
    case 'MIC_PERMISSION_DENIED':
    case 'MIC_BLOCKED_BY_POLICY':
      return 'denied';
    case 'NO_MICROPHONE':
    case 'DEVICE_NOT_FOUND':
      return 'no-device';
    default:
      return 'unavailable';
  }
}
