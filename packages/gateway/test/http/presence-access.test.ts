// Agents' browsers read their DN's presence cross-origin with a read-only token; the admin API stays
// out of their reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { GatewayHttpServer } from '../../src/http/server.js';
import { addAnswerRoute } from '../../src/relay/answer-route.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { waitFor } from '../support/wait-for.js';

const ADMIN = 'admin-token-for-presence-tests-0123';
const PRESENCE = 'presence-token-for-tests-456789ab';
const WWE = 'https://wwe.example.com';
const STANDALONE = 'http://localhost:5173';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the test controls `Origin` and the preflight headers exactly as a browser sends them. */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      // An SSE stream never ends: the status and headers are all this test needs.
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        req.destroy();
      }
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const corsHeaderNames = (reply: Reply) => Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'));

async function setup(http: { corsOrigins?: string[]; presenceToken?: string } = { corsOrigins: [WWE, STANDALONE], presenceToken: PRESENCE }) {
  const sim = new AmiSimulator({ dns: dnRange(5001, 3) });
  const amiPort = await sim.start();
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5003', confirmTimeoutMs: 1_000 },
      http: { port: 0, token: ADMIN, ...http },
      relay: { enabled: false },
    }),
  );
  let answered = 0;
  addAnswerRoute(gateway.http.router, {
    answer: () => {
      answered += 1;
      return Promise.resolve({ outcome: 'no_browser' as const });
    },
  });
  const { port } = await gateway.start();
  await waitFor('reconciled', () => gateway.sync.ready);
  return { sim, gateway, base: `http://127.0.0.1:${port}`, answered: () => answered, async [Symbol.asyncDispose]() { await gateway.stop(); await sim.stop(); } };
}

test('an allowed origin: the preflight is answered, then GET /api/dns/:dn with the presence token is readable', async () => {
  await using ctx = await setup();
  ctx.sim.addContact('5002', wsContactUri('5002', 43000));
  await waitFor('5002 registered', () => ctx.gateway.sync.status('5002')?.genesys === 'registered');

  const preflight = await send(ctx.base, 'OPTIONS', '/api/dns/5002', { origin: WWE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], WWE);
  assert.equal(preflight.headers['access-control-allow-methods'], 'GET, HEAD');
  assert.match(String(preflight.headers['access-control-allow-headers']), /^Authorization\b/);
  assert.equal(preflight.headers['access-control-max-age'], '600');
  assert.match(String(preflight.headers.vary), /\bOrigin\b/);
  assert.equal(preflight.headers['access-control-allow-credentials'], undefined, 'bearer tokens, never cookies');

  const get = await send(ctx.base, 'GET', '/api/dns/5002', { origin: WWE, ...bearer(PRESENCE) });
  assert.equal(get.status, 200);
  assert.equal(get.headers['access-control-allow-origin'], WWE);
  assert.equal(get.headers.vary, 'Origin');
  const status = JSON.parse(get.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(status).sort(), ['browser', 'desired', 'dn', 'genesys', 'lastChange']);
  assert.deepEqual([status.dn, status.genesys, status.browser], ['5002', 'registered', true]);
  // The admin token reads the full status, browser contact URIs included; the presence token never does.
  const full = JSON.parse((await send(ctx.base, 'GET', '/api/dns/5002', bearer(ADMIN))).body) as { contacts: string[] };
  assert.deepEqual(full.contacts, [wsContactUri('5002', 43000)]);
  assert.ok(!get.body.includes('43000'));

  // The second listed origin is echoed as itself, never as the first one and never as `*`.
  const standalone = await send(ctx.base, 'GET', '/api/dns/5001', { origin: STANDALONE, ...bearer(PRESENCE) });
  assert.equal(standalone.headers['access-control-allow-origin'], STANDALONE);

  // Errors are readable by the page too, so the widget can tell a refused token from a network failure.
  const refused = await send(ctx.base, 'GET', '/api/dns/5002', { origin: WWE, ...bearer('not-the-token-at-all-0000') });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers['access-control-allow-origin'], WWE);
  assert.equal((await send(ctx.base, 'GET', '/api/dns/9999', { origin: WWE, ...bearer(PRESENCE) })).status, 404);
});

