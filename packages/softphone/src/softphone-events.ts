import type { RemoteControlOutcome } from './auto-answer/auto-answerer.js';
import type { AutoAnswerDecision } from './auto-answer/types.js';
import type { Call } from './calls/call.js';
import type { ReconnectCause } from './calls/call-recovery-options.js';
import type { CallEndReason, CallState } from './calls/call-state.js';
import type { MediaError, SoftphoneError } from './errors.js';
import type { CallQualitySample } from './quality/quality-sample.js';
import type { QualityWarning } from './quality/quality-warnings.js';
import type { InputChangeReason, MicrophoneState } from './media/microphone.js';
import type { RegistrationState } from './registration/registration-state.js';
import type { TabState } from './tabs/tab-ownership.js';

/** Every event a `Softphone` emits, with its payload. `softphone.on(name, payload => …)` is type-checked. */
export interface SoftphoneEvents {
  /** Registration moved; `error` explains `reconnecting` and `failed`. */
  registrationStateChanged: { state: RegistrationState; previous: RegistrationState; error?: SoftphoneError };
  /** A call arrived (before any auto-answer decision is applied). */
  incomingCall: { call: Call };
  /** `call()` created an outgoing call. */
  outgoingCall: { call: Call };
  /** Any call changed state. */
  callStateChanged: { call: Call; state: CallState; previous: CallState };
  /** A call's media path or WebSocket dropped; it is renegotiating (ICE restart). */
  callReconnecting: { call: Call; cause: ReconnectCause };
  /** A reconnecting call has media again, and the far end follows this browser's WebSocket. */
  callReconnected: { call: Call; durationMs: number };
  /** A call ended and left `calls`. */
  callEnded: { call: Call; reason: CallEndReason };
  /** A call's quality sample (every `quality.sampleIntervalMs` while it is up): RTT, jitter, loss, MOS… */
  callQuality: { call: Call; sample: CallQualitySample };
  /** A call's quality warning was raised or cleared (`high-rtt`, `high-jitter`, `high-packet-loss`, `low-mos`, `constant-audio-input-level`, `ice-disconnected`). */
  qualityWarning: { call: Call; warning: QualityWarning };
  /** Every auto-answer decision: the signals seen, whether it answers, and why. */
  autoAnswerDecision: AutoAnswerDecision;
  /** A Genesys remote-control NOTIFY (`Event: talk` / `Event: hold`) arrived, and what it led to. */
  remoteControl: RemoteControlOutcome;
  /** Microphone state (early media); `error` explains `denied`, `no-device`, `unavailable`. */
  microphoneStateChanged: { state: MicrophoneState; previous: MicrophoneState; error?: MediaError };
  /** The input device in use changed (requested, or the old one disappeared mid-call). */
  inputDeviceChanged: { deviceId: string | undefined; reason: InputChangeReason };
  /** Audio devices were plugged or unplugged. */
  devicesChanged: { inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] };
  /** Microphone level 0…1, every `media.inputLevelIntervalMs` while someone listens. */
  inputLevel: { level: number };
  /** `iceServersProvider` answered: the servers new calls use (active calls get them too); `expiresAt` epoch ms. */
  iceServersChanged: { iceServers: RTCIceServer[]; expiresAt: number | undefined };
  /** This tab's hold on the DN moved: `owner`, `standby` (another tab registers it), `taking-over`, `handing-over`. */
  tabStateChanged: { state: TabState; previous: TabState };
  /** While standing by: the number of calls in progress in the owning tab changed ("use here" waits for them). */
  ownerTabCallsChanged: { calls: number };
  /** A failure the app should know about (also reflected in the state events above). */
  error: { error: SoftphoneError };
}
