// A listener that throws is the listener's bug: it must not reach the socket's data handler (which
// would drop the frame, or the connection) nor stop the listeners after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AmiClient } from '../../src/ami/client.js';
import type { ContactStatusEvent } from '../../src/ami/events.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import * as F from '../support/ami-frames.js';

test('a throwing event listener reaches neither the AMI connection nor the other listeners', async (t) => {
  const reported: unknown[][] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => reported.push(args));
  const sim = new AmiSimulator({ dns: ['5001', '5002'] });
  const client = new AmiClient({ host: '127.0.0.1', port: await sim.start(), username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
  t.after(async () => {
    await client.stop(50);
    await sim.stop();
  });
  const bug = new Error('listener bug');
  client.on('contactStatus', () => {
    throw bug;
  });
  const seen: ContactStatusEvent[] = [];
  const twoSeen = new Promise<void>((resolve) =>
    client.on('contactStatus', (event) => {
      seen.push(event);
      if (seen.length === 2) resolve();
    }),
  );
  let disconnects = 0;
  client.on('disconnected', () => (disconnects += 1));
  await client.start();

  sim.addContact('5001', F.wsContactUri('5001', 37996));
  sim.addContact('5002', F.wsContactUri('5002', 37997));
  await twoSeen;

  assert.deepEqual(seen.map((event) => event.aor), ['5001', '5002']);
  assert.equal((await client.send('Ping')).get('Ping'), 'Pong', 'the connection still answers');
  assert.equal(disconnects, 0);
  assert.equal(client.malformedFrames, 0);
  assert.deepEqual(reported, [['a "contactStatus" listener threw', bug], ['a "contactStatus" listener threw', bug]]);
});
