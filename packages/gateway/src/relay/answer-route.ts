import { isValidDn } from '../registration-sync/dn-ranges.js';
import { readJsonBody, sendError, sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { RemoteAnswerRelay } from './remote-answer-relay.js';
import { isRemoteAnswerEvent, type RemoteAnswerEvent } from './remote-answer-request.js';

/**
 * `POST /api/dns/:dn/answer` with an optional JSON body `{ "callUuid": "…", "event": "talk" | "hold" }`:
 * relays the answer request to the DN's browser exactly as a Genesys NOTIFY would be, for CTI adapters
 * that learn of it another way. Requires the bearer token like every API route.
 *
 * 200 relayed · 400 DN_INVALID / BAD_BODY / CALL_UUID_INVALID · 404 DN_NOT_MANAGED ·
 * 409 DN_OFFLINE (no browser: nothing sent) · 429 TOO_MANY_REQUESTS (per-DN or total bound) · 502 NOTIFY_FAILED (Asterisk refused or AMI is down).
 */
export function addAnswerRoute(router: Router, relay: Pick<RemoteAnswerRelay, 'answer'>): void {
  router.add('POST', '/api/dns/:dn/answer', async ({ req, res, params }) => {
    const dn = params.dn ?? '';
    if (!isValidDn(dn)) return sendError(res, 400, 'DN_INVALID', 'a DN is 1 to 15 digits');
    const body = await readJsonBody(req, 1024);
    const parsed = parseBody(body);
    if (typeof parsed === 'string') return sendError(res, 400, 'BAD_BODY', parsed);

    const result = await relay.answer(dn, parsed);
    switch (result.outcome) {
      case 'relayed':
        return sendJson(res, 200, { relayed: true, ...result.request });
      case 'unknown_dn':
        return sendError(res, 404, 'DN_NOT_MANAGED', `DN ${dn} is outside the configured ranges`);
      case 'invalid_call_uuid':
        return sendError(res, 400, 'CALL_UUID_INVALID', 'callUuid must be letters, digits and . _ @ : + - (at most 128)');
      case 'no_browser':
        return sendError(res, 409, 'DN_OFFLINE', `DN ${dn} has no browser registered; nothing was sent`);
      case 'rate_limited':
        return sendError(res, 429, 'TOO_MANY_REQUESTS', `too many answer requests for DN ${dn}, or for all DNs together; nothing was sent`);
      default:
        return sendError(res, 502, 'NOTIFY_FAILED', 'Asterisk did not accept the PJSIPNotify (see the gateway log); try again');
    }
  });
}

function parseBody(body: unknown): { event?: RemoteAnswerEvent; callUuid?: string } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const { callUuid, event, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `unknown field(s): ${unknown.join(', ')}`;
  if (callUuid !== undefined && typeof callUuid !== 'string') return 'callUuid must be a string';
  if (event !== undefined && (typeof event !== 'string' || !isRemoteAnswerEvent(event))) return 'event must be "talk" or "hold"';
  return {
    ...(callUuid !== undefined && { callUuid }),
    ...(event !== undefined && { event }),
  };
}
