// Test support: a MediaDevices wrapper over the real (fake-device) one, whose failures and device
// list a test can change.
export class ScriptedMediaDevices extends EventTarget {
  getUserMediaCalls = 0;
  /** When set, getUserMedia rejects with a DOMException of this name. */
  failWith: string | undefined;
  /** When set, enumerateDevices lists only these device ids (as audio inputs) plus the outputs. */
  onlyInputs: string[] | undefined;
  readonly #real = navigator.mediaDevices;

  async getUserMedia(constraints?: MediaStreamConstraints): Promise<MediaStream> {
    this.getUserMediaCalls += 1;
    if (this.failWith) throw new DOMException(`scripted ${this.failWith}`, this.failWith);
    return this.#real.getUserMedia(constraints);
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    const all = await this.#real.enumerateDevices();
    if (!this.onlyInputs) return all;
    return all.filter((d) => d.kind !== 'audioinput' || this.onlyInputs?.includes(d.deviceId));
  }

  /** Simulates unplugging: the device disappears from the list and `devicechange` fires. */
  unplug(deviceId: string, all: string[]): void {
    this.onlyInputs = all.filter((id) => id !== deviceId);
    this.dispatchEvent(new Event('devicechange'));
  }

  asMediaDevices(): MediaDevices {
    return this as unknown as MediaDevices;
  }
}
