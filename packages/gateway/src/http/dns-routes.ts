import type { ServerResponse } from 'node:http';
import { isValidDn } from '../registration-sync/dn-ranges.js';
import type { DnStatus } from '../registration-sync/dn-state.js';
import type { RegistrationSync } from '../registration-sync/registration-sync.js';
import { sendError, sendJson } from './respond.js';
import type { Router } from './router.js';

export interface DnRoutesOptions {
  /** Most SSE clients at once. Default 50. */
  maxStreamClients?: number;
  /** SSE comment sent this often so proxies keep the stream open. Default 15 000 ms. */
  heartbeatMs?: number;
  /** A client whose unsent SSE data exceeds this is dropped (it reconnects and gets a fresh snapshot). */
  maxBufferedBytes?: number;
}

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
 * `GET /api/events` — an SSE stream: one `snapshot` event, then a `dn` event per change.
 */
export function addDnRoutes(router: Router, sync: RegistrationSync, options: DnRoutesOptions = {}): { readonly streamClients: () => number } {
  const maxClients = options.maxStreamClients ?? 50;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const clients = new Set<ServerResponse>();

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

  router.add('GET', '/api/events', ({ req, res }) => {
    if (clients.size >= maxClients) {
      sendError(res, 503, 'TOO_MANY_STREAMS', `at most ${maxClients} event streams at once`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 2000\nevent: snapshot\ndata: ${JSON.stringify({ ready: sync.ready, counts: sync.counts(), dns: [...sync.statuses()] })}\n\n`);
    clients.add(res);
    const heartbeat = setInterval(() => res.write(': keepalive\n\n'), heartbeatMs);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      clients.delete(res);
    });
  });

  sync.on('change', (status) => {
    if (clients.size === 0) return;
    const event = `event: dn\ndata: ${JSON.stringify(status)}\n\n`;
    for (const res of clients) {
      if (res.writableLength > maxBuffered) {
        clients.delete(res);
        res.destroy(); // too slow to keep up; it reconnects and starts from a snapshot
        continue;
      }
      res.write(event);
    }
  });

  return { streamClients: () => clients.size };
}
