import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmiClient } from '../../src/ami/client.js';
import type { AmiClientOptions } from '../../src/ami/client-options.js';
import { pjsipNotify, pjsipRegister } from '../../src/ami/actions.js';
import type { ContactStatusEvent, RegistryEvent } from '../../src/ami/events.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import * as F from '../support/ami-frames.js';

async function setup(simOptions: ConstructorParameters<typeof AmiSimulator>[0] = {}, clientOptions: Partial<AmiClientOptions> = {}) {
  const sim = new AmiSimulator({ dns: ['5001', '5002'], authFailDelayMs: 20, ...simOptions });
  const port = await sim.start();
  const client = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'gateway',
    secret: 'simulated-secret',
    keepaliveIntervalMs: 0,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
    ...clientOptions,
  });
  return {
    sim,
    client,
    async [Symbol.asyncDispose]() {
      await client.stop(50);
      await sim.stop();
    },
  };
}

const next = <T>(subscribe: (cb: (v: T) => void) => void) => new Promise<T>((resolve) => subscribe(resolve));

test('logs in with the MD5 challenge by default; the secret never crosses the wire', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  assert.equal(ctx.client.version, '11.0.0');
  const [challenge, login] = ctx.sim.actions;
  assert.equal(challenge?.action, 'Challenge');
  assert.equal(challenge?.get('AuthType'), 'MD5');
  assert.equal(login?.get('AuthType'), 'MD5');
  assert.match(login?.get('Key') ?? '', /^[0-9a-f]{32}$/);
  assert.ok(!ctx.sim.actions.some((a) => a.raw.includes('simulated-secret')));
});

test('logs in with a plain secret when asked', async () => {
  await using ctx = await setup({}, { authType: 'plain' });
  await ctx.client.start();
  assert.equal(ctx.sim.actions[0]?.action, 'Login');
  assert.equal(ctx.sim.actions[0]?.get('Secret'), 'simulated-secret');
});

for (const authType of ['md5', 'plain'] as const) {
  test(`a wrong ${authType} secret rejects start() with AMI_AUTH_FAILED and stops reconnecting`, async () => {
    await using ctx = await setup({}, { authType, secret: 'wrong' });
    const errors: string[] = [];
    ctx.client.on('error', (e) => errors.push(e.code));
    await assert.rejects(ctx.client.start(), { code: 'AMI_AUTH_FAILED' });
    assert.equal(ctx.client.state, 'stopped');
    assert.deepEqual(errors, ['AMI_AUTH_FAILED']);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(ctx.sim.actionsNamed('Login').length, 1, 'no retry with a secret that cannot work');
  });
}

test('refuses a peer that is not Asterisk (banner check) and keeps retrying', async () => {
  const server = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new AmiClient({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, username: 'u', secret: 's', reconnect: { initialDelayMs: 5, maxDelayMs: 10 } });
  const error = next<{ code: string }>((cb) => client.on('error', cb));
  const reconnecting = next<{ attempt: number }>((cb) => client.on('reconnecting', cb));
  void client.start().catch(() => undefined);
  assert.equal((await error).code, 'AMI_BANNER_INVALID');
  assert.equal((await reconnecting).attempt, 1);
  await client.stop();
  await new Promise<void>((r) => server.close(() => r()));
});

test('matches replies by ActionID even when they arrive out of order', async () => {
  await using ctx = await setup();
  ctx.sim.script('Ping', (a, session) => {
    if (a.get('ActionID')?.endsWith('-3') || ctx.sim.actionsNamed('Ping').length === 1) {
      setTimeout(() => session.write(F.success(a.get('ActionID'), 'slow')), 20);
      return '';
    }
    return F.success(a.get('ActionID'), 'fast');
  });
  await ctx.client.start();
  const [slow, fast] = await Promise.all([ctx.client.send('Ping'), ctx.client.send('Ping')]);
  assert.equal(slow.get('Message'), 'slow');
  assert.equal(fast.get('Message'), 'fast');
});

test('collects a list reply into one result', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  const result = await ctx.client.list('PJSIPShowRegistrationsOutbound');
  assert.equal(result.items.length, 2);
  assert.deepEqual(result.items.map((i) => i.get('ObjectName')), ['genesys_reg_5001', 'genesys_reg_5002']);
  assert.equal(result.complete?.get('ListItems'), '2');
});

