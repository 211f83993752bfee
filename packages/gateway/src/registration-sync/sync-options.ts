import type { BackoffOptions } from '@wwe-webrtc/shared';
import { DEFAULT_REGISTRATION_TEMPLATE } from './registration-names.js';

/** What a `RegistrationSync` can be told. Defaults are in `REGISTRATION_SYNC_DEFAULTS`. */
export interface RegistrationSyncOptions {
  /** DN ranges managed, e.g. `5001-5020,6100-6199`. DNs outside are ignored. */
  dnRanges: string;
  /** Name of the outbound registration for a DN; `{dn}` is replaced. Default `genesys_reg_{dn}`. */
  registrationTemplate?: string;
  /** Wait this long after a DN's last contact goes before unregistering (page reloads). Default 3 000 ms. */
  unregisterDebounceMs?: number;
  /** A register not confirmed by `Registry: Registered` within this time is retried. Default 6 000 ms. */
  confirmTimeoutMs?: number;
  /** Delay before retrying an unconfirmed, rejected or failed register. */
  retryBackoff?: Partial<BackoffOptions>;
  /** `PJSIPRegister`s per second, on average: back-to-back registers are what Asterisk loses. Default 300. */
  actionsPerSecond?: number;
  /** Registers that may go out at once before pacing starts. Default 50. */
  actionBurst?: number;
  /**
   * `PJSIPUnregister`s per second. Unregisters are cheap for Asterisk and urgent after a restart (every
   * idle DN is about to be registered by Asterisk itself), so they have their own, faster pace.
   * Default 1 000.
   */
  unregistersPerSecond?: number;
  /** A FullyBooted whose Uptime is below this (seconds) means Asterisk just started. Default 60. */
  restartUptimeSeconds?: number;
  /** After connecting, wait this long for FullyBooted before reconciling anyway. Default 2 000 ms. */
  bootWaitMs?: number;
  /** How often timers (debounce, confirmation, retries) are checked. Default 100 ms. */
  sweepIntervalMs?: number;
  /** Timeout of the list actions used to reconcile (they carry one item per DN). Default 30 000 ms. */
  listTimeoutMs?: number;
}

export type ResolvedSyncOptions = Required<Omit<RegistrationSyncOptions, 'retryBackoff'>> & { retryBackoff: BackoffOptions };

export const REGISTRATION_SYNC_DEFAULTS: Omit<ResolvedSyncOptions, 'dnRanges'> = {
  registrationTemplate: DEFAULT_REGISTRATION_TEMPLATE,
  unregisterDebounceMs: 3_000,
  confirmTimeoutMs: 6_000,
  retryBackoff: { initialDelayMs: 1_000, maxDelayMs: 60_000, multiplier: 2, jitter: 0.3 },
  actionsPerSecond: 300,
  actionBurst: 50,
  unregistersPerSecond: 1_000,
  restartUptimeSeconds: 60,
  bootWaitMs: 2_000,
  sweepIntervalMs: 100,
  listTimeoutMs: 30_000,
};

export function resolveSyncOptions(options: RegistrationSyncOptions): ResolvedSyncOptions {
  return {
    ...REGISTRATION_SYNC_DEFAULTS,
    ...stripUndefined(options),
    retryBackoff: { ...REGISTRATION_SYNC_DEFAULTS.retryBackoff, ...stripUndefined(options.retryBackoff ?? {}) },
  } as ResolvedSyncOptions;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
