import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { main } from '../src/cli.js';
import { AmiSimulator, dnRange } from './support/ami-simulator.js';
import { capturedLog } from './support/captured-log.js';
import { waitFor } from './support/wait-for.js';

async function capture(argv: string[], io: Parameters<typeof main>[2] = {}) {
  let printed = '';
  const code = await main(argv, (text) => {
    printed += text;
  }, io);
  return { code, printed };
}

test('--help prints usage and exits 0', async () => {
  const { code, printed } = await capture(['--help']);
  assert.equal(code, 0);
  assert.match(printed, /^wwe-gateway \d+\.\d+\.\d+/);
  assert.match(printed, /Usage:/);
});

test('an unknown command prints usage and exits 2', async () => {
  const { code, printed } = await capture(['frobnicate']);
  assert.equal(code, 2);
  assert.match(printed, /Usage:/);
});

test('check-config lists every problem and exits 2; prints the config with secrets hidden when valid', async () => {
  const bad = await capture(['check-config'], { env: { WWE_GATEWAY_AMI_PORT: 'x' } });
  assert.equal(bad.code, 2);
  assert.match(bad.printed, /Invalid gateway configuration:[\s\S]*WWE_GATEWAY_AMI_PORT[\s\S]*ami\.username/);
  const env = { WWE_GATEWAY_AMI_USERNAME: 'gw', WWE_GATEWAY_AMI_SECRET: 'very-secret-value', WWE_GATEWAY_DN_RANGES: '5001-5002', WWE_GATEWAY_RELAY_ENABLED: 'false' };
  const good = await capture(['check-config'], { env });
  assert.equal(good.code, 0);
  assert.ok(!good.printed.includes('very-secret-value'));
  assert.match(good.printed, /"secret": "\[redacted\]"/);
});

