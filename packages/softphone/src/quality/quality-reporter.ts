import type { BrowserQualityReport } from '@wwe-webrtc/shared';
import type { Call } from '../calls/call.js';

/**
 * Receives each ended call's quality report (e.g. `gatewayQualityReport(…)`, or the app's own sink).
 * Called after the call ended, never awaited by it: a slow or failing reporter changes nothing about
 * calls; its rejection is logged.
 */
export type QualityReporter = (report: BrowserQualityReport, call: Call) => Promise<void>;
