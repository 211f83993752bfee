import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AmiClient } from '../../src/ami/client.js';
import { AmiParser } from '../../src/ami/codec.js';

/**
 * Hostile or broken AMI peers, written here as plain TCP servers: an Asterisk that greets and then
 * says nothing, one that answers the Challenge but never the Login, and one that sends a message
 * far larger than any real one.
 */
interface HostileAmi {
  readonly port: number;
  readonly connections: Socket[];
  close(): Promise<void>;
}

type Behaviour = (socket: Socket, frames: AmiParser) => void;

async function hostileAmi(behaviour: Behaviour): Promise<HostileAmi> {
  const connections: Socket[] = [];
  const server: Server = createServer((socket) => {
    connections.push(socket);
    socket.on('error', () => undefined);
    behaviour(socket, new AmiParser({ expectBanner: false }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

/** Answers each action it receives with `reply(action, actionId)`; an empty reply is silence. */
function answering(reply: (action: string, actionId: string) => string): Behaviour {
  return (socket, frames) => {
    socket.write(BANNER);
    socket.on('data', (chunk) => {
      for (const item of frames.push(chunk)) {
        if (item.kind !== 'message') continue;
        const text = reply(item.message.get('Action') ?? '', item.message.actionId ?? '');
        if (text) socket.write(text);
      }
    });
  };
}

function client(port: number, options: Partial<ConstructorParameters<typeof AmiClient>[0]> = {}): AmiClient {
  return new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'gateway',
    secret: 'simulated-secret',
    keepaliveIntervalMs: 0,
    connectTimeoutMs: 150,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
    ...options,
  });
}

const next = <T>(subscribe: (cb: (v: T) => void) => void) => new Promise<T>((resolve) => subscribe(resolve));

for (const [label, behaviour, stage] of [
  ['greets and then says nothing', answering(() => ''), /Challenge/],
  [
    'answers the Challenge but never the Login',
    answering((action, id) => (action === 'Challenge' ? `Response: Success\r\nActionID: ${id}\r\nChallenge: 123456789\r\n\r\n` : '')),
    /Login/,
  ],
] as const) {
  test(`an AMI that ${label} is timed out, reported and reconnected to`, { timeout: 5_000 }, async () => {
    const ami = await hostileAmi(behaviour);
    const ami_client = client(ami.port);
    try {
      const error = next<{ code: string; message: string }>((cb) => ami_client.on('error', cb));
      const reconnecting = next<{ attempt: number }>((cb) => ami_client.on('reconnecting', cb));
      void ami_client.start().catch(() => undefined);
      const reported = await error;
      assert.equal(reported.code, 'AMI_TIMEOUT');
      assert.match(reported.message, stage, 'the message says which step of the login never came back');
      assert.equal((await reconnecting).attempt, 1);
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.ok(ami.connections.length >= 2, 'a new connection replaces the one that went quiet');
      assert.ok(ami.connections.slice(0, -1).every((socket) => socket.destroyed || socket.readableEnded), 'the quiet connection is closed');
    } finally {
      await ami_client.stop(10);
      await ami.close();
    }
  });
}

/** Logs anyone in and answers nothing else. */
const loggingIn = answering((action, id) => {
  if (action === 'Challenge') return `Response: Success\r\nActionID: ${id}\r\nChallenge: 123456789\r\n\r\n`;
  if (action === 'Login') return `Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`;
  return '';
});

test('a giant AMI message (thousands of 60 KB fields) is skipped as malformed; the connection and the next event survive', { timeout: 10_000 }, async () => {
  let peer: Socket | undefined;
  const ami = await hostileAmi((socket, frames) => {
    peer = socket;
    loggingIn(socket, frames);
  });
  const ami_client = client(ami.port);
  try {
    const malformed = next<{ reason: string }>((cb) => ami_client.on('malformed', cb));
    const booted = next<{ uptime: number | undefined }>((cb) => ami_client.on('fullyBooted', cb));
    await ami_client.start();
    // 200 fields of 60 KiB (12 MiB): every line within the line limit, the message far past any real one.
    const field = Buffer.from(`Data: ${'x'.repeat(60 * 1024)}\r\n`);
    peer!.write('Event: Giant\r\n');
    for (let i = 0; i < 200; i++) {
      if (!peer!.write(field)) await new Promise((resolve) => peer!.once('drain', resolve));
    }
    peer!.write('\r\nEvent: FullyBooted\r\nUptime: 42\r\nLastReload: 42\r\n\r\n');
    assert.match((await malformed).reason, /message longer than/);
    assert.equal((await booted).uptime, 42, 'the event after the giant one is read');
    assert.equal(ami_client.connected, true);
    assert.equal(ami_client.malformedFrames, 1);
  } finally {
    await ami_client.stop(10);
    await ami.close();
  }
});
