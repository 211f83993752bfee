// Another site's page attacking a gateway that listens on loopback without a token: a cross-site POST
// (CSRF) that would answer an agent's call, and DNS rebinding (attacker.example resolving to 127.0.0.1)
// to read the DN list. Requests are written raw, so the test sets Host, Origin and Sec-Fetch-* exactly
// as a browser would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { remoteAnswerExtension } from '../../src/relay/remote-answer-extension.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { freeUdpPort } from '../support/free-udp-port.js';
import { waitFor } from '../support/wait-for.js';

interface Reply {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorCode = (reply: Reply) => (JSON.parse(reply.body) as { error?: { code: string } }).error?.code;

async function setup(token?: string) {
  const sim = new AmiSimulator({ dns: dnRange(5001, 5) });
  const amiPort = await sim.start();
  const lines: Array<Record<string, unknown>> = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5005', confirmTimeoutMs: 1_000 },
      http: { port: 0, ...(token && { token }) },
      relay: { hep: { port: await freeUdpPort(), password: 'cross-site-hep-password' }, genesysAddresses: ['192.0.2.81'] },
    }),
    { logger: createLogger({ level: 'info' }, logs), extensions: [remoteAnswerExtension()] },
  );
  const { port } = await gateway.start();
  await waitFor('reconciled', () => gateway.sync.ready);
  sim.addContact('5004', wsContactUri('5004', 44000));
  await waitFor('5004 online', () => gateway.sync.hasBrowserContacts('5004'));
  return { sim, port, lines, notifies: () => sim.actionsNamed('PJSIPNotify').length, async [Symbol.asyncDispose]() { await gateway.stop(); await sim.stop(); } };
}

const json = { 'content-type': 'application/json' };

test('without a token, a cross-site POST cannot answer an agent\'s call (CSRF)', async () => {
  await using ctx = await setup();
  const attempts: Array<Record<string, string>> = [
    { origin: 'https://evil.example', ...json },
    // A plain HTML form: no preflight, a "simple" content type, an empty body.
    { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    // Sandboxed frames and data: pages send the opaque origin.
    { origin: 'null', ...json },
    // Another port on the same host is another origin.
    { origin: `http://127.0.0.1:${ctx.port + 1}`, ...json },
  ];
  for (const headers of attempts) {
    const reply = await send(ctx.port, 'POST', '/api/dns/5004/answer', headers, '');
    assert.equal(reply.status, 403, JSON.stringify(headers));
    assert.equal(errorCode(reply), 'CROSS_ORIGIN_REFUSED');
  }
  assert.equal(ctx.notifies(), 0, 'no PJSIPNotify reached Asterisk');

  // What stays possible: a CTI adapter (no Origin) and the gateway's own pages (same origin).
  assert.equal((await send(ctx.port, 'POST', '/api/dns/5004/answer', json, '{}')).status, 200);
  assert.equal((await send(ctx.port, 'POST', '/api/dns/5004/answer', { origin: `http://127.0.0.1:${ctx.port}`, ...json }, '{"event":"hold"}')).status, 200);
  assert.equal(ctx.notifies(), 2);
});

test('without a token, a request addressed to another host name is refused (DNS rebinding)', async () => {
  await using ctx = await setup();
  for (const host of [`attacker.example:${ctx.port}`, 'attacker.example', `127.0.0.1.attacker.example:${ctx.port}`, `localhost.attacker.example`]) {
    const reply = await send(ctx.port, 'GET', '/api/dns', { host });
    assert.equal(reply.status, 403, host);
    assert.equal(errorCode(reply), 'HOST_NOT_ALLOWED');
    assert.doesNotMatch(reply.body, /5004/, 'no DN data in the refusal');
  }
  // HTTP/1.0 without any Host header.
  const bare = await new Promise<string>((resolve) => {
    const socket = connect(ctx.port, '127.0.0.1', () => socket.end('GET /api/dns HTTP/1.0\r\n\r\n'));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
  });
  assert.match(bare, /^HTTP\/1\.1 403 /);
  for (const host of [`127.0.0.1:${ctx.port}`, `localhost:${ctx.port}`, 'localhost', `[::1]:${ctx.port}`, `LOCALHOST:${ctx.port}`]) {
    assert.equal((await send(ctx.port, 'GET', '/api/dns', { host })).status, 200, host);
  }
});

test('without a token, another site\'s page cannot read or load the API', async () => {
  await using ctx = await setup();
  const cors = await send(ctx.port, 'GET', '/api/dns', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' });
  assert.equal(cors.status, 403);
  // <img src> / <script src>: no Origin, but the browser says where the request comes from.
  const embedded = await send(ctx.port, 'GET', '/api/dns', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' });
  assert.equal(embedded.status, 403);
  assert.equal(errorCode(embedded), 'CROSS_ORIGIN_REFUSED');
  // A link from another site to the dashboard still opens it; so does the dashboard reading its own API.
  assert.equal((await send(ctx.port, 'GET', '/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status, 200);
  assert.equal((await send(ctx.port, 'GET', '/api/dns', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' })).status, 200);
});

test('running without a token is said once, at start, as a warning', async () => {
  await using ctx = await setup();
  const warnings = ctx.lines.filter((line) => line.level === 40 && /no token/i.test(String(line.msg)));
  assert.equal(warnings.length, 1);
  assert.match(String(warnings[0]!.msg), /WWE_GATEWAY_HTTP_TOKEN/);
});

test('with a token, a cross-site POST is refused even when it carries the token', async () => {
  const token = 'cross-site-test-token-0123456789';
  await using ctx = await setup(token);
  const reply = await send(ctx.port, 'POST', '/api/dns/5004/answer', { origin: 'https://evil.example', authorization: `Bearer ${token}`, ...json }, '{}');
  assert.equal(reply.status, 403);
  assert.equal(ctx.notifies(), 0);
  assert.equal((await send(ctx.port, 'POST', '/api/dns/5004/answer', { authorization: `Bearer ${token}`, ...json }, '{}')).status, 200);
  // Behind a reverse proxy the gateway is reached by another name; the token protects it there.
  assert.equal((await send(ctx.port, 'GET', '/api/dns', { host: 'gateway.example.com', authorization: `Bearer ${token}` })).status, 200);
  assert.equal(ctx.lines.filter((line) => /no token/i.test(String(line.msg))).length, 0);
});
