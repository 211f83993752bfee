import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayHttpServer } from '../../src/http/server.js';
import { readJsonBody, sendJson } from '../../src/http/respond.js';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'a-long-random-test-token-0123456789';

async function serve(token?: string) {
  const server = new GatewayHttpServer({ port: 0, ...(token && { token }) });
  server.router.add('GET', '/api/things/:id', ({ res, params }) => sendJson(res, 200, { id: params.id }));
  server.router.add('GET', '/open', ({ res }) => sendJson(res, 200, { open: true }), { auth: false });
  server.router.add('POST', '/api/echo', async ({ req, res }) => sendJson(res, 200, { body: await readJsonBody(req, 64) }));
  server.router.add('GET', '/boom', () => {
    throw new Error('secret internals');
  });
  const { port } = await server.start();
  return { server, base: `http://127.0.0.1:${port}`, async [Symbol.asyncDispose]() { await server.stop(); } };
}

test('requires the bearer token on routes that ask for it', async () => {
  await using s = await serve(TOKEN);
  const none = await fetch(`${s.base}/api/things/1`);
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="wwe-gateway"');
  assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
  assert.equal((await fetch(`${s.base}/api/things/1`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await fetch(`${s.base}/api/things/1`, { headers: { authorization: `Basic ${TOKEN}` } })).status, 401);
  const ok = await fetch(`${s.base}/api/things/a%20b`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.deepEqual(await ok.json(), { id: 'a b' });
  assert.equal((await fetch(`${s.base}/open`)).status, 200);
});

test('without a token it serves loopback only, and refuses any other address at construction', async () => {
  await using s = await serve();
  assert.equal((await fetch(`${s.base}/api/things/1`)).status, 200);
  assert.throws(() => new GatewayHttpServer({ host: '0.0.0.0', port: 0 }), { code: 'CONFIG_INVALID' });
  assert.doesNotThrow(() => new GatewayHttpServer({ host: '0.0.0.0', port: 0, token: TOKEN }));
});

test('404, 405, JSON errors, and no internals leaked on a handler failure', async () => {
  await using s = await serve();
  assert.equal((await fetch(`${s.base}/nope`)).status, 404);
  assert.equal((await fetch(`${s.base}/api/things/1`, { method: 'DELETE' })).status, 405);
  const boom = await fetch(`${s.base}/boom`);
  assert.equal(boom.status, 500);
  assert.doesNotMatch(await boom.text(), /secret internals/);
  assert.equal(boom.headers.get('x-content-type-options'), 'nosniff');
});

test('readJsonBody: limits size, requires JSON, reports bad JSON', async () => {
  await using s = await serve();
  const post = (body: string, type = 'application/json') => fetch(`${s.base}/api/echo`, { method: 'POST', body, headers: { 'content-type': type } });
  assert.deepEqual(await (await post('{"a":1}')).json(), { body: { a: 1 } });
  assert.equal((await post('x'.repeat(100))).status, 413);
  assert.equal((await post('{"a":1}', 'text/plain')).status, 415);
  assert.equal((await post('{nope')).status, 400);
});

test('routes cannot be registered twice', () => {
  const server = new GatewayHttpServer({ port: 0 });
  server.router.add('POST', '/api/dns/:dn/answer', () => undefined);
  assert.throws(() => server.router.add('POST', '/api/dns/:dn/answer', () => undefined), /already registered/);
});

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug' }, destination) };
}

test('an upload the client aborts halfway is one log line, without a stack', async () => {
  const { lines, logger } = capturedLogger();
  const server = new GatewayHttpServer({ port: 0, logger });
  server.router.add('POST', '/api/echo', async ({ req, res }) => sendJson(res, 200, { body: await readJsonBody(req, 4096) }));
  const { port } = await server.start();
  try {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    const about = () => lines.filter((line) => line.msg !== 'HTTP API listening' && !/no token/.test(String(line.msg)));
    await waitFor('the abort to be logged', () => about().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(about().length, 1, JSON.stringify(about()));
    assert.match(String(about()[0]!.msg), /closed the connection/);
    assert.ok(!JSON.stringify(about()[0]).includes('    at '), 'no stack trace');
    assert.equal(about()[0]!.err, undefined);
    assert.equal(about()[0]!.path, '/api/echo');
  } finally {
    await server.stop();
  }
});

test('open connections are capped: past the limit new ones are closed at once and counted', async () => {
  const { lines, logger } = capturedLogger();
  const server = new GatewayHttpServer({ port: 0, maxConnections: 5, logger });
  server.router.add('GET', '/open', ({ res }) => sendJson(res, 200, { open: true }), { auth: false });
  const { port } = await server.start();
  const idle: Socket[] = [];
  try {
    // Five clients connect and send nothing (slow-header attackers hold connections the same way).
    for (let i = 0; i < 5; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      idle.push(socket);
    }
    await waitFor('five connections', () => server.openConnections === 5);
    const refused = connect(port, '127.0.0.1');
    refused.on('error', () => undefined);
    await new Promise((resolve) => refused.once('close', resolve));
    assert.equal(server.connectionsRefused, 1);
    assert.equal(lines.filter((line) => /connection limit/i.test(String(line.msg))).length, 1);
    idle.pop()!.destroy();
    await waitFor('a free slot', () => server.openConnections === 4);
    assert.equal((await fetch(`http://127.0.0.1:${port}/open`)).status, 200);
  } finally {
    for (const socket of idle) socket.destroy();
    await server.stop();
  }
});
