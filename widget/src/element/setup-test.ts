// "Test my setup" on the panel: every check pending, then each as it starts and ends, then the verdict.
import { PREFLIGHT_CHECKS, type PreflightProgress, type PreflightReport } from '@wwe-webrtc/softphone';
import type { PanelState } from '../views/panel-state.js';
import type { PreflightRow } from '../views/preflight.js';

/** Every check, none run yet. */
export function pendingChecks(): PreflightRow[] {
  return PREFLIGHT_CHECKS.map((name) => ({ name, status: 'pending' }));
}

/** Runs `preflight` and keeps the panel's rows in step with its progress; resolves with the report. */
export async function runSetupTest(panel: PanelState, preflight: (onProgress: (progress: PreflightProgress) => void) => Promise<PreflightReport>): Promise<PreflightReport> {
  panel.set({ preflight: { rows: pendingChecks(), running: true, ok: undefined } });
  const show = (progress: PreflightProgress): void => {
    const current = panel.preflight;
    if (!current) return;
    const row: PreflightRow = { name: progress.name, status: progress.status, ...('message' in progress ? { message: progress.message } : {}) };
    panel.set({ preflight: { ...current, rows: current.rows.map((r) => (r.name === progress.name ? row : r)) } });
  };
  try {
    const report = await preflight(show);
    panel.set({ preflight: { rows: report.checks.map(({ name, status, message }) => ({ name, status, message })), running: false, ok: report.ok } });
    return report;
  } catch (error) {
    // Settings the softphone refused (the controller shows why): nothing ran.
    panel.set({ preflight: { rows: pendingChecks(), running: false, ok: undefined } });
    throw error;
  }
}
