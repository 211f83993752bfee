import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { udpSocketStats } from '../../src/hep/udp-socket-stats.js';

const TABLE = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  443: 0100007F:2364 00000000:0000 07 00000000:00000A80 00:00000000 00000000     0        0 81234 2 0000000000000000 138675
  512: 00000000:2364 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81235 2 0000000000000000 7
`;
const TABLE6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  9: 00000000000000000000000001000000:2364 00000000000000000000000000000000:0000 07 00000000:00000010 00:00000000 00000000     0        0 91 2 0000000000000000 42
`;

test('reads drops and queued bytes of the socket bound to an address and port', { skip: process.arch !== 'x64' && process.arch !== 'arm64' }, () => {
  const read = (path: string) => (path.endsWith('6') ? TABLE6 : TABLE);
  assert.deepEqual(udpSocketStats({ address: '127.0.0.1', port: 9060 }, read), { drops: 138_675, queuedBytes: 0xa80 });
  assert.deepEqual(udpSocketStats({ address: '0.0.0.0', port: 9060 }, read), { drops: 7, queuedBytes: 0 });
  assert.deepEqual(udpSocketStats({ address: '::1', port: 9060 }, read), { drops: 42, queuedBytes: 16 });
  assert.equal(udpSocketStats({ address: '127.0.0.1', port: 9061 }, read), undefined);
  assert.equal(udpSocketStats({ address: '127.0.0.1', port: 9060 }, () => { throw new Error('ENOENT'); }), undefined, 'not Linux');
});

test('finds a real socket in /proc and sees what waits in it', { skip: process.platform !== 'linux' }, async () => {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const sender = createSocket('udp4');
  sender.bind(0, '127.0.0.1');
  await once(sender, 'listening');
  try {
    const local = socket.address();
    assert.deepEqual(udpSocketStats(local), { drops: 0, queuedBytes: 0 });
    sender.send('x'.repeat(100), local.port, '127.0.0.1');
    // The send happens on the next tick; the event loop has not polled the socket yet, so it still waits there.
    await new Promise((resolve) => process.nextTick(resolve));
    assert.ok(udpSocketStats(local)!.queuedBytes > 0);
  } finally {
    sender.close();
    socket.close();
  }
});