test('a foreign origin gets no CORS headers, on the preflight or the request', async () => {
  await using ctx = await setup();
  for (const origin of ['https://evil.example.com', 'https://wwe.example.com.evil.example', 'http://wwe.example.com', 'https://WWE.example.com', 'null']) {
    const preflight = await send(ctx.base, 'OPTIONS', '/api/dns/5001', { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
    assert.equal(preflight.status, 403, origin);
    assert.deepEqual(corsHeaderNames(preflight), [], origin);
    assert.equal((JSON.parse(preflight.body) as { error: { code: string } }).error.code, 'CORS_NOT_ALLOWED');

    const get = await send(ctx.base, 'GET', '/api/dns/5001', { origin, ...bearer(PRESENCE) });
    assert.deepEqual(corsHeaderNames(get), [], origin);
    assert.equal(get.headers.vary, 'Origin', 'a cache must not serve this answer to an allowed origin');
  }
});

test('preflights ask only for reads with the bearer token, and only on the presence route', async () => {
  await using ctx = await setup();
  const preflight = (path: string, method: string, headers = 'authorization') =>
    send(ctx.base, 'OPTIONS', path, { origin: WWE, 'access-control-request-method': method, 'access-control-request-headers': headers });
  for (const reply of [await preflight('/api/dns/5001', 'DELETE'), await preflight('/api/dns/5001', 'GET', 'authorization, x-custom')]) {
    assert.equal(reply.status, 403);
    assert.deepEqual(corsHeaderNames(reply), []);
  }
  // Admin routes are not open to other origins at all: no preflight, no CORS headers.
  for (const path of ['/api/dns', '/api/summary', '/api/events', '/metrics', '/api/dns/5001/answer']) {
    const reply = await preflight(path, path.endsWith('answer') ? 'POST' : 'GET');
    assert.equal(reply.status, 405, path);
    assert.deepEqual(corsHeaderNames(reply), [], path);
    const get = await send(ctx.base, 'GET', path, { origin: WWE, ...bearer(ADMIN) });
    assert.deepEqual(corsHeaderNames(get), [], path);
  }
});

test('the presence token is refused on every admin endpoint', async () => {
  await using ctx = await setup();
  for (const [method, path] of [
    ['GET', '/api/dns'],
    ['GET', '/api/dns?browser=true'],
    ['GET', '/api/summary'],
    ['GET', '/api/events'],
    ['GET', '/metrics'],
    ['POST', '/api/dns/5001/answer'],
  ] as const) {
    const reply = await send(ctx.base, method, path, { origin: WWE, ...bearer(PRESENCE), 'content-type': 'application/json' }, method === 'POST' ? '{}' : undefined);
    assert.equal(reply.status, 403, `${method} ${path}`);
    assert.equal((JSON.parse(reply.body) as { error: { code: string } }).error.code, 'FORBIDDEN');
  }
  assert.equal(ctx.answered(), 0, 'the answer handler never ran');
});

test('the admin token still works everywhere, cross-origin presence included', async () => {
  await using ctx = await setup();
  for (const path of ['/api/dns', '/api/summary', '/metrics', '/api/dns/5001', '/api/events']) {
    assert.equal((await send(ctx.base, 'GET', path, bearer(ADMIN))).status, 200, path);
  }
  assert.equal((await send(ctx.base, 'POST', '/api/dns/5001/answer', { ...bearer(ADMIN), 'content-type': 'application/json' }, '{}')).status, 409);
  assert.equal(ctx.answered(), 1);
  const cross = await send(ctx.base, 'GET', '/api/dns/5001', { origin: WWE, ...bearer(ADMIN) });
  assert.equal(cross.status, 200);
  assert.equal(cross.headers['access-control-allow-origin'], WWE);
  // No token, or the token outside the Authorization header, is refused.
  assert.equal((await send(ctx.base, 'GET', '/api/dns/5001')).status, 401);
  assert.equal((await send(ctx.base, 'GET', `/api/dns/5001?access_token=${PRESENCE}`)).status, 401);
  assert.equal((await send(ctx.base, 'GET', '/healthz')).status, 200);
});

test('with no CORS origins configured, nothing is CORS-enabled; without a presence token only the admin token works', async () => {
  await using ctx = await setup({});
  const preflight = await send(ctx.base, 'OPTIONS', '/api/dns/5001', { origin: WWE, 'access-control-request-method': 'GET' });
  assert.equal(preflight.status, 405);
  assert.deepEqual(corsHeaderNames(preflight), []);
  const get = await send(ctx.base, 'GET', '/api/dns/5001', { origin: WWE, ...bearer(ADMIN) });
  assert.equal(get.status, 200);
  assert.deepEqual(corsHeaderNames(get), []);
  assert.equal(get.headers.vary, undefined);
  assert.equal((await send(ctx.base, 'GET', '/api/dns/5001', bearer(PRESENCE))).status, 401);
});

test('the HTTP server refuses unsafe combinations at construction', () => {
  assert.throws(() => new GatewayHttpServer({ port: 0, presenceToken: PRESENCE }), (error: Error & { code?: string; problems?: string[] }) => {
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.match(String(error.problems), /needs the admin token/);
    return true;
  });
  assert.throws(() => new GatewayHttpServer({ port: 0, token: ADMIN, presenceToken: ADMIN }), /must differ/);
  assert.throws(() => new GatewayHttpServer({ port: 0, token: ADMIN, corsOrigins: ['https://wwe.example.com/'] }), /not an exact origin/);
  assert.doesNotThrow(() => new GatewayHttpServer({ port: 0, token: ADMIN, presenceToken: PRESENCE, corsOrigins: [WWE] }));
});
