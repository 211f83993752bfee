// The nginx site we generate, run by a real nginx (Debian's) in the foreground from a private prefix
// folder: TLS with a throwaway certificate, WSS proxied to a WebSocket server standing in for
// Asterisk's /ws, the real gateway HTTP server behind /api/, and the static pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAsteriskConfig } from '../../src/asterisk-config/generate.js';
import { renderNginxSite, NGINX_SITE_FILE } from '../../src/asterisk-config/nginx-conf.js';
import { resolveAsteriskConfigOptions } from '../../src/asterisk-config/options.js';
import { ensureSecrets } from '../../src/asterisk-config/secrets.js';
import { configSchema } from '../../src/config/schema.js';
import { Gateway } from '../../src/gateway.js';
import { QUALITY_PROOF, agentProofHeader } from '../../src/agent-auth/agent-proof.js';
import { qualityExtension } from '../../src/quality/quality-extension.js';
import { turnExtension } from '../../src/turn/turn-extension.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { freePort } from '../support/free-port.js';
import { nginxConfigTest, startNginx, writeNginxPrefix, type RunningNginx } from '../support/nginx.js';
import { selfSignedCert } from '../support/self-signed-cert.js';
import { startWebSocketEcho, wssRoundTrip } from '../support/websocket-stub.js';

const WWE = 'https://wwe.example.com';
const ADMIN = 'admin-token-behind-nginx-0123456';
const PRESENCE = 'presence-token-behind-nginx-0123';
const PASSWORD = 'sip-password-5001-behind-nginx';

