import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { encodeHep3, type HepPacket } from '../../src/hep/hep3.js';
import { HepListener, type HepDropReason } from '../../src/hep/hep-listener.js';
import type { HepError } from '../../src/hep/hep-error.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

const PASSWORD = 'a-capture-password-from-the-environment';
const hep = (authKey: string | null = PASSWORD, payload = notify(callShape())) =>
  encodeHep3({
    source: { address: '192.0.2.81', port: 5060 },
    destination: { address: '192.0.2.54', port: 5060 },
    ...(authKey !== null && { authKey }),
    payload,
  });

function recorder() {
  const packets: HepPacket[] = [];
  const drops: Array<{ reason: HepDropReason; code?: string }> = [];
  return {
    packets,
    drops,
    delegate: {
      onPacket: (packet: HepPacket) => packets.push(packet),
      onDrop: (reason: HepDropReason, error?: HepError) => drops.push(error ? { reason, code: error.code } : { reason }),
    },
  };
}

test('binds loopback by default and delivers packets received over UDP', async () => {
  const seen = recorder();
  let resolveFirst: (packet: HepPacket) => void = () => undefined;
  const first = new Promise<HepPacket>((resolve) => (resolveFirst = resolve));
  const listener = new HepListener({ port: 0, password: PASSWORD }, {
    onPacket: (packet) => resolveFirst(packet),
    onDrop: seen.delegate.onDrop,
  });
  const { address, port } = await listener.start();
  assert.equal(address, '127.0.0.1');
  const sender = createSocket('udp4');
  try {
    sender.send(hep(), port, '127.0.0.1');
    const packet = await first;
    assert.match(packet.payload.toString(), /^NOTIFY sip:1002@/);
    assert.deepEqual(seen.drops, []);
  } finally {
    sender.close();
    await listener.close();
  }
});

test('drops packets with a wrong or missing capture password', () => {
  const seen = recorder();
  const listener = new HepListener({ password: PASSWORD }, seen.delegate);
  listener.receive(hep('wrong'), 0);
  listener.receive(hep(null), 0);
  listener.receive(hep(PASSWORD + 'x'), 0);
  listener.receive(hep(), 0);
  assert.equal(seen.packets.length, 1);
  assert.deepEqual(seen.drops.map((d) => d.reason), ['auth_failed', 'auth_failed', 'auth_failed']);
});

test('without a configured password, packets are accepted with or without a key', () => {
  const seen = recorder();
  const listener = new HepListener({}, seen.delegate);
  listener.receive(hep(null), 0);
  listener.receive(hep('anything'), 0);
  assert.equal(seen.packets.length, 2);
});

test('drops oversized and malformed datagrams with their error code', () => {
  const seen = recorder();
  const listener = new HepListener({ maxPacketBytes: 600 }, seen.delegate);
  listener.receive(hep(null, notify(callShape()) + 'x'.repeat(600)), 0);
  listener.receive(Buffer.from('NOTIFY sip:1002@192.0.2.54 SIP/2.0\r\n\r\n'), 0);
  const truncated = hep(null);
  listener.receive(truncated.subarray(0, 40), 0);
  assert.deepEqual(seen.drops, [
    { reason: 'too_large' },
    { reason: 'malformed', code: 'HEP_BAD_MAGIC' },
    { reason: 'malformed', code: 'HEP_BAD_LENGTH' },
  ]);
  assert.equal(seen.packets.length, 0);
});

test('a flood beyond the rate bound is dropped before the relay reads it, then the rate recovers', () => {
  const seen = recorder();
  const listener = new HepListener({ maxPacketsPerSecond: 100, burstPackets: 10 }, seen.delegate);
  const packet = hep(null);
  for (let i = 0; i < 1000; i += 1) listener.receive(packet, 1000);
  assert.equal(seen.packets.length, 10);
  assert.equal(seen.drops.length, 990);
  assert.ok(seen.drops.every((d) => d.reason === 'rate_limited'));
  listener.receive(packet, 1010); // 10 ms at 100/s = one token
  assert.equal(seen.packets.length, 11);
});

test('packets that fail the password are refused before the rate bound and use none of its budget', () => {
  const seen = recorder();
  const listener = new HepListener({ password: PASSWORD, maxPacketsPerSecond: 100, burstPackets: 10 }, seen.delegate);
  for (let i = 0; i < 1000; i += 1) listener.receive(hep('wrong'), 1000);
  for (let i = 0; i < 10; i += 1) listener.receive(hep(), 1000);
  assert.equal(seen.packets.length, 10, 'the whole burst is still there for genuine packets');
  assert.ok(seen.drops.every((d) => d.reason === 'auth_failed'));
});

test('asks the kernel for a large receive buffer and reports what it granted', async () => {
  const listener = new HepListener({ port: 0, receiveBufferBytes: 1024 * 1024 }, recorder().delegate);
  await listener.start();
  try {
    // Linux doubles the value for its own bookkeeping, capped at twice net.core.rmem_max.
    assert.ok(listener.receiveBufferBytes >= Math.min(1024 * 1024, 2 * 212_992), `granted ${listener.receiveBufferBytes}`);
    if (process.platform === 'linux') assert.deepEqual(listener.kernelStats(), { drops: 0, queuedBytes: 0 });
  } finally {
    await listener.close();
  }
});

test('start() twice is refused; close() is idempotent', async () => {
  const listener = new HepListener({ port: 0 }, recorder().delegate);
  await listener.start();
  await assert.rejects(listener.start(), /already started/);
  await listener.close();
  await listener.close();
});

test('a port in use rejects start()', async () => {
  const holder = createSocket('udp4');
  holder.bind(0, '127.0.0.1');
  await once(holder, 'listening');
  const listener = new HepListener({ port: holder.address().port }, recorder().delegate);
  await assert.rejects(listener.start(), /EADDRINUSE/);
  holder.close();
});