test('asterisk-config writes the whole set, and reports bad input with exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-cli-'));
  try {
    const args = ['asterisk-config', '--dns', '5001-5003', '--genesys', '10.0.0.7', '--public-address', '203.0.113.5', '--cert', '/etc/asterisk/keys/a.crt', '--key', '/etc/asterisk/keys/a.key', '--out', dir];
    const first = await capture(args);
    assert.equal(first.code, 0, first.printed);
    assert.match(first.printed, /Generated 7 new secret/);
    assert.deepEqual(readdirSync(dir).sort(), ['extensions.conf', 'gateway.env', 'gateway.json', 'hep.conf', 'http.conf', 'manager.conf', 'pjsip.conf', 'pjsip_notify.conf', 'rtp.conf', 'secrets.json']);
    assert.match((await capture(args)).printed, /Reused every existing secret/);
    const bad = await capture(['asterisk-config', '--dns', '5001-50x', '--out', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.printed, /--dns[\s\S]*--genesys[\s\S]*--public-address[\s\S]*--cert/);
    assert.equal((await capture(['asterisk-config', '--bogus'])).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run starts the gateway against AMI, logs JSON without secrets, and stops cleanly', async () => {
  const sim = new AmiSimulator({ dns: dnRange(5001, 2), secret: 'cli-run-secret' });
  const port = await sim.start();
  const log = capturedLog();
  const stop = new AbortController();
  const env = {
    WWE_GATEWAY_AMI_PORT: String(port), WWE_GATEWAY_AMI_USERNAME: 'gateway', WWE_GATEWAY_AMI_SECRET: 'cli-run-secret',
    WWE_GATEWAY_DN_RANGES: '5001-5002', WWE_GATEWAY_HTTP_PORT: '0', WWE_GATEWAY_RELAY_ENABLED: 'false', WWE_GATEWAY_UNREGISTER_ON_SHUTDOWN: 'true',
  };
  const running = capture(['run'], { env, stop: stop.signal, logDestination: log.destination });
  await waitFor('reconciled', () => log.text().includes('reconciled with Asterisk'));
  sim.addContact('5002', 'sip:5002@a;transport=ws');
  await waitFor('5002 registered', () => sim.registration('5002')?.status === 'Registered');
  stop.abort();
  const { code } = await running;
  await sim.stop();
  assert.equal(code, 0);
  assert.deepEqual(sim.actionsNamed('PJSIPUnregister').map((a) => a.get('Registration')), ['genesys_reg_5002'], 'unregister on shutdown (WWE_GATEWAY_UNREGISTER_ON_SHUTDOWN)');
  assert.equal(sim.actionsNamed('Logoff').length, 1);
  const logs = log.text();
  const lines = logs.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
  assert.ok(lines.some((l) => l.msg === 'AMI logged in'));
  assert.equal(lines.at(-1)?.msg, 'stopped');
  assert.ok(!logs.includes('cli-run-secret'), 'the AMI secret never reaches the log');
});

test('run exits 1 when AMI refuses the login', async () => {
  const sim = new AmiSimulator({ dns: dnRange(5001, 1), authFailDelayMs: 5 });
  const port = await sim.start();
  const env = { WWE_GATEWAY_AMI_PORT: String(port), WWE_GATEWAY_AMI_USERNAME: 'gateway', WWE_GATEWAY_AMI_SECRET: 'wrong-secret', WWE_GATEWAY_DN_RANGES: '5001', WWE_GATEWAY_HTTP_PORT: '0', WWE_GATEWAY_RELAY_ENABLED: 'false', WWE_GATEWAY_LOG_LEVEL: 'silent' };
  const { code } = await capture(['run'], { env });
  await sim.stop();
  assert.equal(code, 1);
});

test('run starts the remote-answer relay when enabled: HEP listener and the answer route', async () => {
  const sim = new AmiSimulator({ dns: dnRange(5001, 2) });
  const port = await sim.start();
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const hepPort = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const log = capturedLog();
  const stop = new AbortController();
  const env = {
    WWE_GATEWAY_AMI_PORT: String(port), WWE_GATEWAY_AMI_USERNAME: 'gateway', WWE_GATEWAY_AMI_SECRET: 'simulated-secret',
    WWE_GATEWAY_DN_RANGES: '5001-5002', WWE_GATEWAY_HTTP_PORT: '0', WWE_GATEWAY_HEP_PORT: String(hepPort),
    WWE_GATEWAY_HEP_PASSWORD: 'hep-password-123', WWE_GATEWAY_GENESYS_ADDRESSES: '127.0.0.1:5070',
  };
  const running = capture(['run'], { env, stop: stop.signal, logDestination: log.destination });
  try {
    await waitFor('reconciled', () => log.text().includes('reconciled with Asterisk'));
    assert.match(log.text(), /HEP listener for remote answer ready/);
    const httpPort = (log.text().split('\n').map((l) => (l ? (JSON.parse(l) as { msg: string; port?: number }) : undefined)).find((l) => l?.msg === 'HTTP API listening'))!.port;
    const res = await fetch(`http://127.0.0.1:${httpPort}/api/dns/5001/answer`, { method: 'POST' });
    assert.equal(res.status, 409, 'no browser on 5001: nothing relayed');
  } finally {
    stop.abort();
    assert.equal((await running).code, 0);
    await sim.stop();
  }
  assert.ok(!log.text().includes('hep-password-123'));
});

test('run exits 1 with a clear log line when the HTTP port is taken', async () => {
  const sim = new AmiSimulator({ dns: dnRange(5001, 1) });
  const port = await sim.start();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const log = capturedLog();
  const env = { WWE_GATEWAY_AMI_PORT: String(port), WWE_GATEWAY_AMI_USERNAME: 'gateway', WWE_GATEWAY_AMI_SECRET: 'simulated-secret', WWE_GATEWAY_DN_RANGES: '5001', WWE_GATEWAY_HTTP_PORT: String((blocker.address() as AddressInfo).port), WWE_GATEWAY_RELAY_ENABLED: 'false' };
  const { code } = await capture(['run'], { env, logDestination: log.destination });
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await sim.stop();
  assert.equal(code, 1);
  assert.match(log.text(), /a listening port is already in use/);
});