test('a list can hand over its items one by one instead of collecting them', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  const seen: string[] = [];
  const result = await ctx.client.list('PJSIPShowRegistrationsOutbound', {}, { onItem: (item) => seen.push(item.get('ObjectName') ?? '') });
  assert.deepEqual(seen, ['genesys_reg_5001', 'genesys_reg_5002']);
  assert.equal(result.items.length, 0);
  assert.equal(result.complete?.get('ListItems'), '2');
});

test('an empty PJSIPShowContacts is Response: Error with a trailing LF: typed error, stream intact', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  await assert.rejects(ctx.client.list('PJSIPShowContacts'), { code: 'AMI_ACTION_FAILED', reason: 'No Contacts found' });
  const empty = await ctx.client.list('PJSIPShowContacts', {}, { allowError: true });
  assert.equal(empty.response.response, 'Error');
  assert.equal(empty.items.length, 0);
  assert.equal((await ctx.client.send('Ping')).get('Ping'), 'Pong');
  assert.equal(ctx.client.malformedFrames, 0);
});

test('an unknown registration is AMI_ACTION_FAILED with Asterisk\'s reason', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  await assert.rejects(pjsipRegister(ctx.client, 'no_such_reg'), { code: 'AMI_ACTION_FAILED', reason: 'Unable to retrieve registration entry' });
});

test('emits typed events: FullyBooted after login, ContactStatus, Registry', async () => {
  await using ctx = await setup();
  const booted = next<{ uptime: number | undefined }>((cb) => ctx.client.on('fullyBooted', cb));
  const order: string[] = [];
  ctx.client.on('connected', () => order.push('connected'));
  ctx.client.on('fullyBooted', () => order.push('fullyBooted'));
  await ctx.client.start();
  assert.equal((await booted).uptime, 3600);
  assert.deepEqual(order, ['connected', 'fullyBooted'], 'connected comes before the events that arrive with the login reply');
  const contact = next<ContactStatusEvent>((cb) => ctx.client.on('contactStatus', cb));
  ctx.sim.addContact('5001', F.wsContactUri('5001', 37996));
  assert.deepEqual(await contact, { aor: '5001', uri: F.wsContactUri('5001', 37996), status: 'NonQualified', endpointName: '5001', present: true });
  const registry = next<RegistryEvent>((cb) => ctx.client.on('registry', cb));
  await pjsipRegister(ctx.client, 'genesys_reg_5001');
  assert.deepEqual(await registry, { clientUri: 'sip:5001@127.0.0.1', serverUri: 'sip:127.0.0.1:5070', status: 'Unregistered', cause: undefined });
});

test('reads a server that ends lines with bare LF', async () => {
  await using ctx = await setup({ lineEnding: '\n' });
  await ctx.client.start();
  assert.equal((await ctx.client.list('PJSIPShowRegistrationsOutbound')).items.length, 2);
});

test('skips and counts malformed frames and unknown events, then carries on', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  const malformed = next<{ reason: string }>((cb) => ctx.client.on('malformed', cb));
  ctx.sim.writeRaw('garbage without a colon\r\n\r\nEvent: SomethingNew\r\nX: 1\r\n\r\n');
  assert.match((await malformed).reason, /Key: Value/);
  assert.equal((await ctx.client.send('Ping')).get('Ping'), 'Pong');
  assert.equal(ctx.client.malformedFrames, 1);
});

test('refuses injection before the socket: nothing reaches Asterisk', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  const before = ctx.sim.actions.length;
  await assert.rejects(pjsipRegister(ctx.client, 'genesys_reg_5001\r\n\r\nAction: Command\r\nCommand: core stop now'), { code: 'AMI_INVALID_FIELD' });
  await assert.rejects(pjsipNotify(ctx.client, { endpoint: '5001', headers: { Event: 'talk\r\nX: y' } }), { code: 'AMI_INVALID_FIELD' });
  await assert.rejects(pjsipNotify(ctx.client, { endpoint: '5001', headers: { 'Bad:Header': 'x' } }), { code: 'AMI_INVALID_FIELD' });
  await assert.rejects(pjsipRegister(ctx.client, '*all'), { code: 'AMI_INVALID_FIELD' });
  await ctx.client.send('Ping');
  assert.equal(ctx.sim.actions.length, before + 1);
  assert.ok(!ctx.sim.actions.some((a) => a.action === 'Command'));
});

