// The smallest WebSocket peer pair a proxy test needs (RFC 6455: handshake, one text frame each way):
// a server standing in for Asterisk's /ws that echoes, and a client that speaks over TLS like a browser.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const acceptFor = (key: string) => createHash('sha1').update(key + GUID).digest('base64');

export function encodeFrame(text: string, masked: boolean): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new RangeError('short frames only');
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = masked ? Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!)) : payload;
  return Buffer.concat([Buffer.from([0x81, (masked ? 0x80 : 0) | payload.length]), mask, body]);
}

/** One complete text frame from the front of `data`, or undefined while it is incomplete. */
export function decodeFrame(data: Buffer): { text: string; size: number } | undefined {
  if (data.length < 2) return undefined;
  const masked = (data[1]! & 0x80) !== 0;
  const length = data[1]! & 0x7f;
  const start = 2 + (masked ? 4 : 0);
  if (length > 125 || data.length < start + length) return undefined;
  const mask = data.subarray(2, 6);
  const body = Buffer.from(data.subarray(start, start + length).map((b, i) => (masked ? b ^ mask[i % 4]! : b)));
  return { text: body.toString('utf8'), size: start + length };
}

/** A WebSocket server on `path` that records each handshake's headers and echoes text frames as `echo:<text>`. */
export async function startWebSocketEcho(path = '/ws'): Promise<{ port: number; handshakes: IncomingHttpHeaders[]; server: Server; stop(): Promise<void> }> {
  const handshakes: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
  server.on('upgrade', (req, socket: Socket) => {
    sockets.add(socket);
    handshakes.push(req.headers);
    const key = req.headers['sec-websocket-key'];
    if (req.url !== path || typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const protocol = req.headers['sec-websocket-protocol'] === 'sip' ? 'Sec-WebSocket-Protocol: sip\r\n' : '';
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n${protocol}\r\n`);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let frame = decodeFrame(buffer); frame; frame = decodeFrame(buffer)) {
        buffer = buffer.subarray(frame.size);
        socket.write(encodeFrame(`echo:${frame.text}`, false));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    handshakes,
    server,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Opens wss://host:port<path> as a browser would (Origin, `sip` subprotocol), sends `message` and
 * resolves with the handshake's status line, response headers and the first text frame back.
 */
export function wssRoundTrip(options: { port: number; path: string; host: string; origin: string; ca: Buffer; message: string }): Promise<{ status: string; headers: string; reply: string }> {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const socket = tlsConnect({ host: '127.0.0.1', port: options.port, servername: options.host, ca: options.ca, ALPNProtocols: ['http/1.1'] }, () => {
      socket.write(
        `GET ${options.path} HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\nOrigin: ${options.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
      );
    });
    let buffer = Buffer.alloc(0);
    let head: { status: string; headers: string } | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no WebSocket answer; got ${JSON.stringify(buffer.toString('latin1').slice(0, 300))}`));
    }, 5000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!head) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = buffer.subarray(0, end).toString('latin1');
        head = { status: text.split('\r\n')[0]!, headers: text };
        buffer = buffer.subarray(end + 4);
        if (!/^HTTP\/1\.1 101/.test(head.status) || !text.includes(`Sec-WebSocket-Accept: ${acceptFor(key)}`)) {
          clearTimeout(timer);
          socket.destroy();
          resolve({ ...head, reply: '' });
          return;
        }
        socket.write(encodeFrame(options.message, true));
      }
      const frame = decodeFrame(buffer);
      if (frame) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ...head, reply: frame.text });
      }
    });
  });
}
