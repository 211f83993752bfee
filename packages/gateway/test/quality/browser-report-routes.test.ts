// Browsers' own call-quality reports over HTTP, against a real gateway with the AMI simulator playing
// Asterisk's RTCP events: the proof, hostile bodies, the per-DN limit, the join with Asterisk's legs
// by Genesys call UUID, and what /metrics and the log show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUALITY_PROOF, agentProofHeader } from '../../src/agent-auth/agent-proof.js';
import { configSchema } from '../../src/config/schema.js';
import { Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { qualityExtension } from '../../src/quality/quality-extension.js';
import { rtcpReceived, rtcpSent, type RtcpChannel } from '../support/ami-frames.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import { capturedLog } from '../support/captured-log.js';

const ADMIN = 'admin-token-for-browser-report-tests';
const PASSWORD = 'sip-password-of-5001-for-tests';
const WWE = 'https://wwe.example.com';
const UUID = 'BROWSERREPORT000000000000000001';
const T = 1_796_175_000_000;

const REPORT = {
  callUuid: UUID,
  direction: 'incoming',
  endReason: 'remote-hangup',
  samples: 42,
  firstSampleAt: T,
  lastSampleAt: T + 41_000,
  codec: 'PCMU',
  candidate: { local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'tls', networkType: 'wifi' },
  mos: { min: 3.9, avg: 4.2, max: 4.4 },
  rttMs: { min: 20, avg: 31.5, max: 60 },
  jitterMs: { min: 1, avg: 3, max: 9 },
  packetLoss: { min: 0, avg: 0.001, max: 0.02 },
  audioInputLevel: { min: 0, avg: 0, max: 0 },
  warnings: [
    { name: 'constant-audio-input-level', raisedAt: T + 11_000 },
    { name: 'ice-disconnected', raisedAt: T + 20_000, clearedAt: T + 22_000 },
  ],
};

async function setup(browserReports: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-browser-reports-'));
  const passwordsFile = join(dir, 'secrets.json');
  writeFileSync(passwordsFile, JSON.stringify({ agents: { '5001': PASSWORD, '5002': 'sip-password-of-5002-for-tests' } }));
  const sim = new AmiSimulator({ dns: ['5001', '5002'] });
  const amiPort = await sim.start();
  const log = capturedLog();
  const logger = createLogger({ level: 'debug' }, log.destination);
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001-5002' },
    http: { port: 0, token: ADMIN, corsOrigins: [WWE] },
    relay: { enabled: false },
    quality: { browserReports: { enabled: true, agentPasswordsFile: passwordsFile, ...browserReports } },
  });
  const gateway = new Gateway(config, { logger, extensions: [qualityExtension()] });
  const { port } = await gateway.start();
  await eventually('AMI connected', async () => gateway.client.connected);
  const base = `http://127.0.0.1:${port}`;
  const nonce = async () => ((await (await fetch(`${base}/api/quality/nonce`)).json()) as { nonce: string }).nonce;
  const post = async (dn: string, body: unknown, options: { authorization?: string; headers?: Record<string, string>; raw?: string } = {}) =>
    fetch(`${base}/api/dns/${dn}/quality`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: options.authorization ?? agentProofHeader(PASSWORD, '5001', await nonce(), QUALITY_PROOF), ...options.headers },
      body: options.raw ?? JSON.stringify(body),
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON shapes are asserted field by field
  const admin = async (path: string): Promise<any> => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
  const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
  return {
    base, sim, nonce, post, admin, metrics,
    logs: log.text,
    async [Symbol.asyncDispose]() {
      await gateway.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function errorCode(reply: Response): Promise<string> {
  return ((await reply.json()) as { error: { code: string } }).error.code;
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("a browser's report joins Asterisk's legs by call UUID; /api/quality, /metrics and the log show it", async () => {
  await using ctx = await setup();
  const trunk: RtcpChannel = { channel: 'PJSIP/genesys-00000001', uniqueid: '1796175001.1', linkedid: '1796175001.1', exten: '5001', callUuid: UUID };
  const browser: RtcpChannel = { channel: 'PJSIP/5001-00000002', uniqueid: '1796175001.2', linkedid: '1796175001.1', callUuid: UUID };
  ctx.sim.broadcast(rtcpSent(trunk, { fractionLost: 0, jitter: 8 }));
  ctx.sim.broadcast(rtcpReceived(browser, { fractionLost: 0, jitter: 16 }, 0.002));
  await eventually('two legs', async () => (await ctx.admin('/api/quality')).calls[0]?.legs.length === 2);

  const reply = await ctx.post('5001', { ...REPORT, extra: { nested: 'ignored' }, mos: { ...REPORT.mos, stdev: 1 } });
  assert.equal(reply.status, 202);
  assert.deepEqual(await reply.json(), { joined: true });

  const { calls } = await ctx.admin('/api/quality');
  assert.equal(calls.length, 1, 'one call: the report joined the legs, it did not add a call');
  const [call] = calls;
  assert.equal(call.callUuid, UUID);
  assert.equal(call.legs.length, 2);
  assert.equal(call.browser.dn, '5001');
  assert.equal(call.browser.candidate.local, 'relay');
  assert.deepEqual(call.browser.mos, { min: 3.9, avg: 4.2, max: 4.4 }, 'unknown fields are dropped');
  assert.equal(call.browser.extra, undefined);
  assert.deepEqual(call.browser.warnings.map((w: { name: string }) => w.name), ['constant-audio-input-level', 'ice-disconnected']);
  assert.equal(call.belowThreshold, false, "the browser's view never changes Asterisk's worst MOS");
  assert.equal((await ctx.admin('/api/quality?attention=true')).calls.length, 1, 'a call whose browser warned needs attention');
  assert.equal((await ctx.admin('/api/quality?below=true')).calls.length, 0);

  const metrics = await ctx.metrics();
  assert.match(metrics, /wwe_gateway_browser_call_mos_bucket\{le="4.2",dn_range="5001-5002",candidate="relay"\} 1/);
  assert.match(metrics, /wwe_gateway_browser_call_mos_bucket\{le="4",dn_range="5001-5002",candidate="relay"\} 0/);
  assert.match(metrics, /wwe_gateway_browser_quality_warnings_total\{warning="constant-audio-input-level",dn_range="5001-5002"\} 1/);
  assert.match(metrics, /wwe_gateway_browser_quality_warnings_total\{warning="ice-disconnected",dn_range="5001-5002"\} 1/);
  assert.match(metrics, /wwe_gateway_browser_quality_requests_total\{route="report",result="accepted"\} 1/);
  assert.match(ctx.logs(), /"msg":"browser reported quality warnings for a call"/);
  assert.doesNotMatch(ctx.logs(), /proof=|WWE-QUALITY|sip-password/, 'neither the proof nor the password is logged');
});

test('a report before any RTCP is a call of its own until Asterisk reports on that UUID', async () => {
  await using ctx = await setup();
  assert.deepEqual(await (await ctx.post('5001', REPORT)).json(), { joined: false });
  let { calls } = await ctx.admin('/api/quality');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].dn, '5001');
  assert.equal(calls[0].linkedid, undefined);
  ctx.sim.broadcast(rtcpSent({ channel: 'PJSIP/5001-00000009', uniqueid: '1796175009.2', linkedid: '1796175009.1', callUuid: UUID }, { fractionLost: 0, jitter: 8 }));
  await eventually('the leg joined', async () => (await ctx.admin('/api/quality')).calls[0]?.legs.length === 1);
  ({ calls } = await ctx.admin('/api/quality'));
  assert.equal(calls.length, 1);
  assert.equal(calls[0].linkedid, '1796175009.1');
  assert.equal(calls[0].browser.dn, '5001');
});

test("a DN cannot report on another agent's call", async () => {
  await using ctx = await setup();
  ctx.sim.broadcast(rtcpSent({ channel: 'PJSIP/5002-00000003', uniqueid: '1796175003.2', linkedid: '1796175003.1', callUuid: UUID }, { fractionLost: 0, jitter: 8 }));
  await eventually('the leg', async () => (await ctx.admin('/api/quality')).calls.length === 1);
  const reply = await ctx.post('5001', REPORT);
  assert.equal(reply.status, 409);
  assert.equal(await errorCode(reply), 'QUALITY_CALL_NOT_THIS_DN');
  assert.equal((await ctx.admin('/api/quality')).calls[0].browser, undefined);
});

test('only a fresh proof of the DN in the path is accepted', async () => {
  await using ctx = await setup();
  const noAuth = await ctx.post('5001', REPORT, { authorization: '' });
  assert.equal(noAuth.status, 401);
  assert.equal(await errorCode(noAuth), 'QUALITY_AUTH_REQUIRED');
  assert.match(noAuth.headers.get('www-authenticate') ?? '', /^WWE-QUALITY nonce-uri="\/api\/quality\/nonce"/);

  const bearer = await ctx.post('5001', REPORT, { authorization: `Bearer ${ADMIN}` });
  assert.equal(bearer.status, 401, 'the admin token is not a proof');

  const wrong = await ctx.post('5001', REPORT, { authorization: agentProofHeader('not-the-password', '5001', await ctx.nonce(), QUALITY_PROOF) });
  assert.equal(wrong.status, 403);
  assert.equal(await errorCode(wrong), 'QUALITY_PROOF_INVALID');

  const turnProof = await ctx.post('5001', REPORT, { authorization: agentProofHeader(PASSWORD, '5001', await ctx.nonce()).replace('WWE-TURN', 'WWE-QUALITY') });
  assert.equal(turnProof.status, 403, "a TURN proof (another context) does not pass here");

  const otherDn = await ctx.post('5002', REPORT);
  assert.equal(otherDn.status, 403);
  assert.equal(await errorCode(otherDn), 'QUALITY_DN_MISMATCH');

  const nonce = await ctx.nonce();
  const header = agentProofHeader(PASSWORD, '5001', nonce, QUALITY_PROOF);
  assert.equal((await ctx.post('5001', REPORT, { authorization: header })).status, 202);
  const replay = await ctx.post('5001', REPORT, { authorization: header });
  assert.equal(replay.status, 401);
  assert.equal(await errorCode(replay), 'QUALITY_NONCE_INVALID');

  const hostileDn = await ctx.post('5001%0D%0A%0D%0AAction:%20Command', REPORT);
  assert.equal(hostileDn.status, 400);
  assert.equal(await errorCode(hostileDn), 'DN_INVALID');
  assert.doesNotMatch(ctx.logs(), /proof=|not-the-password/);
});

test('hostile bodies get a 4xx naming the problem, and change nothing', async () => {
  await using ctx = await setup({ perDnBurst: 100 });
  const cases: Array<[string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number, string, RegExp?]> = [
    ['too large', { raw: JSON.stringify({ ...REPORT, pad: 'x'.repeat(5000) }) }, 413, 'BODY_TOO_LARGE'],
    ['not JSON', { raw: '{"samples":' }, 400, 'INVALID_JSON'],
    ['not declared JSON', { raw: JSON.stringify(REPORT), headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an array', { body: [REPORT] }, 400, 'QUALITY_REPORT_INVALID', /body: /],
    ['unknown warning', { body: { ...REPORT, warnings: [{ name: 'rm -rf', raisedAt: T }] } }, 400, 'QUALITY_REPORT_INVALID', /warnings\.0\.name/],
    ['MOS out of range', { body: { ...REPORT, mos: { min: 1, avg: 9, max: 99 } } }, 400, 'QUALITY_REPORT_INVALID', /mos\.avg/],
    ['loss above 1', { body: { ...REPORT, packetLoss: { min: 0, avg: 0.5, max: 1.5 } } }, 400, 'QUALITY_REPORT_INVALID', /packetLoss\.max/],
    ['min above max', { body: { ...REPORT, rttMs: { min: 50, avg: 10, max: 20 } } }, 400, 'QUALITY_REPORT_INVALID', /rttMs: needs min ≤ avg ≤ max/],
    ['NaN-ish sample count', { body: { ...REPORT, samples: '1e999' } }, 400, 'QUALITY_REPORT_INVALID', /samples/],
    ['hostile call UUID', { body: { ...REPORT, callUuid: 'X\r\nAction: Command' } }, 400, 'QUALITY_REPORT_INVALID', /callUuid: is not a Genesys call UUID/],
    ['hostile candidate', { body: { ...REPORT, candidate: { local: '<script>' } } }, 400, 'QUALITY_REPORT_INVALID', /candidate\.local/],
    ['too many warnings', { body: { ...REPORT, warnings: Array.from({ length: 33 }, () => ({ name: 'low-mos', raisedAt: T })) } }, 400, 'QUALITY_REPORT_INVALID', /warnings/],
  ];
  for (const [what, request, status, code, message] of cases) {
    const reply = await ctx.post('5001', request.body, { ...(request.raw !== undefined && { raw: request.raw }), ...(request.headers && { headers: request.headers }) });
    assert.equal(reply.status, status, what);
    const error = ((await reply.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code, what);
    if (message) assert.match(error.message, message, what);
    assert.doesNotMatch(error.message, /script|Action: Command|rm -rf/, `${what}: the input is not echoed`);
  }
  assert.deepEqual((await ctx.admin('/api/quality')).calls, []);
  assert.match(await ctx.metrics(), /wwe_gateway_browser_quality_requests_total\{route="report",result="invalid"\} 12/);
});

test('each DN has its own report budget', async () => {
  await using ctx = await setup({ perDnPerMinute: 1, perDnBurst: 2 });
  assert.equal((await ctx.post('5001', REPORT)).status, 202);
  assert.equal((await ctx.post('5001', { ...REPORT, callUuid: `${UUID}2` })).status, 202);
  const limited = await ctx.post('5001', { ...REPORT, callUuid: `${UUID}3` });
  assert.equal(limited.status, 429);
  assert.equal(await errorCode(limited), 'TOO_MANY_REQUESTS');
  assert.equal(limited.headers.get('retry-after'), '60');
  // Failed proofs for 5001 do not spend its budget, and 5002 has its own.
  const other = await fetch(`${ctx.base}/api/dns/5002/quality`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: agentProofHeader('sip-password-of-5002-for-tests', '5002', await ctx.nonce(), QUALITY_PROOF) },
    body: JSON.stringify({ ...REPORT, callUuid: `${UUID}4` }),
  });
  assert.equal(other.status, 202);
});

test("the CORS allow-list's pages may post (preflight for POST with Content-Type); other pages may not", async () => {
  await using ctx = await setup();
  const preflight = await fetch(`${ctx.base}/api/dns/5001/quality`, {
    method: 'OPTIONS',
    headers: { origin: WWE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), WWE);
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST');
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
  const evil = await fetch(`${ctx.base}/api/dns/5001/quality`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(evil.status, 403);

  const listed = await ctx.post('5001', REPORT, { headers: { origin: WWE } });
  assert.equal(listed.status, 202);
  assert.equal(listed.headers.get('access-control-allow-origin'), WWE);
  const foreign = await ctx.post('5001', REPORT, { headers: { origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.equal(await errorCode(foreign), 'CROSS_ORIGIN_REFUSED');
  // The admin read of the same table stays closed to pages.
  assert.equal((await fetch(`${ctx.base}/api/quality`, { headers: { origin: WWE } })).status, 401);
});

test('browser reports are off unless enabled, and need the agents\' passwords', async () => {
  {
    await using ctx = await setup({ enabled: false });
    assert.equal((await fetch(`${ctx.base}/api/quality/nonce`)).status, 404);
    assert.equal((await fetch(`${ctx.base}/api/dns/5001/quality`, { method: 'POST' })).status, 404);
    assert.doesNotMatch(await ctx.metrics(), /wwe_gateway_browser_/);
  }
  const sim = new AmiSimulator({ dns: ['5001'] });
  const amiPort = await sim.start();
  try {
    const config = configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5002' },
      http: { port: 0, token: ADMIN },
      relay: { enabled: false },
      quality: { browserReports: { enabled: true } },
    });
    const gateway = new Gateway(config, { extensions: [qualityExtension()] });
    await assert.rejects(gateway.start(), /quality\.browserReports\.agentPasswordsFile: required/);
    await gateway.stop();
  } finally {
    await sim.stop();
  }
});
