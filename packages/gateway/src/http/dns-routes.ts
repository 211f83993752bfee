import { isValidDn } from '../registration-sync/dn-ranges.js';
import type { DnStatus } from '../registration-sync/dn-state.js';
import type { RegistrationSync } from '../registration-sync/registration-sync.js';
import { DnEventStream, type DnEventStreamOptions } from './event-stream.js';
import { sendError, sendJson } from './respond.js';
import type { Router } from './router.js';

export type DnRoutesOptions = DnEventStreamOptions;

/**
 * What the presence token reads of a DN: its state, without the browser contact URIs (other agents'
 * addresses) or the SIP Server's error text.
 */
export type DnPresence = Pick<DnStatus, 'dn' | 'browser' | 'desired' | 'genesys' | 'lastChange'> & { readonly lastErrorCode?: string };

export function presenceView(status: DnStatus): DnPresence {
  const { dn, browser, desired, genesys, lastChange, lastError } = status;
  return { dn, browser, desired, genesys, lastChange, ...(lastError && { lastErrorCode: lastError.code }) };
}

const GENESYS_STATES = new Set(['unknown', 'registering', 'registered', 'unregistering', 'unregistered', 'rejected', 'failed']);

/**
 * `GET /api/dns` (filters: `?browser=true|false`, `?genesys=<state>`), `GET /api/dns/:dn` (also
 * open to the presence token and the CORS allow-list: it is what agents' browsers poll),
 * `GET /api/summary` (counts only), and
 * `GET /api/events` — an SSE stream: one `snapshot` event, then `dn` events (see `DnEventStream`).
 */
export function addDnRoutes(router: Router, sync: RegistrationSync, options: DnRoutesOptions = {}): DnEventStream {
  const stream = new DnEventStream(sync, options);

  router.add('GET', '/api/dns', ({ res, url }) => {
    const browser = url.searchParams.get('browser');
    const genesys = url.searchParams.get('genesys');
    if (browser !== null && browser !== 'true' && browser !== 'false') {
      sendError(res, 400, 'BAD_QUERY', 'browser must be true or false');
      return;
    }
    if (genesys !== null && !GENESYS_STATES.has(genesys)) {
      sendError(res, 400, 'BAD_QUERY', `genesys must be one of ${[...GENESYS_STATES].join(', ')}`);
      return;
    }
    const dns: DnStatus[] = [];
    for (const status of sync.statuses()) {
      if (browser !== null && status.browser !== (browser === 'true')) continue;
      if (genesys !== null && status.genesys !== genesys) continue;
      dns.push(status);
    }
    sendJson(res, 200, { ready: sync.ready, counts: sync.counts(), dns });
  });

  router.add('GET', '/api/summary', ({ res }) => {
    sendJson(res, 200, { ready: sync.ready, ranges: sync.ranges.spec, managed: sync.ranges.size, counts: sync.counts() });
  });

  router.add('GET', '/api/dns/:dn', ({ res, params, scope }) => {
    const dn = params.dn ?? '';
    if (!isValidDn(dn)) {
      sendError(res, 400, 'DN_INVALID', 'a DN is 1 to 15 digits');
      return;
    }
    const status = sync.status(dn);
    if (!status) {
      sendError(res, 404, 'DN_NOT_MANAGED', `DN ${dn} is outside the configured ranges (${sync.ranges.spec})`);
      return;
    }
    sendJson(res, 200, scope === 'presence' ? presenceView(status) : status);
  }, { presence: true });

  router.add('GET', '/api/events', ({ req, res }) => stream.open(req, res));

  return stream;
}
