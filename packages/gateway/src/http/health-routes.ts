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
export function addHealthRoutes(router: Router, context: { client: AmiClient; sync: RegistrationSync; registry: Registry }, options: HealthOptions = {}): void {
  const maxAge = options.maxFrameAgeMs ?? 60_000;
  router.add(
    'GET',
    '/healthz',
    ({ res }) => {
      const last = context.client.lastFrameAt;
      const ageMs = last === undefined ? undefined : Date.now() - last;
      const connected = context.client.connected;
      const healthy = connected && context.sync.ready && ageMs !== undefined && ageMs <= maxAge;
      sendJson(res, healthy ? 200 : 503, {
        status: healthy ? 'ok' : 'unavailable',
        ami: { connected, lastFrameAgeMs: ageMs, reconnects: context.client.reconnects },
        reconciled: context.sync.ready,
      });
    },
    { auth: false },
  );
  router.add('GET', '/metrics', async ({ res }) => {
    const text = await context.registry.metrics();
    res.writeHead(200, { 'content-type': context.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });
}
