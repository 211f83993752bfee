import type { RemoteControlOutcome } from './auto-answer/auto-answerer.js';
import type { AutoAnswerDecision } from './auto-answer/types.js';
import type { Call } from './calls/call.js';
import type { CallEndReason, CallState } from './calls/call-state.js';
import type { MediaError, SoftphoneError } from './errors.js';
import type { InputChangeReason, MicrophoneState } from './media/microphone.js';
import type { RegistrationState } from './registration/registration-state.js';

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
  /** A call ended and left `calls`. */
  callEnded: { call: Call; reason: CallEndReason };
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
  /** A failure the app should know about (also reflected in the state events above). */
  error: { error: SoftphoneError };
}
