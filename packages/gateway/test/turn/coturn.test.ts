// The TURN path for real: `asterisk-config` writes turnserver.conf and the gateway's settings, a real
// coturn (Debian's `turnserver`) runs with that file in the foreground on loopback, the gateway issues a
// credential to a DN that proves its SIP password, and coturn decides. Nothing here is simulated but
// Asterisk's AMI (irrelevant to TURN) and the browser (a minimal TURN client does what it would).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAsteriskConfig } from '../../src/asterisk-config/generate.js';
import { agentProofHeader } from '../../src/agent-auth/agent-proof.js';
import { turnCredential } from '../../src/turn/turn-credentials.js';
import { startCoturn, type RunningCoturn } from '../support/coturn.js';
import { freePort } from '../support/free-port.js';
import { startGeneratedGateway } from '../support/generated-gateway.js';
import { selfSignedCert } from '../support/self-signed-cert.js';
import { TurnClient } from '../support/turn-client.js';

let dir: string;
let coturn: RunningCoturn;
let gateway: Awaited<ReturnType<typeof startGeneratedGateway>>;
let port: number;
let tlsPort: number;
let cert: { certFile: string; keyFile: string };
let secrets: { turnSecret: string; agents: Record<string, string> };
const clients: TurnClient[] = [];

async function client(transport: 'udp' | 'tls' = 'udp'): Promise<TurnClient> {
  const c = await TurnClient.connect({ host: '127.0.0.1', port: transport === 'udp' ? port : tlsPort, transport, ca: readFileSync(cert.certFile) });
  clients.push(c);
  return c;
}

/** What the softphone does: a nonce, then the proof of the DN's SIP password. */
async function fetchCredentials(dn: string, password: string) {
  const { nonce } = (await (await fetch(`${gateway.base}/api/turn/nonce`)).json()) as { nonce: string };
  const response = await fetch(`${gateway.base}/api/turn/credentials`, { headers: { authorization: agentProofHeader(password, dn, nonce) } });
  return { status: response.status, body: (await response.json()) as { iceServers: Array<{ urls: string[]; username?: string; credential?: string }>; ttl: number; expiresAt: number; error?: { code: string } } };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wwe-coturn-'));
  cert = selfSignedCert(dir);
  port = await freePort();
  tlsPort = await freePort();
  const relayBase = 40_000 + Math.floor(Math.random() * 20_000);
  writeAsteriskConfig(join(dir, 'out'), {
    dnRanges: '5001-5003',
    genesys: '192.0.2.7:5060',
    publicAddress: '127.0.0.1',
    certFile: '/etc/asterisk/keys/asterisk.crt',
    keyFile: '/etc/asterisk/keys/asterisk.key',
    turn: { host: 'localhost', port, tlsPort, certFile: cert.certFile, keyFile: cert.keyFile, listenIp: '127.0.0.1', peers: ['127.0.0.1'], relayPorts: `${relayBase}-${relayBase + 200}` },
  });
  secrets = JSON.parse(readFileSync(join(dir, 'out/secrets.json'), 'utf8')) as typeof secrets;
  coturn = await startCoturn({ config: readFileSync(join(dir, 'out/turnserver.conf'), 'utf8'), dir, port });
  gateway = await startGeneratedGateway(join(dir, 'out'), 5001, 3);
});

