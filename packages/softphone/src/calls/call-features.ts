// The parts of a call beside signalling and media: quality sampling and recovery from network blips.
// Each is its own chunk; connect() loads them (`loadCallFeatures`), so they are in place before the
// first call rings. A call whose chunk could not be fetched goes on without that part.
import { LazyModule } from '../lazy/lazy-module.js';

export const qualityMonitorModule = new LazyModule('call quality monitor', () => import('../quality/quality-monitor.js'));
export const callRecoveryModule = new LazyModule('call recovery', () => import('./call-recovery.js'));
export const iceRestartModule = new LazyModule('call recovery', () => import('../sip/ice-restart.js'));

/** Loads every call feature; rejects with the first `FeatureUnavailableError` once all settled. */
export async function loadCallFeatures(): Promise<void> {
  const results = await Promise.allSettled([qualityMonitorModule.load(), callRecoveryModule.load(), iceRestartModule.load()]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
