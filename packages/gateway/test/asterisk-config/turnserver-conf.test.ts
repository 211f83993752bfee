import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAsteriskConfig, writeAsteriskConfig } from '../../src/asterisk-config/generate.js';
import { resolveAsteriskConfigOptions, type AsteriskConfigOptions } from '../../src/asterisk-config/options.js';
import { ensureSecrets } from '../../src/asterisk-config/secrets.js';
import { main } from '../../src/cli.js';
import { loadConfig } from '../../src/config/load.js';
import { readEnvFile } from '../support/generated-gateway.js';

const GOLDEN = new URL('./golden/turn/', import.meta.url);
const OPTIONS: AsteriskConfigOptions = {
  dnRanges: '5001-5002,6100',
  genesys: '10.20.0.7:5060',
  publicAddress: '203.0.113.5',
  certFile: '/etc/asterisk/keys/asterisk.crt',
  keyFile: '/etc/asterisk/keys/asterisk.key',
  turn: { host: 'turn.example.com', certFile: '/etc/wwe-webrtc/turn.crt', keyFile: '/etc/wwe-webrtc/turn.key' },
};

function render(options = OPTIONS) {
  let n = 0;
  const resolved = resolveAsteriskConfigOptions(options);
  const { secrets } = ensureSecrets(undefined, resolved.dns, { random: () => `test-secret-${String(++n).padStart(8, '0')}`, turn: resolved.turn !== undefined });
  return renderAsteriskConfig(resolved, secrets);
}

test('with --turn-host: turnserver.conf, gateway.json and gateway.env match their golden files', () => {
  for (const name of ['turnserver.conf', 'gateway.json', 'gateway.env']) {
    const file = render().find((f) => f.name === name)!;
    const golden = new URL(name, GOLDEN);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, file.content);
    assert.equal(file.content, readFileSync(golden, 'utf8'), `${name} differs from test/asterisk-config/golden/turn/${name} (UPDATE_GOLDEN=1 to accept)`);
  }
});

test('turnserver.conf: REST-API secret shared with the gateway, relay to Asterisk only, no CLI, TLS with the certificate', () => {
  const files = render();
  const conf = files.find((f) => f.name === 'turnserver.conf')!;
  assert.equal(conf.mode, 0o600, 'it holds the shared secret');
  const lines = conf.content.split('\n');
  const secret = /^static-auth-secret=(.+)$/m.exec(conf.content)?.[1];
  assert.equal(secret, `test-secret-00000008`, "the one generated for it");
  assert.ok(files.find((f) => f.name === 'gateway.env')!.content.includes(`WWE_GATEWAY_TURN_SECRET=${secret}`));
  for (const line of ['use-auth-secret', 'realm=turn.example.com', 'no-cli', 'fingerprint', 'no-multicast-peers', 'no-tcp-relay', 'no-dtls', 'tls-listening-port=5349', 'cert=/etc/wwe-webrtc/turn.crt', 'pkey=/etc/wwe-webrtc/turn.key', 'no-tlsv1', 'no-tlsv1_1', 'denied-peer-ip=0.0.0.0-255.255.255.255', 'allowed-peer-ip=203.0.113.5', 'user-quota=6', 'total-quota=18']) {
    assert.ok(lines.includes(line), line);
  }
  assert.ok(!lines.includes('allow-loopback-peers'));
  assert.ok(!lines.some((l) => /^(user=|lt-cred-mech|no-auth|cli-password)/.test(l)), 'no static users, no anonymous access');
});

test('without a certificate there is no TLS listener; a loopback Asterisk is the only loopback peer allowed', () => {
  const conf = render({ ...OPTIONS, publicAddress: '127.0.0.1', turn: { host: 'localhost', port: 3479 } }).find((f) => f.name === 'turnserver.conf')!.content;
  assert.match(conf, /^no-tls$/m);
  assert.doesNotMatch(conf, /^tls-listening-port/m);
  assert.match(conf, /^listening-port=3479$/m);
  assert.match(conf, /^allow-loopback-peers$/m);
  assert.match(conf, /^allowed-peer-ip=127\.0\.0\.1$/m);
});

