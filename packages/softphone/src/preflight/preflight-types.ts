import type { CandidateType, CallQualitySample } from '../quality/quality-sample.js';
import type { QualitySummary } from '../quality/quality-summary.js';

/** The checks `preflight()` runs, in this order. */
export const PREFLIGHT_CHECKS = ['microphone', 'connection', 'ice', 'turn', 'echo-call'] as const;
export type PreflightCheckName = (typeof PREFLIGHT_CHECKS)[number];

/** `warning`: works, but something will hurt calls; `skipped`: not applicable, or an earlier check it needs failed. */
export type PreflightStatus = 'passed' | 'warning' | 'failed' | 'skipped';

/** What each check found, beyond its status and message. */
export interface PreflightDetails {
  microphone: { readonly deviceLabel: string | undefined; readonly peakLevel: number | undefined; readonly errorCode: string | undefined };
  connection: { readonly server: string; readonly alreadyConnected: boolean; readonly errorCode: string | undefined; readonly statusCode: number | undefined };
  ice: { readonly candidateTypes: readonly CandidateType[]; readonly stunServers: number; readonly gatheringMs: number };
  turn: { readonly turnServers: number; readonly relayProtocols: readonly string[] };
  'echo-call': {
    readonly target: string;
    readonly mos: number | undefined;
    readonly rttMs: number | undefined;
    readonly jitterMs: number | undefined;
    readonly packetLoss: number | undefined;
    /** Loudest level heard back from the echo, 0…1. */
    readonly echoLevel: number | undefined;
    readonly summary: QualitySummary | undefined;
  };
}

export interface PreflightCheck<N extends PreflightCheckName = PreflightCheckName> {
  readonly name: N;
  readonly status: PreflightStatus;
  /** What was found and, unless it passed, what to do about it. */
  readonly message: string;
  readonly durationMs: number;
  readonly details: PreflightDetails[N];
}

export type AnyPreflightCheck = { [N in PreflightCheckName]: PreflightCheck<N> }[PreflightCheckName];

export interface PreflightReport {
  /** No check failed (warnings allowed). */
  readonly ok: boolean;
  /** One per check, in `PREFLIGHT_CHECKS` order. */
  readonly checks: readonly AnyPreflightCheck[];
  readonly startedAt: number;
  readonly durationMs: number;
}

export interface PreflightOptions {
  /** Extension of the echo test (Asterisk `Echo()`; `wwe-gateway asterisk-config --echo-extension`). Default `'*43'`. */
  echoTarget?: string;
  /** How long the echo call runs, ms. Default `5000`. */
  echoDurationMs?: number;
  /** How long the microphone is listened to (ask the agent to speak), ms. Default `2000`. */
  microphoneListenMs?: number;
  /** Longest wait to connect and register when not connected yet, ms. Default `10000`. */
  connectTimeoutMs?: number;
  /** Longest ICE gathering with the configured STUN/TURN servers, ms. Default `5000`. */
  iceTimeoutMs?: number;
  /** Longest wait for the echo extension to answer, ms. Default `10000`. */
  callTimeoutMs?: number;
  /** Each check as it starts (`status: 'running'`) and as it ends. */
  onProgress?: (progress: PreflightProgress) => void;
}

export type PreflightProgress = { readonly name: PreflightCheckName; readonly status: 'running' } | AnyPreflightCheck;

export const PREFLIGHT_DEFAULTS = {
  echoTarget: '*43',
  echoDurationMs: 5000,
  microphoneListenMs: 2000,
  connectTimeoutMs: 10_000,
  iceTimeoutMs: 5000,
  callTimeoutMs: 10_000,
} as const;

/** The echo test call as a check sees it. */
export interface EchoCall {
  /** Resolves once the call is answered; rejects with why it ended first. */
  readonly answered: Promise<void>;
  onSample(listener: (sample: CallQualitySample) => void): () => void;
  hangup(): void;
  readonly summary: QualitySummary;
}
