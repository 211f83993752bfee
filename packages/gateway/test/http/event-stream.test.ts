// Slow and stalled readers of GET /api/events, written as raw TCP clients that stop reading, against a
// storm of DN changes many times larger than any socket buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { DnEventStream, type DnEventSource, type DnEventStreamOptions } from '../../src/http/event-stream.js';
import { GatewayHttpServer } from '../../src/http/server.js';
import type { DnStatus } from '../../src/registration-sync/dn-state.js';
import { waitFor } from '../support/wait-for.js';

/** DN state that changes on command, as registration sync's would in a storm. */
class ChangingDns implements DnEventSource {
  readonly ready = true;
  readonly #statuses = new Map<string, DnStatus>();
  readonly #listeners = new Set<(status: DnStatus) => void>();
  changes = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.set(String(5000 + i), 0);
  }

  counts(): object {
    return { browser: 0 };
  }

  statuses(): Iterable<DnStatus> {
    return this.#statuses.values();
  }

  status(dn: string): DnStatus | undefined {
    return this.#statuses.get(dn);
  }

  on(_event: 'change', listener: (status: DnStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `round` goes into lastChange, so a reader can tell which state it was sent. */
  set(dn: string, round: number): void {
    const status: DnStatus = {
      dn,
      contacts: [`sip:${dn}@127.0.0.1:41000;transport=ws;x-ast-orig-host=abcdefghijkl.invalid:0`],
      browser: round % 2 === 1,
      desired: round % 2 === 1 ? 'registered' : 'unregistered',
      genesys: round % 2 === 1 ? 'registering' : 'unregistering',
      attempts: round,
      lastChange: round,
      lastError: undefined,
    };
    this.#statuses.set(dn, status);
    this.changes += 1;
    for (const listener of this.#listeners) listener(status);
  }
}

async function setup(dnCount: number, options: DnEventStreamOptions) {
  const dns = new ChangingDns(dnCount);
  const stream = new DnEventStream(dns, options);
  const server = new GatewayHttpServer({ port: 0 });
  server.router.add('GET', '/api/events', ({ req, res }) => stream.open(req, res));
  const { port } = await server.start();
  const sockets: Socket[] = [];
  /** A client that sends the request and reads nothing until told. */
  const reader = async () => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.pause();
    socket.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const before = stream.clients;
    await waitFor('the stream to open', () => stream.clients > before);
    return socket;
  };
  return {
    dns,
    stream,
    reader,
    base: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      for (const socket of sockets) socket.destroy();
      await server.stop();
    },
  };
}

/** Every DN changes `rounds` times; the event loop runs between rounds so sockets drain and timers fire. */
async function storm(dns: ChangingDns, dnCount: number, rounds: number, onRound: () => void = () => undefined): Promise<void> {
  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < dnCount; i++) dns.set(String(5000 + i), round);
    onRound();
    await yieldToIo();
  }
}

test('a reader that stops reading holds no backlog in the gateway, and is dropped once it has stalled past the bound', { timeout: 60_000 }, async () => {
  await using ctx = await setup(2_000, { stallTimeoutMs: 300 });
  await ctx.reader();
  let mostBuffered = 0;
  // 100 rounds × 2,000 DNs = 200,000 changes, about 60 MB of events: far more than the socket buffers hold.
  await storm(ctx.dns, 2_000, 100, () => {
    mostBuffered = Math.max(mostBuffered, ctx.stream.bufferedBytes);
  });
  assert.ok(mostBuffered <= 64 * 1024, `the gateway held ${mostBuffered} bytes for a client that reads nothing`);
  await waitFor('the stalled client to be dropped', () => ctx.stream.clients === 0, 3_000);
  assert.equal(ctx.stream.dropped, 1);
});

test('a slow reader gets the latest state of each DN, not every change it missed', { timeout: 60_000 }, async () => {
  await using ctx = await setup(2_000, { stallTimeoutMs: 10_000 });
  const socket = await ctx.reader();
  const rounds = 100;
  await storm(ctx.dns, 2_000, rounds);
  assert.ok(ctx.stream.bufferedBytes <= 64 * 1024);

  // Now it reads everything it is sent, until every DN shows its final state.
  const latest = new Map<string, number>();
  let events = 0;
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!block.includes('event: dn') || !data) continue;
      const status = JSON.parse(data) as DnStatus;
      latest.set(status.dn, status.lastChange);
      events += 1;
    }
  });
  socket.resume();
  await waitFor('every DN in its final state', () => latest.size === 2_000 && [...latest.values()].every((round) => round === rounds), 20_000);
  assert.ok(events < ctx.dns.changes / 3, `${events} dn events for ${ctx.dns.changes} changes: a slow reader is sent the latest state, not a backlog`);
  assert.equal(ctx.stream.dropped, 0);
});

test('a reader that keeps up is sent every change, in order', { timeout: 10_000 }, async () => {
  await using ctx = await setup(10, {});
  const socket = await ctx.reader();
  socket.setEncoding('utf8');
  let text = '';
  socket.on('data', (chunk: string) => (text += chunk));
  socket.resume();
  await waitFor('the snapshot', () => text.includes('event: snapshot'));
  for (const round of [1, 2, 3]) ctx.dns.set('5003', round);
  await waitFor('three dn events', () => (text.match(/event: dn/g) ?? []).length === 3);
  const rounds = [...text.matchAll(/"lastChange":(\d+)/g)].map((m) => Number(m[1])).slice(-3);
  assert.deepEqual(rounds, [1, 2, 3]);
  const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!) as { ready: boolean; dns: DnStatus[] };
  assert.equal(snapshot.dns.length, 10);
});

test('more streams than allowed get 503 TOO_MANY_STREAMS', { timeout: 10_000 }, async () => {
  await using ctx = await setup(10, { maxClients: 1 });
  await ctx.reader();
  const refused = await fetch(`${ctx.base}/api/events`);
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'TOO_MANY_STREAMS');
  assert.equal(ctx.stream.clients, 1);
});
