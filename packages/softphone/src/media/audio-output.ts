import { MediaError } from '../errors.js';

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

/** Plays remote audio through one element (the app's or our own) on the chosen output device. */
export class AudioOutput {
  readonly element: SinkElement;
  #deviceId: string | undefined;

  constructor(element: HTMLAudioElement | undefined, deviceId: string | undefined) {
    this.element = (element ?? document.createElement('audio')) as SinkElement;
    this.element.autoplay = true;
    this.#deviceId = deviceId;
    if (deviceId) void this.setDevice(deviceId).catch(() => {});
  }

  get deviceId(): string | undefined {
    return this.#deviceId;
  }

  static get supported(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  async setDevice(deviceId: string): Promise<void> {
    if (typeof this.element.setSinkId !== 'function') {
      throw new MediaError('OUTPUT_SELECTION_UNSUPPORTED', 'This browser cannot choose the audio output device; use the system settings.');
    }
    try {
      await this.element.setSinkId(deviceId);
    } catch (error) {
      throw new MediaError('DEVICE_NOT_FOUND', `No audio output with id "${deviceId}"; pick one from getDevices().`, { cause: error });
    }
    this.#deviceId = deviceId;
  }

  play(stream: MediaStream | undefined): void {
    if (this.element.srcObject === (stream ?? null)) return;
    this.element.srcObject = stream ?? null;
    // Autoplay may be refused before a user gesture; the element keeps the stream and plays on the next one.
    if (stream) void this.element.play().catch(() => {});
  }
}
