import { LazyModule } from '../lazy/lazy-module.js';
import type { QualityReporter } from './quality-reporter.js';

const client = new LazyModule('gateway quality report', () => import('./gateway-quality-client.js'));

export interface GatewayQualityReportOptions {
  /** Base URL of wwe-gateway as the browser reaches it, e.g. `https://pbx.example.com`. */
  gatewayUrl: string;
  /** The agent's DN and its SIP password: the password proves the DN and never leaves the browser. */
  dn: string;
  password: string;
  /** Give up on the gateway after this long, ms. Default 10,000. */
  timeoutMs?: number;
  /** `fetch` replacement (tests). */
  fetch?: typeof fetch;
}

/**
 * Sends each ended call's quality summary to wwe-gateway (`POST /api/dns/:dn/quality`), which shows it
 * beside Asterisk's own measurements of the call: fetch a single-use nonce, prove the DN's SIP
 * password with HMAC-SHA256 over it (WebCrypto), post the report. Pass the result as the softphone's
 * `qualityReport`. Rejects with `QualityReportError` naming the gateway's code. The exchange loads
 * with the first report (its own chunk).
 */
export function gatewayQualityReport(options: GatewayQualityReportOptions): QualityReporter {
  return async (report) => (await client.load()).sendGatewayQualityReport(options, report);
}
