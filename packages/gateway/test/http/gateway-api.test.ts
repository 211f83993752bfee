import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'dashboard-test-token-0123456789abcdef';

async function setup(token: string | undefined = TOKEN) {
  const sim = new AmiSimulator({ dns: dnRange(5001, 5) });
  const amiPort = await sim.start();
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001-5005', unregisterDebounceMs: 20, confirmTimeoutMs: 500 },
    http: { port: 0, ...(token && { token }) },
    relay: { enabled: false },
  });
  const gateway = new Gateway(config);
  const { port } = await gateway.start();
  await waitFor('reconciled', () => gateway.sync.ready);
  const base = `http://127.0.0.1:${port}`;
  const get = (path: string, auth = true) => fetch(`${base}${path}`, { headers: auth && token ? { authorization: `Bearer ${token}` } : {} });
  return { sim, gateway, base, get, async [Symbol.asyncDispose]() { await gateway.stop(); await sim.stop(); } };
}

test('GET /api/dns lists every managed DN with browser contacts and Genesys state; filters validate', async () => {
  await using ctx = await setup();
  ctx.sim.addContact('5002', wsContactUri('5002', 41000));
  await waitFor('5002 registered', () => ctx.gateway.sync.status('5002')?.genesys === 'registered');
  const body = (await (await ctx.get('/api/dns')).json()) as { dns: Array<{ dn: string; browser: boolean; genesys: string }>; counts: { browser: number } };
  assert.equal(body.dns.length, 5);
  assert.deepEqual(body.dns.find((d) => d.dn === '5002'), { ...body.dns.find((d) => d.dn === '5002'), browser: true, genesys: 'registered' });
  assert.equal(body.counts.browser, 1);
  const online = (await (await ctx.get('/api/dns?browser=true')).json()) as { dns: unknown[] };
  assert.equal(online.dns.length, 1);
  assert.equal((await ctx.get('/api/dns?browser=maybe')).status, 400);
  assert.equal((await ctx.get('/api/dns?genesys=bogus')).status, 400);
  assert.equal((await ctx.get('/api/dns', false)).status, 401);
  const summary = (await (await ctx.get('/api/summary')).json()) as { managed: number; counts: { registered: number } };
  assert.equal(summary.managed, 5);
  assert.equal(summary.counts.registered, 1);
});

test('GET /api/dns/:dn validates the DN and answers 404 outside the ranges', async () => {
  await using ctx = await setup();
  const one = (await (await ctx.get('/api/dns/5001')).json()) as { dn: string; lastError: unknown };
  assert.equal(one.dn, '5001');
  assert.equal((await ctx.get('/api/dns/9999')).status, 404);
  assert.equal((await ctx.get('/api/dns/50a1')).status, 400);
  assert.equal((await ctx.get(`/api/dns/${encodeURIComponent('5001\r\n\r\nAction: Command')}`)).status, 400);
  assert.equal((await ctx.get('/api/dns/%E0%A4%A')).status, 404);
});

test('/healthz needs no token and reports AMI state; 503 once AMI is gone', async () => {
  await using ctx = await setup();
  const ok = await ctx.get('/healthz', false);
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as { ami: { connected: boolean; lastFrameAgeMs: number } };
  assert.equal(body.ami.connected, true);
  assert.ok(body.ami.lastFrameAgeMs >= 0);
  await ctx.sim.stop();
  await waitFor('disconnected', () => !ctx.gateway.client.connected);
  assert.equal((await ctx.get('/healthz', false)).status, 503);
});

test('/metrics is Prometheus text with the gateway metrics, behind the token', async () => {
  await using ctx = await setup();
  ctx.sim.addContact('5001', wsContactUri('5001', 41001));
  await waitFor('registered', () => ctx.gateway.sync.status('5001')?.genesys === 'registered');
  assert.equal((await ctx.get('/metrics', false)).status, 401);
  const text = await (await ctx.get('/metrics')).text();
  for (const line of [
    'wwe_gateway_dns_online 1',
    'wwe_gateway_dns_registered 1',
    'wwe_gateway_dns_managed 5',
    'wwe_gateway_ami_connected 1',
    'wwe_gateway_ami_actions_total{action="PJSIPRegister"} 1',
    'wwe_gateway_event_to_action_seconds_count{action="PJSIPRegister"} 1',
    'wwe_gateway_registration_confirm_seconds_count 1',
    'wwe_gateway_event_streams 0',
    'wwe_gateway_event_streams_dropped_total 0',
    'wwe_gateway_http_connections_refused_total 0',
  ]) {
    assert.ok(text.includes(line), `missing ${line}`);
  }
  assert.match(text, /wwe_gateway_process_resident_memory_bytes \d+/);
  assert.match(text, /^wwe_gateway_http_connections [1-9]\d*$/m, 'the scrape itself is an open connection');
});

test('SSE: a snapshot, then one dn event per change', async () => {
  await using ctx = await setup();
  const controller = new AbortController();
  const res = await fetch(`${ctx.base}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const readUntil = async (pattern: RegExp) => {
    while (!pattern.test(text)) text += (await reader.read()).value ?? '';
  };
  await readUntil(/event: snapshot\ndata: .*\n\n/);
  ctx.sim.addContact('5004', wsContactUri('5004', 41004));
  await readUntil(/"dn":"5004".*"genesys":"registered"/);
  const events = text.split('\n\n').filter((block) => block.includes('event: dn'));
  assert.ok(events.every((block) => JSON.parse(block.split('data: ')[1]!).dn === '5004'));
  controller.abort();
});

test('the dashboard page and script load without a token and carry a strict CSP', async () => {
  await using ctx = await setup();
  const page = await ctx.get('/', false);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/dashboard.js">/);
  const script = await ctx.get('/dashboard.js', false);
  assert.match(await script.text(), /Bearer/);
});
