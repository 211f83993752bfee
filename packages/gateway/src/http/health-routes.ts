import type { Registry } from 'prom-client';
import type { AmiClient } from '../ami/client.js';
import type { RegistrationSync } from '../registration-sync/registration-sync.js';
import { sendJson } from './respond.js';
import type { Router } from './router.js';

export interface HealthOptions {
  /** Unhealthy when no AMI frame arrived for this long (keepalive Pings keep frames coming). Default 60 000 ms. */
  maxFrameAgeMs?: number;
}

/** `GET /healthz` (no auth: 200 when AMI is up and state reconciled, else 503) and `GET /metrics`. */
export function addHealthRoutes(router: Router, deps: { client: AmiClient; sync: RegistrationSync; registry: Registry }, options: HealthOptions = {}): void {
  const maxAge = options.maxFrameAgeMs ?? 60_000;
  router.add(
    'GET',
    '/healthz',
    ({ res }) => {
      const last = deps.client.lastFrameAt;
      const ageMs = last === undefined ? undefined : Date.now() - last;
      const connected = deps.client.connected;
      const healthy = connected && deps.sync.ready && ageMs !== undefined && ageMs <= maxAge;
      sendJson(res, healthy ? 200 : 503, {
        status: healthy ? 'ok' : 'unavailable',
        ami: { connected, lastFrameAgeMs: ageMs, reconnects: deps.client.reconnects },
        reconciled: deps.sync.ready,
      });
    },
    { auth: false },
  );
  router.add('GET', '/metrics', async ({ res }) => {
    const text = await deps.registry.metrics();
    res.writeHead(200, { 'content-type': deps.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });
}
