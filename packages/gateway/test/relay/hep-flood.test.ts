// A local process floods the HEP port with packets carrying a wrong capture password while Genesys
// sends a few genuine NOTIFYs. Every datagram must be accounted for in /metrics — including the ones
// the kernel drops before the gateway ever sees them — and the flood must not crowd out the genuine ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { AmiClient } from '../../src/ami/client.js';
import { encodeHep3 } from '../../src/hep/hep3.js';
import type { HepListenerOptions } from '../../src/hep/hep-listener-options.js';
import { RemoteAnswerService } from '../../src/relay/remote-answer-service.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

const PASSWORD = 'the-real-capture-password';
const DNS = dnRange(5001, 9);

async function setup(hep: Partial<HepListenerOptions> = {}) {
  const sim = new AmiSimulator({ dns: DNS });
  await sim.start();
  const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
  await client.start();
  const registry = new Registry();
  const service = await RemoteAnswerService.start(
    { hep: { port: 0, password: PASSWORD, ...hep }, genesysAddresses: ['192.0.2.81'], notifyResponder: false },
    { client, directory: { hasBrowserContacts: () => true, isManaged: (dn) => DNS.includes(dn) }, registry },
  );
  const sender: Socket = createSocket('udp4');
  sender.bind(0, '127.0.0.1');
  await once(sender, 'listening');
  const port = service.listener.address().port;
  return {
    sim,
    registry,
    send: (packet: Buffer) => sender.send(packet, port, '127.0.0.1'),
    notifies: () => sim.actionsNamed('PJSIPNotify').length,
    async [Symbol.asyncDispose]() {
      sender.close();
      await service.stop();
      await client.stop(20);
      await sim.stop();
    },
  };
}

const genuine = (dn: string) => {
  const call = callShape({ dn });
  return encodeHep3({ source: call.genesys, destination: call.asterisk, authKey: PASSWORD, payload: notify(call) });
};
const forged = encodeHep3({
  source: { address: '192.0.2.81', port: 5060 },
  destination: { address: '192.0.2.54', port: 5060 },
  authKey: 'a-guessed-password',
  payload: notify(callShape({ dn: '5001' })),
});

/** Every counter line of a metric, summed. */
async function total(registry: Registry, name: string): Promise<number> {
  const text = await registry.metrics();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

test('a flood that overflows the socket buffer is fully accounted for: what the gateway counts plus what the kernel dropped equals what was sent', { timeout: 30_000 }, async () => {
  await using ctx = await setup();
  let sent = 0;
  // Sent back to back from this process: the gateway cannot read while this loop runs, so the kernel
  // fills the socket's receive buffer and drops the rest, where no counter of the gateway's could see it.
  for (let i = 0; i < 30_000; i++) {
    ctx.send(i % 3_000 === 1_500 ? genuine(DNS[Math.floor(i / 3_000) % DNS.length]!) : forged);
    sent += 1;
  }
  const accounted = async () => (await total(ctx.registry, 'wwe_gateway_hep_packets_total')) + (await total(ctx.registry, 'wwe_gateway_hep_kernel_drops_total'));
  const deadline = Date.now() + 20_000;
  let last = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await accounted();
    if (now === last || Date.now() > deadline) break; // settled
    last = now;
  }
  const kernelDrops = await total(ctx.registry, 'wwe_gateway_hep_kernel_drops_total');
  assert.ok(kernelDrops > 0, 'the flood overflowed the receive buffer (otherwise this test proves nothing)');
  assert.equal(await accounted(), sent, `sent ${sent}; the gateway counted ${(await accounted()) - kernelDrops}, the kernel dropped ${kernelDrops}`);
  assert.match(await ctx.registry.metrics(), /^wwe_gateway_hep_receive_buffer_bytes [1-9]\d*$/m);
});

test('packets with a wrong password cannot use up the rate budget of genuine ones', { timeout: 30_000 }, async () => {
  // A small budget, so a modest flood exceeds it many times over.
  await using ctx = await setup({ maxPacketsPerSecond: 2_000, burstPackets: 2_000 });
  let next = 0;
  for (let i = 0; i < 20_000; i++) {
    ctx.send(i % 2_000 === 1_999 && next < DNS.length ? genuine(DNS[next++]!) : forged);
    // Paced below what the gateway reads per turn of its event loop (libuv reads up to 32 datagrams), so
    // the kernel keeps everything and only the gateway decides.
    if (i % 20 === 19) await yieldToIo();
  }
  const deadline = Date.now() + 10_000;
  while (ctx.notifies() < DNS.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(await total(ctx.registry, 'wwe_gateway_hep_kernel_drops_total'), 0, 'nothing lost in the kernel');
  assert.equal(ctx.notifies(), DNS.length, 'every genuine NOTIFY was relayed');
  assert.match(await ctx.registry.metrics(), /^wwe_gateway_hep_packets_total\{result="auth_failed"\} 19991$/m);
});
