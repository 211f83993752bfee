// What the panel remembers between renders: the number being typed, which drawers are open, the
// setup test on screen, and the clock that moves call timers (ticking only while a call is up).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PreflightRow } from './preflight.js';

export interface PanelValues {
  dialValue: string;
  keypadOpen: boolean;
  transferOpen: boolean;
  /** Epoch milliseconds, for call durations. */
  now: number;
  /** "Test my setup" while it is on screen: each check's status, whether it runs, and the verdict. */
  preflight: { rows: PreflightRow[]; running: boolean; ok: boolean | undefined } | undefined;
}

export class PanelState implements ReactiveController, PanelValues {
  dialValue = '';
  keypadOpen = false;
  transferOpen = false;
  now = Date.now();
  preflight: PanelValues['preflight'] = undefined;
  readonly #host: ReactiveControllerHost;
  readonly #timersRunning: () => boolean;
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, timersRunning: () => boolean) {
    this.#host = host;
    this.#timersRunning = timersRunning;
    host.addController(this);
  }

  hostConnected(): void {
    this.#clock = setInterval(() => {
      if (this.#timersRunning()) this.set({ now: Date.now() });
    }, 1000);
  }

  hostDisconnected(): void {
    clearInterval(this.#clock);
  }

  set(change: Partial<PanelValues>): void {
    Object.assign(this, change);
    this.#host.requestUpdate();
  }
}