test('without --turn-host nothing about TURN is written and no TURN secret is made', () => {
  const files = render({ ...OPTIONS, turn: undefined });
  assert.ok(!files.some((f) => f.name === 'turnserver.conf'));
  assert.doesNotMatch(files.find((f) => f.name === 'gateway.env')!.content, /TURN/);
  assert.equal(JSON.parse(files.find((f) => f.name === 'secrets.json')!.content).turnSecret, undefined);
});

test('the generated gateway.json + gateway.env load with TURN on, its URIs and the agents\' passwords beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-turnconf-'));
  try {
    writeAsteriskConfig(dir, OPTIONS);
    const config = loadConfig({ configFile: join(dir, 'gateway.json'), env: readEnvFile(join(dir, 'gateway.env')) });
    assert.equal(config.turn.enabled, true);
    assert.deepEqual(config.turn.urls, ['turn:turn.example.com:3478?transport=udp', 'turn:turn.example.com:3478?transport=tcp', 'turns:turn.example.com:5349?transport=tcp']);
    assert.equal(config.turn.secret, /^static-auth-secret=(.+)$/m.exec(readFileSync(join(dir, 'turnserver.conf'), 'utf8'))?.[1]);
    assert.equal(config.turn.agentPasswordsFile, join(dir, 'secrets.json'), 'relative to the config file, wherever the gateway starts');
    assert.equal(config.turn.ttlSeconds, 14_400);
    assert.equal(statSync(join(dir, 'turnserver.conf')).mode & 0o777, 0o600);
    const secret = config.turn.secret;
    writeAsteriskConfig(dir, OPTIONS);
    assert.equal(loadConfig({ configFile: join(dir, 'gateway.json'), env: readEnvFile(join(dir, 'gateway.env')) }).turn.secret, secret, 're-running keeps the TURN secret');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const [label, turn, problem] of [
  ['a host-name Asterisk without --turn-peer', { host: 'turn.example.com' }, /--turn-peer: Asterisk's media IPv4 address is needed/],
  ['a peer that is not an IPv4 address', { host: 'turn.example.com', peers: ['10.0.0.1\nallow-loopback-peers'] }, /--turn-peer/],
  ['a certificate without its key', { host: 'turn.example.com', peers: ['10.0.0.1'], certFile: '/etc/c.pem' }, /--turn-cert and --turn-key go together/],
  ['a host with a line break', { host: 'turn.example.com\nno-auth', peers: ['10.0.0.1'] }, /--turn-host/],
  ['an inverted relay port range', { host: 't.example.com', peers: ['10.0.0.1'], relayPorts: '60000-50000' }, /--turn-relay-ports/],
  ['a lifetime of a week', { host: 't.example.com', peers: ['10.0.0.1'], ttlSeconds: 604_800 }, /--turn-ttl/],
] as const) {
  test(`refuses ${label}`, () => {
    assert.throws(
      () => resolveAsteriskConfigOptions({ ...OPTIONS, publicAddress: 'pbx.example.com', turn }),
      (e: { code?: string; problems?: string[] }) => e.code === 'CONFIG_INVALID' && e.problems!.some((p) => problem.test(p)),
    );
  });
}

test('CLI: --turn-host adds turnserver.conf; a --turn-* flag without it is an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-turncli-'));
  let printed = '';
  const out = (text: string) => void (printed += text);
  try {
    const base = ['asterisk-config', '--dns', '5001-5002', '--genesys', '10.0.0.7', '--public-address', 'pbx.example.com', '--cert', '/etc/a.crt', '--key', '/etc/a.key', '--out', dir];
    assert.equal(await main([...base, '--turn-host', 'turn.example.com', '--turn-peer', '198.51.100.7', '--turn-port', '3478', '--turn-ttl', '3600'], out), 0, printed);
    assert.ok(readdirSync(dir).includes('turnserver.conf'));
    assert.match(readFileSync(join(dir, 'turnserver.conf'), 'utf8'), /^allowed-peer-ip=198\.51\.100\.7$/m);
    assert.equal(JSON.parse(readFileSync(join(dir, 'gateway.json'), 'utf8')).turn.ttlSeconds, 3600);
    printed = '';
    assert.equal(await main([...base, '--turn-peer', '198.51.100.7'], out), 2);
    assert.match(printed, /--turn-peer needs --turn-host/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
