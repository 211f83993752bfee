// The TURN credential routes over HTTP: what an agent's browser sees (CORS, status codes, headers), and
// what must never happen (a bearer token accepted instead of the proof, a secret in a reply or a log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { agentProofHeader } from '../../src/agent-auth/agent-proof.js';
import { turnExtension } from '../../src/turn/turn-extension.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { capturedLog } from '../support/captured-log.js';

const ADMIN = 'admin-token-for-turn-route-tests';
const PRESENCE = 'presence-token-for-turn-route-tests';
const TURN_SECRET = 'turn-secret-for-route-tests-0123456';
const PASSWORD = 'sip-password-of-5001-for-tests';
const WWE = 'https://wwe.example.com';

async function setup(turn: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-turn-routes-'));
  const passwordsFile = join(dir, 'secrets.json');
  writeFileSync(passwordsFile, JSON.stringify({ agents: { '5001': PASSWORD, '5002': 'sip-password-of-5002-for-tests' } }));
  const sim = new AmiSimulator({ dns: dnRange(5001, 2) });
  const amiPort = await sim.start();
  const log = capturedLog();
  const logger = createLogger({ level: 'debug' }, log.destination);
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001-5002' },
    http: { port: 0, token: ADMIN, presenceToken: PRESENCE, corsOrigins: [WWE] },
    relay: { enabled: false },
    turn: { enabled: true, secret: TURN_SECRET, urls: ['turn:turn.example.com:3478?transport=udp'], agentPasswordsFile: passwordsFile, ...turn },
  });
  const gateway = new Gateway(config, { logger, extensions: [turnExtension()] });
  const { port } = await gateway.start();
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    logs: log.text,
    nonce: async () => ((await (await fetch(`${base}/api/turn/nonce`)).json()) as { nonce: string }).nonce,
    async [Symbol.asyncDispose]() {
      await gateway.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a listed origin may fetch a nonce and credentials cross-origin (preflight with Authorization included)', async () => {
  await using ctx = await setup();
  const nonceReply = await fetch(`${ctx.base}/api/turn/nonce`, { headers: { origin: WWE } });
  assert.equal(nonceReply.status, 200);
  assert.equal(nonceReply.headers.get('access-control-allow-origin'), WWE);
  assert.equal(nonceReply.headers.get('cache-control'), 'no-store');
  const { nonce, expiresIn } = (await nonceReply.json()) as { nonce: string; expiresIn: number };
  assert.equal(expiresIn, 30);

  const preflight = await fetch(`${ctx.base}/api/turn/credentials`, { method: 'OPTIONS', headers: { origin: WWE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), WWE);

  const reply = await fetch(`${ctx.base}/api/turn/credentials`, { headers: { origin: WWE, authorization: agentProofHeader(PASSWORD, '5001', nonce) } });
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get('access-control-allow-origin'), WWE);
  assert.equal(reply.headers.get('cache-control'), 'no-store');
  const body = (await reply.json()) as { iceServers: Array<{ urls: string[]; username: string; credential: string }>; ttl: number; expiresAt: number };
  assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'iceServers', 'ttl']);
  assert.match(body.iceServers[0]!.username, /^\d+:5001$/);

  const other = await fetch(`${ctx.base}/api/turn/credentials`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
  assert.equal(other.status, 403);
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('errors: 401 without proof (the gateway tokens are no proof), 401 for a used nonce, 403 for a wrong password', async () => {
  await using ctx = await setup();
  for (const authorization of [undefined, `Bearer ${ADMIN}`, `Bearer ${PRESENCE}`]) {
    const reply = await fetch(`${ctx.base}/api/turn/credentials`, { headers: authorization ? { authorization } : {} });
    assert.equal(reply.status, 401, String(authorization));
    assert.equal(((await reply.json()) as { error: { code: string } }).error.code, 'TURN_AUTH_REQUIRED');
    assert.match(String(reply.headers.get('www-authenticate')), /^WWE-TURN /);
  }
  const nonce = await ctx.nonce();
  assert.equal((await fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader(PASSWORD, '5001', nonce) } })).status, 200);
  const replay = await fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader(PASSWORD, '5001', nonce) } });
  assert.equal(replay.status, 401);
  assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'TURN_NONCE_INVALID');
  const wrong = await fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader('not-the-password', '5001', await ctx.nonce()) } });
  assert.equal(wrong.status, 403);
  assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'TURN_PROOF_INVALID');
  assert.equal((await fetch(`${ctx.base}/api/turn/credentials`, { method: 'POST' })).status, 405);
});

test('429 with Retry-After past the per-DN limit', async () => {
  await using ctx = await setup({ perDnPerMinute: 1, perDnBurst: 1 });
  const ask = async () => fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader(PASSWORD, '5001', await ctx.nonce()) } });
  assert.equal((await ask()).status, 200);
  const limited = await ask();
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '60');
  assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'TOO_MANY_REQUESTS');
});

test('neither the shared secret, a SIP password, a proof nor a credential is ever logged; metrics count results', async () => {
  await using ctx = await setup();
  const nonce = await ctx.nonce();
  const header = agentProofHeader(PASSWORD, '5001', nonce);
  const body = (await (await fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: header } })).json()) as { iceServers: Array<{ credential: string }> };
  await fetch(`${ctx.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader('wrong-password', '5002', await ctx.nonce()) } });
  const metrics = await (await fetch(`${ctx.base}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
  assert.match(metrics, /wwe_gateway_turn_requests_total\{route="credentials",result="issued"\} 1/);
  assert.match(metrics, /wwe_gateway_turn_requests_total\{route="credentials",result="proof_invalid"\} 1/);
  const logs = ctx.logs();
  assert.match(logs, /TURN credentials enabled/);
  assert.match(logs, /TURN credential issued/);
  for (const secret of [TURN_SECRET, PASSWORD, header.split('proof="')[1]!.slice(0, 43), body.iceServers[0]!.credential]) assert.ok(!logs.includes(secret), 'a secret reached the log');
});

test('TURN off (the default): the routes do not exist', async () => {
  await using ctx = await setup({ enabled: false });
  assert.equal((await fetch(`${ctx.base}/api/turn/nonce`)).status, 404);
  assert.equal((await fetch(`${ctx.base}/api/turn/credentials`)).status, 404);
});