test('pjsipNotify writes exactly one PJSIPNotify frame with one Variable per header', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  const reply = await pjsipNotify(ctx.client, { endpoint: '5001', headers: { Event: 'talk', 'X-Genesys-CallUUID': '01ABCDEF' } });
  assert.equal(reply.get('Message'), 'NOTIFY sent');
  const frame = ctx.sim.actionsNamed('PJSIPNotify')[0];
  assert.match(frame?.raw ?? '', /^Action: PJSIPNotify\r\nActionID: [0-9a-f]+-\d+\r\nEndpoint: 5001\r\nVariable: Event=talk\r\nVariable: X-Genesys-CallUUID=01ABCDEF\r\n\r\n$/);
  await assert.rejects(pjsipNotify(ctx.client, { endpoint: 'nosuch', headers: { Event: 'talk' } }), { reason: 'Unable to retrieve endpoint nosuch' });
});

test('a connection dropped mid-list rejects the list with AMI_CONNECTION_LOST and reconnects', async () => {
  await using ctx = await setup();
  await ctx.client.start();
  ctx.sim.disconnectDuringList('PJSIPShowRegistrationsOutbound', 1);
  const disconnected = next<{ error: Error }>((cb) => ctx.client.on('disconnected', cb));
  await assert.rejects(ctx.client.list('PJSIPShowRegistrationsOutbound'), { code: 'AMI_CONNECTION_LOST' });
  await disconnected;
  await next((cb) => ctx.client.on('connected', cb));
  assert.equal(ctx.client.reconnects, 1);
  assert.equal((await ctx.client.list('PJSIPShowRegistrationsOutbound')).items.length, 2);
});

test('actions while disconnected fail fast with AMI_NOT_CONNECTED', async () => {
  await using ctx = await setup();
  await assert.rejects(ctx.client.send('Ping'), { code: 'AMI_NOT_CONNECTED' });
});

test('an unanswered action times out with AMI_TIMEOUT', async () => {
  await using ctx = await setup({}, { actionTimeoutMs: 30 });
  ctx.sim.script('Ping', () => '');
  await ctx.client.start();
  await assert.rejects(ctx.client.send('Ping'), { code: 'AMI_TIMEOUT' });
});

test('keepalive: an unanswered Ping drops the connection and the client reconnects', async () => {
  await using ctx = await setup({}, { keepaliveIntervalMs: 15, keepaliveTimeoutMs: 15 });
  let silent = true;
  ctx.sim.script('Ping', () => (silent ? '' : undefined));
  await ctx.client.start();
  const disconnected = next<{ error: Error }>((cb) => ctx.client.on('disconnected', cb));
  assert.match((await disconnected).error.message, /keepalive/);
  silent = false;
  await next((cb) => ctx.client.on('connected', cb));
  assert.ok(ctx.sim.actionsNamed('Ping').length >= 1);
});

test('reconnect delays grow with backoff and carry jitter', async () => {
  const sim = new AmiSimulator();
  const port = await sim.start();
  await sim.stop(); // nothing listens on that port now
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'u', secret: 's', reconnect: { initialDelayMs: 2, maxDelayMs: 16, multiplier: 2, jitter: 0.5 }, random: () => 0.999 });
  const delays: number[] = [];
  const done = new Promise<void>((resolve) =>
    client.on('reconnecting', ({ delayMs }) => {
      delays.push(delayMs);
      if (delays.length === 5) resolve();
    }),
  );
  void client.start().catch(() => undefined);
  await done;
  await client.stop();
  assert.deepEqual(delays, [3, 6, 12, 16, 16]);
});

test('connects over TLS and checks the certificate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-ami-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    await using trusted = await setup({ tls: { key, cert } }, { tls: { ca: cert } });
    await trusted.client.start();
    assert.equal((await trusted.client.send('Ping')).get('Ping'), 'Pong');
    await using untrusted = await setup({ tls: { key, cert } }, { tls: {} });
    const error = next<{ code: string }>((cb) => untrusted.client.on('error', cb));
    void untrusted.client.start().catch(() => undefined);
    assert.equal((await error).code, 'AMI_CONNECTION_LOST', 'a certificate nobody vouches for is refused');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
