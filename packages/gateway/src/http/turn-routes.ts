import type { Counter } from 'prom-client';
import type { Logger } from '../logger.js';
import { AGENT_PROOF_SCHEME } from '../agent-auth/agent-proof.js';
import type { TurnCredentialService } from '../turn/turn-credential-service.js';
import { sendError, sendJson } from './respond.js';
import type { Router } from './router.js';

export const TURN_NONCE_PATH = '/api/turn/nonce';
export const TURN_CREDENTIALS_PATH = '/api/turn/credentials';

/**
 * The two routes agents' browsers call for TURN credentials. Neither takes the gateway's bearer tokens:
 * the browser proves its DN's SIP password instead (`Authorization: WWE-TURN …`), so no shared token
 * has to reach 2,000 desktops. Both are open to the CORS allow-list (GET with `Authorization`/`Accept`,
 * exactly what the presence read already needs).
 *
 * `GET /api/turn/nonce` → 200 `{ nonce, expiresIn }` · 429 `TOO_MANY_REQUESTS`
 * `GET /api/turn/credentials` → 200 `{ iceServers, ttl, expiresAt }` · 401 `TURN_AUTH_REQUIRED` |
 * `TURN_NONCE_INVALID` (fetch a new nonce) · 403 `TURN_PROOF_INVALID` · 429 `TOO_MANY_REQUESTS`
 */
export function addTurnRoutes(router: Router, service: TurnCredentialService, options: { logger: Logger; requests: Counter<'route' | 'result'>; now?: () => number }): void {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const count = (route: 'nonce' | 'credentials', result: string) => options.requests.inc({ route, result });

  router.add(
    'GET',
    TURN_NONCE_PATH,
    ({ res }) => {
      const result = service.nonce(now());
      count('nonce', result.outcome);
      if (result.outcome === 'rate_limited') return tooMany(res, result.retryAfterSeconds, 'too many nonce requests; retry later');
      sendJson(res, 200, { nonce: result.nonce, expiresIn: result.expiresIn });
    },
    { auth: false, presence: true },
  );

  router.add(
    'GET',
    TURN_CREDENTIALS_PATH,
    ({ req, res }) => {
      const result = service.issue(req.headers.authorization, now());
      count('credentials', result.outcome);
      switch (result.outcome) {
        case 'issued':
          log.debug({ dn: result.dn, expiresAt: result.response.expiresAt }, 'TURN credential issued');
          return sendJson(res, 200, result.response);
        case 'unauthenticated':
          res.setHeader('www-authenticate', `${AGENT_PROOF_SCHEME} nonce-uri="${TURN_NONCE_PATH}"`);
          return sendError(res, 401, 'TURN_AUTH_REQUIRED', `send Authorization: ${AGENT_PROOF_SCHEME} dn="<dn>", nonce="<from ${TURN_NONCE_PATH}>", proof="<HMAC-SHA256 of the SIP password>"`);
        case 'nonce_invalid':
          return sendError(res, 401, 'TURN_NONCE_INVALID', `the nonce is ${result.problem}: fetch a new one from ${TURN_NONCE_PATH}`);
        case 'proof_invalid':
          log.info({ dn: result.dn }, 'TURN credential refused: wrong proof or unknown DN');
          return sendError(res, 403, 'TURN_PROOF_INVALID', 'the proof does not match this DN’s SIP password');
        case 'rate_limited':
          return tooMany(res, result.retryAfterSeconds, result.scope === 'dn' ? `too many credential requests for DN ${result.dn}` : 'too many credential requests; retry later');
      }
    },
    { auth: false, presence: true },
  );
}

function tooMany(res: Parameters<typeof sendError>[0], retryAfterSeconds: number, message: string): void {
  res.setHeader('retry-after', String(retryAfterSeconds));
  sendError(res, 429, 'TOO_MANY_REQUESTS', message);
}
