// The attack end to end: event-stream clients that never read, then an Asterisk restart at 10,000 DNs
// (every DN changes several times), against `wwe-gateway run` in its own process on a small V8 heap.
// Before streams were coalesced this ended in a V8 out-of-memory abort. The storm must outgrow the
// kernel's socket buffers (several MiB per reader) for the gateway to see a reader stall at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js';

const DNS = dnRange(10_000, 10_000);
const ONLINE = DNS.slice(0, 5_000);
const READERS = 50;

/** Polls an async check until it holds; fails with `what` after `timeoutMs`, or at once if the gateway died. */
async function eventually(gateway: GatewayProcess, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A request may meet a keep-alive connection the busy gateway is closing: that is "not yet", not failure.
  while (!(await check().catch(() => false))) {
    if (!gateway.alive()) throw new Error(`the gateway died waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test(`${READERS} event streams that never read survive an Asterisk restart at 10,000 DNs on a 128 MiB heap, and are dropped`, { timeout: 180_000 }, async () => {
  const sim = new AmiSimulator({ dns: DNS, registerDelayMs: 1 });
  const amiPort = await sim.start();
  for (const dn of ONLINE) sim.addContact(dn, wsContactUri(dn, 40_000));
  const gateway = await startGatewayProcess({
    heapMiB: 128,
    config: {
      ami: { port: amiPort, username: 'gateway', keepaliveIntervalMs: 0 },
      dns: { ranges: '10000-19999', actionsPerSecond: 100_000, actionBurst: 10_000, unregistersPerSecond: 100_000 },
      http: { port: 0, eventStreamStallTimeoutMs: 2_000 },
      relay: { enabled: false },
    },
    env: { WWE_GATEWAY_AMI_SECRET: 'simulated-secret' },
  });
  const readers: Socket[] = [];
  const registered = async () => ((await (await fetch(`${gateway.base}/api/summary`)).json()) as { counts: { registered: number } }).counts.registered;
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await fetch(`${gateway.base}/metrics`)).text())?.[1]);
  try {
    await eventually(gateway, '5,000 DNs registered', async () => (await registered()) === ONLINE.length, 60_000);
    const { port } = new URL(gateway.base);
    for (let i = 0; i < READERS; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.pause(); // never reads a byte
      socket.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      readers.push(socket);
    }
    await eventually(gateway, 'every reader connected', async () => (await metric('wwe_gateway_event_streams')) === READERS, 10_000);

    // Asterisk restarts: every contact is gone, every DN is unregistered, then the agents come back.
    sim.restart();
    await eventually(gateway, 'the restart to be seen', async () => (await registered()) === 0, 60_000);
    for (const dn of ONLINE) sim.addContact(dn, wsContactUri(dn, 40_001));
    await eventually(gateway, '5,000 DNs registered again', async () => (await registered()) === ONLINE.length, 60_000);

    assert.ok(gateway.alive());
    await eventually(gateway, 'every stalled reader dropped', async () => (await metric('wwe_gateway_event_streams')) === 0, 20_000);
    assert.equal(await metric('wwe_gateway_event_streams_dropped_total'), READERS);
  } catch (error) {
    throw new Error(`${(error as Error).message}; gateway ${gateway.alive() ? 'running' : 'dead'}:\n${gateway.stderr().slice(-1_500)}`, { cause: error });
  } finally {
    for (const socket of readers) socket.destroy();
    await gateway.stop();
    await sim.stop();
  }
});
