import type { ServerResponse } from 'node:http';
import { MAX_QUALITY_REPORT_BYTES } from '@wwe-webrtc/shared';
import { QUALITY_PROOF } from '../agent-auth/agent-proof.js';
import { readJsonBody, sendError, sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { Logger } from '../logger.js';
import { isValidDn } from '../registration-sync/dn-ranges.js';
import type { BrowserReportGate } from './browser-report-gate.js';
import type { BrowserReportMetrics } from './browser-report-metrics.js';
import { QualityReportError, readBrowserQualityReport } from './browser-report.js';
import type { CallQualityTable } from './call-quality-table.js';

export const QUALITY_NONCE_PATH = '/api/quality/nonce';
export const QUALITY_REPORT_PATH = '/api/dns/:dn/quality';

/**
 * The routes an agent's browser posts its call-quality summary to when a call ends. Like the TURN
 * routes they take no bearer token: the browser proves its DN's SIP password over a single-use nonce
 * (`Authorization: WWE-QUALITY dn="…", nonce="…", proof="…"`), and both are open to the CORS allow-list.
 *
 * `GET /api/quality/nonce` → 200 `{ nonce, expiresIn }` · 429 `TOO_MANY_REQUESTS`
 * `POST /api/dns/:dn/quality` → 202 `{ joined }` · 400 `DN_INVALID` | `QUALITY_REPORT_INVALID` |
 * `INVALID_JSON` · 401 `QUALITY_AUTH_REQUIRED` | `QUALITY_NONCE_INVALID` · 403 `QUALITY_PROOF_INVALID` |
 * `QUALITY_DN_MISMATCH` · 409 `QUALITY_CALL_NOT_THIS_DN` · 413 `BODY_TOO_LARGE` · 415 · 429 `TOO_MANY_REQUESTS`
 */
export function addBrowserReportRoutes(
  router: Router,
  gate: BrowserReportGate,
  table: CallQualityTable,
  options: { logger: Logger; metrics: BrowserReportMetrics; now?: () => number },
): void {
  const now = options.now ?? Date.now;
  const { logger: log, metrics } = options;

  router.add(
    'GET',
    QUALITY_NONCE_PATH,
    ({ res }) => {
      const result = gate.nonce(now());
      metrics.request('nonce', result.outcome);
      if (result.outcome === 'rate_limited') return tooMany(res, result.retryAfterSeconds, 'too many nonce requests; retry later');
      sendJson(res, 200, { nonce: result.nonce, expiresIn: result.expiresIn });
    },
    { auth: false, presence: true },
  );

  router.add(
    'POST',
    QUALITY_REPORT_PATH,
    async ({ req, res, params }) => {
      const pathDn = params.dn ?? '';
      const fail = (result: string, status: number, code: string, message: string): void => {
        metrics.request('report', result);
        sendError(res, status, code, message);
      };
      if (!isValidDn(pathDn)) return fail('dn_invalid', 400, 'DN_INVALID', 'the DN in the path must be 1–15 digits');
      const admission = gate.admit(req.headers.authorization, pathDn, now());
      switch (admission.outcome) {
        case 'admitted':
          break;
        case 'unauthenticated':
          res.setHeader('www-authenticate', `${QUALITY_PROOF.scheme} nonce-uri="${QUALITY_NONCE_PATH}"`);
          return fail(admission.outcome, 401, 'QUALITY_AUTH_REQUIRED', `send Authorization: ${QUALITY_PROOF.scheme} dn="<dn>", nonce="<from ${QUALITY_NONCE_PATH}>", proof="<HMAC-SHA256 of the SIP password>"`);
        case 'nonce_invalid':
          return fail(admission.outcome, 401, 'QUALITY_NONCE_INVALID', `the nonce is ${admission.problem}: fetch a new one from ${QUALITY_NONCE_PATH}`);
        case 'proof_invalid':
          log.info({ dn: admission.dn }, 'quality report refused: wrong proof or unknown DN');
          return fail(admission.outcome, 403, 'QUALITY_PROOF_INVALID', 'the proof does not match this DN’s SIP password');
        case 'dn_mismatch':
          return fail(admission.outcome, 403, 'QUALITY_DN_MISMATCH', 'the proof is for another DN than the one in the path');
        case 'rate_limited':
          metrics.request('report', 'rate_limited');
          return tooMany(res, admission.retryAfterSeconds, admission.scope === 'dn' ? `too many quality reports for DN ${admission.dn}` : 'too many quality reports; retry later');
      }
      const { dn } = admission;
      let report;
      try {
        report = readBrowserQualityReport(await readJsonBody(req, MAX_QUALITY_REPORT_BYTES));
      } catch (error) {
        if (error instanceof QualityReportError) return fail('invalid', 400, error.code, error.message);
        metrics.request('report', 'invalid');
        throw error; // the server answers HttpError (413, 415, invalid JSON) and aborted requests
      }
      const stored = table.recordBrowserReport(dn, report, now());
      if (stored.outcome === 'not_this_dn') {
        log.info({ dn, callUuid: report.callUuid }, 'quality report refused: the call belongs to another DN');
        return fail(stored.outcome, 409, 'QUALITY_CALL_NOT_THIS_DN', 'Asterisk carries this call for another DN');
      }
      metrics.request('report', 'accepted');
      metrics.observe(report, stored.dnRange);
      const warnings = [...new Set(report.warnings.map((w) => w.name))];
      const facts = { dn, callUuid: report.callUuid, joined: stored.joined, mos: report.mos?.avg, candidate: report.candidate?.local, networkType: report.candidate?.networkType, warnings };
      if (warnings.length > 0) log.info(facts, 'browser reported quality warnings for a call');
      else log.debug(facts, 'browser quality report');
      sendJson(res, 202, { joined: stored.joined });
    },
    { auth: false, crossOrigin: true },
  );
}

function tooMany(res: ServerResponse, retryAfterSeconds: number, message: string): void {
  res.setHeader('retry-after', String(retryAfterSeconds));
  sendError(res, 429, 'TOO_MANY_REQUESTS', message);
}