let dir: string;
let ca: Buffer;
let httpsPort: number;
let httpPort: number;
let nginx: RunningNginx;
let asterisk: Awaited<ReturnType<typeof startWebSocketEcho>>;
let sim: AmiSimulator;
let gateway: Gateway;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function https(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: httpsPort, servername: 'localhost', path, method, ca, headers: { host: `localhost:${httpsPort}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wwe-nginx-'));
  const cert = selfSignedCert(dir);
  ca = readFileSync(cert.certFile);
  const www = join(dir, 'www');
  mkdirSync(join(www, 'wwe-embed'), { recursive: true });
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>wwe-webrtc standalone</title>');
  writeFileSync(join(www, 'wwe-embed/widget.html'), '<!doctype html><title>widget</title>');

  asterisk = await startWebSocketEcho('/ws');
  const passwords = join(dir, 'secrets.json');
  writeFileSync(passwords, JSON.stringify({ agents: { '5001': PASSWORD } }));
  sim = new AmiSimulator({ dns: dnRange(5001, 2) });
  const amiPort = await sim.start();
  gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5002' },
      http: { port: 0, token: ADMIN, presenceToken: PRESENCE, corsOrigins: [WWE] },
      relay: { enabled: false },
      turn: { enabled: true, secret: 'turn-secret-behind-nginx-0123456', urls: ['turns:localhost:5349?transport=tcp'], agentPasswordsFile: passwords },
      quality: { browserReports: { enabled: true } },
    }),
    { extensions: [turnExtension(), qualityExtension()] },
  );
  const gatewayPort = (await gateway.start()).port;

  httpsPort = await freePort();
  httpPort = await freePort();
  const site = renderNginxSite({ serverName: 'localhost', certFile: cert.certFile, keyFile: cert.keyFile, httpsPort, httpPort, listenAddress: '127.0.0.1', asteriskHttp: `127.0.0.1:${asterisk.port}`, gateway: `127.0.0.1:${gatewayPort}`, staticRoot: www });
  const prefix = join(dir, 'nginx');
  const conf = writeNginxPrefix(prefix, site);
  const check = nginxConfigTest(prefix, conf);
  assert.ok(check.ok, check.output);
  nginx = await startNginx(prefix, conf, httpsPort);
});

after(async () => {
  await nginx?.stop();
  await gateway?.stop();
  await sim?.stop();
  await asterisk?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('nginx -t accepts the site asterisk-config writes, as Debian includes it (every address, 443 and 80)', () => {
  const cert = selfSignedCert(dir, 'shipped');
  const resolved = resolveAsteriskConfigOptions({ dnRanges: '5001', genesys: '10.0.0.7', publicAddress: 'pbx.example.com', certFile: cert.certFile, keyFile: cert.keyFile, proxy: { host: 'pbx.example.com' } });
  const site = renderAsteriskConfig(resolved, ensureSecrets(undefined, resolved.dns).secrets).find((f) => f.name === NGINX_SITE_FILE)!;
  assert.match(site.content, /^ {4}listen 443 ssl http2;$/m);
  assert.match(site.content, /^ {4}listen \[::\]:443 ssl http2;$/m);
  const prefix = join(dir, 'nginx-shipped');
  const check = nginxConfigTest(prefix, writeNginxPrefix(prefix, site.content));
  assert.ok(check.ok, check.output);
  assert.match(check.output, /syntax is ok/);
});

test('WSS: the upgrade reaches Asterisk\'s /ws with the sip subprotocol, Host and Origin, and frames flow both ways', async () => {
  const result = await wssRoundTrip({ port: httpsPort, path: '/ws', host: 'localhost', origin: WWE, ca, message: 'REGISTER sip:localhost SIP/2.0' });
  assert.match(result.status, /^HTTP\/1\.1 101/);
  assert.match(result.headers, /^Sec-WebSocket-Protocol: sip$/im);
  assert.equal(result.reply, 'echo:REGISTER sip:localhost SIP/2.0');
  const seen = asterisk.handshakes.at(-1)!;
  assert.equal(seen.upgrade, 'websocket');
  assert.equal(seen['sec-websocket-protocol'], 'sip');
  assert.equal(seen.origin, WWE);
  assert.equal(seen.host, 'localhost');
  assert.equal(seen['x-forwarded-proto'], 'https');
  assert.equal(seen['x-forwarded-for'], '127.0.0.1');
});

test('the gateway behind nginx: Origin and Authorization pass through, so CORS, tokens and TURN proofs work unchanged', async () => {
  const nonce = await https('GET', '/api/turn/nonce', { origin: WWE });
  assert.equal(nonce.status, 200, nonce.body);
  assert.equal(nonce.headers['access-control-allow-origin'], WWE);
  const preflight = await https('OPTIONS', '/api/turn/credentials', { origin: WWE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
  assert.equal(preflight.status, 204);
  const credentials = await https('GET', '/api/turn/credentials', { origin: WWE, authorization: agentProofHeader(PASSWORD, '5001', (JSON.parse(nonce.body) as { nonce: string }).nonce) });
  assert.equal(credentials.status, 200, credentials.body);
  assert.match((JSON.parse(credentials.body) as { iceServers: Array<{ username: string }> }).iceServers[0]!.username, /^\d+:5001$/);

  const presence = await https('GET', '/api/dns/5001', { origin: WWE, authorization: `Bearer ${PRESENCE}` });
  assert.equal(presence.status, 200, presence.body);
  assert.equal(presence.headers['access-control-allow-origin'], WWE);
  assert.equal((await https('GET', '/api/dns/5001', { origin: WWE })).status, 401, 'the gateway still asks for its token');
  assert.equal((await https('GET', '/api/dns/5001', { origin: 'https://evil.example', authorization: `Bearer ${PRESENCE}` })).headers['access-control-allow-origin'], undefined);
});

test("a browser's quality report passes nginx (POST, at most 4 KiB); the quality table stays on the gateway host", async () => {
  const nonce = await https('GET', '/api/quality/nonce', { origin: WWE });
  assert.equal(nonce.status, 200, nonce.body);
  const preflight = await https('OPTIONS', '/api/dns/5001/quality', { origin: WWE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' });
  assert.equal(preflight.status, 204);
  const report = JSON.stringify({ callUuid: 'BEHINDNGINX0001', samples: 3, mos: { min: 4, avg: 4.2, max: 4.4 }, warnings: [] });
  const authorization = agentProofHeader(PASSWORD, '5001', (JSON.parse(nonce.body) as { nonce: string }).nonce, QUALITY_PROOF);
  const posted = await https('POST', '/api/dns/5001/quality', { origin: WWE, authorization, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(report)) }, report);
  assert.equal(posted.status, 202, posted.body);
  const large = JSON.stringify({ samples: 1, pad: 'x'.repeat(5000) });
  assert.equal((await https('POST', '/api/dns/5001/quality', { 'content-type': 'application/json', 'content-length': String(large.length) }, large)).status, 413, 'nginx refuses a large body before the gateway');
  assert.equal((await https('GET', '/api/dns/5001/quality')).status, 403, 'only POST is passed');
  assert.equal((await https('GET', '/api/quality', { authorization: `Bearer ${ADMIN}` })).status, 404);
});

test('admin routes are not published: the DN list, event stream, metrics and answer stay on the gateway host', async () => {
  for (const path of ['/api/dns', '/api/events', '/api/summary', '/metrics']) {
    const reply = await https('GET', path, { authorization: `Bearer ${ADMIN}` });
    assert.equal(reply.status, 404, path);
    assert.ok(!reply.body.includes('"dns"'), path);
  }
  assert.equal((await https('POST', '/api/dns/5001/answer', { authorization: `Bearer ${ADMIN}` })).status, 404);
  assert.equal((await https('POST', '/api/turn/credentials', { authorization: `Bearer ${ADMIN}` })).status, 403);
});

test('the pages are served over HTTPS with HSTS, and plain HTTP redirects to HTTPS', async () => {
  const page = await https('GET', '/');
  assert.equal(page.status, 200);
  assert.match(page.body, /wwe-webrtc standalone/);
  assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
  assert.equal(page.headers.server, 'nginx', 'no version');
  assert.equal((await https('GET', '/wwe-embed/widget.html')).status, 200);
  const redirect = await fetch(`http://127.0.0.1:${httpPort}/wwe-embed/widget.html`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), 'https://127.0.0.1/wwe-embed/widget.html', 'same host, default HTTPS port, same path');
});
