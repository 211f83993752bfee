import type { PreflightDetails, PreflightStatus } from './preflight-types.js';

export interface CheckOutcome<D> {
  readonly status: PreflightStatus;
  readonly message: string;
  readonly details: D;
}

/** The softphone's microphone as the check uses it. */
export interface MicrophoneProbe {
  /** Opens (or reuses) the microphone; rejects with a `MediaError` that says what to do. */
  acquire(): Promise<MediaStreamTrack>;
  /** Its level now, 0…1. */
  level(): number;
}

/** Below this peak over the listening time, the microphone is taken for silent. */
export const SILENT_PEAK = 0.01;

/** Microphone access, then its level for `listenMs`: a muted or dead microphone is a warning. */
export async function checkMicrophone(probe: MicrophoneProbe, listenMs: number): Promise<CheckOutcome<PreflightDetails['microphone']>> {
  let track: MediaStreamTrack;
  try {
    track = await probe.acquire();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : 'The microphone could not be opened.';
    return { status: 'failed', message, details: { deviceLabel: undefined, peakLevel: undefined, errorCode: code } };
  }
  const deviceLabel = track.label || undefined;
  const name = deviceLabel ? `"${deviceLabel}"` : 'The microphone';
  let peak = 0;
  const deadline = performance.now() + listenMs;
  while (performance.now() < deadline) {
    peak = Math.max(peak, probe.level());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const details = { deviceLabel, peakLevel: Math.round(peak * 1000) / 1000, errorCode: undefined };
  if (track.muted) {
    return { status: 'warning', message: `${name} is muted by the system or the headset: unmute it (mute switch, system sound settings) or choose another microphone.`, details };
  }
  if (peak < SILENT_PEAK) {
    return { status: 'warning', message: `${name} is open but we hear almost nothing: check the headset's mute switch and volume, speak while testing, or choose another microphone.`, details };
  }
  return { status: 'passed', message: `${name} works (peak level ${details.peakLevel}).`, details };
}
