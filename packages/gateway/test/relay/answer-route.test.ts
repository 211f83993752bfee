import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayHttpServer } from '../../src/http/server.js';
import { addAnswerRoute } from '../../src/relay/answer-route.js';
import type { RemoteAnswerRelay, RemoteAnswerResult } from '../../src/relay/remote-answer-relay.js';

const TOKEN = 'a-test-token-of-sufficient-length';

async function setup(outcome: RemoteAnswerResult['outcome'] = 'relayed') {
  const calls: Array<{ dn: string; options: unknown }> = [];
  const relay: Pick<RemoteAnswerRelay, 'answer'> = {
    answer: async (dn, options = {}) => {
      calls.push({ dn, options });
      return outcome === 'relayed' ? { outcome, request: { dn, event: options.event ?? 'talk', ...(options.callUuid && { callUuid: options.callUuid }) } } : { outcome };
    },
  };
  const server = new GatewayHttpServer({ port: 0, token: TOKEN });
  addAnswerRoute(server.router, relay);
  const { port } = await server.start();
  const post = (path: string, body?: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body }),
    });
  return { calls, post, [Symbol.asyncDispose]: () => server.stop() };
}

test('relays with a UUID and event, or with an empty body', async () => {
  await using ctx = await setup();
  const withUuid = await ctx.post('/api/dns/5001/answer', JSON.stringify({ callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015', event: 'hold' }));
  assert.equal(withUuid.status, 200);
  assert.deepEqual(await withUuid.json(), { relayed: true, dn: '5001', event: 'hold', callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015' });
  const bare = await ctx.post('/api/dns/5001/answer');
  assert.equal(bare.status, 200);
  assert.deepEqual(ctx.calls, [
    { dn: '5001', options: { callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015', event: 'hold' } },
    { dn: '5001', options: {} },
  ]);
});

test('requires the bearer token', async () => {
  await using ctx = await setup();
  assert.equal((await ctx.post('/api/dns/5001/answer', undefined, {})).status, 401);
  assert.equal((await ctx.post('/api/dns/5001/answer', undefined, { authorization: 'Bearer wrong-token-of-some-length' })).status, 401);
  assert.deepEqual(ctx.calls, []);
});

test('refuses hostile DNs and bodies before relaying', async () => {
  await using ctx = await setup();
  const injected = await ctx.post(`/api/dns/${encodeURIComponent('5001\r\n\r\nAction: Command')}/answer`);
  assert.equal(injected.status, 400);
  assert.equal(((await injected.json()) as { error: { code: string } }).error.code, 'DN_INVALID');
  for (const body of ['[]', '"talk"', '{"event":"dance"}', '{"callUuid":5}', '{"uuid":"x"}']) {
    const response = await ctx.post('/api/dns/5001/answer', body);
    assert.equal(response.status, 400, body);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'BAD_BODY', body);
  }
  assert.equal((await ctx.post('/api/dns/5001/answer', '{not json')).status, 400);
  assert.deepEqual(ctx.calls, []);
});

for (const [outcome, status, code] of [
  ['unknown_dn', 404, 'DN_NOT_MANAGED'],
  ['invalid_call_uuid', 400, 'CALL_UUID_INVALID'],
  ['no_browser', 409, 'DN_OFFLINE'],
  ['rate_limited', 429, 'TOO_MANY_REQUESTS'],
  ['notify_failed', 502, 'NOTIFY_FAILED'],
] as const) {
  test(`outcome ${outcome} → ${status} ${code}`, async () => {
    await using ctx = await setup(outcome);
    const response = await ctx.post('/api/dns/5001/answer', '{}');
    assert.equal(response.status, status);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, code);
  });
}