after(async () => {
  for (const c of clients) c.close();
  await gateway?.stop();
  await coturn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('real turnserver starts with the generated, hardened turnserver.conf', () => {
  const conf = readFileSync(join(dir, 'out/turnserver.conf'), 'utf8');
  for (const line of ['use-auth-secret', 'no-cli', 'fingerprint', 'no-multicast-peers', 'no-tcp-relay', 'denied-peer-ip=0.0.0.0-255.255.255.255', 'allowed-peer-ip=127.0.0.1', `tls-listening-port=${tlsPort}`, 'realm=localhost']) {
    assert.match(conf, new RegExp(`^${line.replace(/[.?*]/g, '\\$&')}$`, 'm'), line);
  }
  assert.match(conf, new RegExp(`^static-auth-secret=${secrets.turnSecret}$`, 'm'));
  assert.match(conf, /^user-quota=\d+$/m);
  assert.match(conf, /^total-quota=\d+$/m);
  assert.ok(coturn.pid > 0);
});

test('a DN that proves its SIP password gets credentials the real coturn accepts, over UDP and TLS', async () => {
  const { status, body } = await fetchCredentials('5001', secrets.agents['5001']!);
  assert.equal(status, 200);
  assert.deepEqual(body.iceServers[0]!.urls, [`turn:localhost:${port}?transport=udp`, `turn:localhost:${port}?transport=tcp`, `turns:localhost:${tlsPort}?transport=tcp`]);
  assert.match(body.iceServers[0]!.username!, /^\d{10}:5001$/);
  assert.ok(!JSON.stringify(body).includes(secrets.turnSecret), 'the shared secret never reaches a browser');
  const { username, credential } = body.iceServers[0]!;

  const udp = await (await client()).allocate(username!, credential!);
  assert.equal(udp.ok, true, JSON.stringify(udp));
  if (udp.ok) assert.equal(udp.relayed.address, '127.0.0.1');
  const tls = await (await client('tls')).allocate(username!, credential!);
  assert.equal(tls.ok, true, JSON.stringify(tls));
});

test('coturn relays to Asterisk\'s media address, and refuses every other peer', async () => {
  const asteriskMedia = createSocket('udp4');
  await new Promise<void>((resolve) => asteriskMedia.bind(0, '127.0.0.1', resolve));
  asteriskMedia.on('message', (data, from) => asteriskMedia.send(Buffer.concat([Buffer.from('echo:'), data]), from.port, from.address));
  try {
    const { body } = await fetchCredentials('5002', secrets.agents['5002']!);
    const turn = await client();
    assert.equal((await turn.allocate(body.iceServers[0]!.username!, body.iceServers[0]!.credential!)).ok, true);
    assert.deepEqual(await turn.createPermission('127.0.0.1'), { ok: true });
    const echoed = new Promise<string>((resolve) => turn.onData((_from, data) => resolve(data.toString('utf8'))));
    turn.send({ address: '127.0.0.1', port: (asteriskMedia.address() as { port: number }).port }, Buffer.from('rtp'));
    assert.equal(await echoed, 'echo:rtp');
    // Permissions only: no packet is ever sent to these addresses.
    for (const peer of ['127.0.0.2', '10.0.0.5', '172.16.1.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '8.8.8.8', '224.0.0.1']) {
      const refused = await turn.createPermission(peer);
      assert.equal(refused.ok ? 0 : refused.code, 403, `${peer} must be refused`);
    }
  } finally {
    asteriskMedia.close();
  }
});

test('coturn refuses expired and forged credentials', async () => {
  const dnPassword = secrets.agents['5003']!;
  const expired = turnCredential(secrets.turnSecret, '5003', 60, Date.now() - 120_000);
  const forged = turnCredential('a-secret-that-is-not-coturns-0123', '5003', 3600, Date.now());
  const valid = turnCredential(secrets.turnSecret, '5003', 3600, Date.now());
  const otherDn = { username: valid.username.replace(':5003', ':5001'), credential: valid.credential };
  const longer = { username: `${Number(valid.username.split(':')[0]) + 86_400}:5003`, credential: valid.credential };
  for (const [label, c] of [['expired', expired], ['signed with another secret', forged], ['re-labelled for another DN', otherDn], ['with its expiry pushed back', longer]] as const) {
    const result = await (await client()).allocate(c.username, c.credential);
    assert.equal(result.ok ? 0 : result.code, 401, `${label} must be refused`);
  }
  // And the gateway refuses to mint for a wrong password.
  assert.equal((await fetchCredentials('5003', `${dnPassword}x`)).status, 403);
});

test('an allocation made before its credential expires keeps refreshing after it (calls outlive credentials)', async () => {
  const shortLived = turnCredential(secrets.turnSecret, '5001', 2, Date.now());
  const turn = await client();
  assert.equal((await turn.allocate(shortLived.username, shortLived.credential)).ok, true);
  await new Promise((resolve) => setTimeout(resolve, 3_200));
  const again = await (await client()).allocate(shortLived.username, shortLived.credential);
  assert.equal(again.ok ? 0 : again.code, 401, 'a new allocation with it is refused');
  assert.deepEqual(await turn.refresh(600), { ok: true, lifetime: 600 }, 'the existing allocation is refreshed');
  assert.deepEqual(await turn.createPermission('127.0.0.1'), { ok: true });
});
