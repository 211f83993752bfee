// A minimal TURN client (RFC 5766 Allocate/Refresh/CreatePermission, Send/Data indications) with the
// long-term credential mechanism (RFC 5389 §10.2: REALM + NONCE, MESSAGE-INTEGRITY keyed by
// MD5(username:realm:password), FINGERPRINT), over UDP or TLS. It exists so tests can ask a real coturn
// whether it accepts a credential; the npm STUN libraries available pull in unmaintained dependencies.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { crc32 } from 'node:zlib';

const MAGIC = 0x2112a442;
export const METHOD = { binding: 0x001, allocate: 0x003, refresh: 0x004, send: 0x006, data: 0x007, createPermission: 0x008 } as const;
export const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
  fingerprint: 0x8028,
} as const;
const CLASS = { request: 0x000, indication: 0x010, success: 0x100, error: 0x110 } as const;

export interface StunMessage {
  readonly method: number;
  readonly cls: number;
  readonly transactionId: Buffer;
  readonly attributes: ReadonlyArray<{ type: number; value: Buffer }>;
}

export function encodeStun(method: number, cls: number, transactionId: Buffer, attributes: Array<[number, Buffer]>, integrityKey?: Buffer): Buffer {
  const type = (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | cls;
  const body: Buffer[] = attributes.map(([t, v]) => attribute(t, v));
  const header = (extra: number, length = body.reduce((n, b) => n + b.length, 0) + extra) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(type, 0);
    h.writeUInt16BE(length, 2);
    h.writeUInt32BE(MAGIC, 4);
    transactionId.copy(h, 8);
    return h;
  };
  if (integrityKey) {
    const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header(24), ...body])).digest();
    body.push(attribute(ATTR.messageIntegrity, mac));
  }
  const crc = (crc32(Buffer.concat([header(8), ...body])) ^ 0x5354554e) >>> 0;
  const fp = Buffer.alloc(4);
  fp.writeUInt32BE(crc, 0);
  body.push(attribute(ATTR.fingerprint, fp));
  return Buffer.concat([header(0), ...body]);
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

export function decodeStun(data: Buffer): StunMessage | undefined {
  if (data.length < 20 || data.readUInt32BE(4) !== MAGIC) return undefined;
  const type = data.readUInt16BE(0);
  const length = data.readUInt16BE(2);
  if (20 + length > data.length) return undefined;
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const attributes: Array<{ type: number; value: Buffer }> = [];
  for (let offset = 20; offset + 4 <= 20 + length; ) {
    const t = data.readUInt16BE(offset);
    const len = data.readUInt16BE(offset + 2);
    attributes.push({ type: t, value: data.subarray(offset + 4, offset + 4 + len) });
    offset += 4 + Math.ceil(len / 4) * 4;
  }
  return { method, cls: type & 0x0110, transactionId: data.subarray(8, 20), attributes };
}

/** An XOR-*-ADDRESS attribute value for IPv4. */
export function xorAddress(ip: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1);
  value.writeUInt16BE(port ^ (MAGIC >>> 16), 2);
  ip.split('.').forEach((octet, i) => value.writeUInt8(Number(octet) ^ ((MAGIC >>> (24 - 8 * i)) & 0xff), 4 + i));
  return value;
}

export function readXorAddress(value: Buffer): { address: string; port: number } {
  const port = value.readUInt16BE(2) ^ (MAGIC >>> 16);
  const address = [0, 1, 2, 3].map((i) => value.readUInt8(4 + i) ^ ((MAGIC >>> (24 - 8 * i)) & 0xff)).join('.');
  return { address, port };
}

export type TurnResult<T = object> = ({ ok: true } & T) | { ok: false; code: number; reason: string };

export interface TurnClientOptions {
  host: string;
  port: number;
  transport?: 'udp' | 'tls';
  /** For TLS: the server's certificate (self-signed in tests). */
  ca?: string | Buffer;
  servername?: string;
  timeoutMs?: number;
}

/** One TURN client session (one 5-tuple, so one allocation at most). */
export class TurnClient {
  #udp?: Socket;
  #tls?: TLSSocket;
  #tcpBuffer = Buffer.alloc(0);
  readonly #pending = new Map<string, (message: StunMessage) => void>();
  readonly #dataHandlers: Array<(from: { address: string; port: number }, data: Buffer) => void> = [];
  #realm?: Buffer;
  #nonce?: Buffer;
  #key?: Buffer;
  #username?: string;
  readonly #timeoutMs: number;

  private constructor(readonly options: TurnClientOptions) {
    this.#timeoutMs = options.timeoutMs ?? 3000;
  }

  static async connect(options: TurnClientOptions): Promise<TurnClient> {
    const client = new TurnClient(options);
    if ((options.transport ?? 'udp') === 'udp') {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      socket.on('message', (data) => client.#receive(data));
      client.#udp = socket;
    } else {
      const socket = tlsConnect({ host: options.host, port: options.port, ...(options.ca && { ca: options.ca }), servername: options.servername ?? 'localhost' });
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      socket.on('data', (chunk: Buffer) => client.#receiveStream(chunk));
      socket.on('error', () => undefined);
      client.#tls = socket;
    }
    return client;
  }

  onData(handler: (from: { address: string; port: number }, data: Buffer) => void): void {
    this.#dataHandlers.push(handler);
  }

  /** A STUN Binding request: answered without credentials; tells whether the server is up. */
  async binding(): Promise<TurnResult<{ mapped: { address: string; port: number } }>> {
    const reply = await this.#request(METHOD.binding, [], false);
    const mapped = attr(reply, ATTR.xorMappedAddress);
    return reply.cls === CLASS.success && mapped ? { ok: true, mapped: readXorAddress(mapped) } : { ok: false, ...readError(reply) };
  }

  /** Allocates a UDP relay with the long-term credential; the first, unauthenticated try learns realm and nonce. */
  async allocate(username: string, password: string): Promise<TurnResult<{ relayed: { address: string; port: number }; lifetime: number }>> {
    const transport = Buffer.from([17, 0, 0, 0]);
    const first = await this.#request(METHOD.allocate, [[ATTR.requestedTransport, transport]], false);
    if (first.cls === CLASS.success) return { ok: false, code: 0, reason: 'server allocated without authentication' };
    const error = readError(first);
    if (error.code !== 401) return { ok: false, ...error };
    this.#realm = attr(first, ATTR.realm);
    this.#nonce = attr(first, ATTR.nonce);
    this.#username = username;
    this.#key = createHash('md5').update(`${username}:${this.#realm?.toString('utf8') ?? ''}:${password}`).digest();
    const reply = await this.#request(METHOD.allocate, [[ATTR.requestedTransport, transport]], true);
    if (reply.cls !== CLASS.success) return { ok: false, ...readError(reply) };
    const relayed = readXorAddress(attr(reply, ATTR.xorRelayedAddress)!);
    return { ok: true, relayed, lifetime: attr(reply, ATTR.lifetime)?.readUInt32BE(0) ?? 0 };
  }

  /** Refreshes the allocation (lifetime 0 deletes it). */
  async refresh(lifetime = 600): Promise<TurnResult<{ lifetime: number }>> {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(lifetime, 0);
    const reply = await this.#authenticated(METHOD.refresh, [[ATTR.lifetime, value]]);
    if (reply.cls !== CLASS.success) return { ok: false, ...readError(reply) };
    return { ok: true, lifetime: attr(reply, ATTR.lifetime)?.readUInt32BE(0) ?? 0 };
  }

  async createPermission(peerIp: string): Promise<TurnResult> {
    const reply = await this.#authenticated(METHOD.createPermission, [[ATTR.xorPeerAddress, xorAddress(peerIp, 0)]]);
    return reply.cls === CLASS.success ? { ok: true } : { ok: false, ...readError(reply) };
  }

  /** Sends `data` to `peer` through the relay (needs a permission for the peer's address). */
  send(peer: { address: string; port: number }, data: Buffer): void {
    this.#write(encodeStun(METHOD.send, CLASS.indication, randomBytes(12), [[ATTR.xorPeerAddress, xorAddress(peer.address, peer.port)], [ATTR.data, data]]));
  }

  close(): void {
    this.#udp?.close();
    this.#tls?.destroy();
  }

  /** A request with the credential; a 438 Stale Nonce is retried once with the new nonce, as RFC 5389 says. */
  async #authenticated(method: number, attributes: Array<[number, Buffer]>): Promise<StunMessage> {
    const reply = await this.#request(method, attributes, true);
    if (reply.cls === CLASS.error && readError(reply).code === 438) {
      this.#nonce = attr(reply, ATTR.nonce) ?? this.#nonce;
      return this.#request(method, attributes, true);
    }
    return reply;
  }

  #request(method: number, attributes: Array<[number, Buffer]>, authenticate: boolean): Promise<StunMessage> {
    const id = randomBytes(12);
    const all = [...attributes];
    if (authenticate) {
      if (!this.#username || !this.#realm || !this.#nonce || !this.#key) throw new Error('allocate first');
      all.push([ATTR.username, Buffer.from(this.#username)], [ATTR.realm, this.#realm], [ATTR.nonce, this.#nonce]);
    }
    const packet = encodeStun(method, CLASS.request, id, all, authenticate ? this.#key : undefined);
    return new Promise((resolve, reject) => {
      const key = id.toString('hex');
      const timers: NodeJS.Timeout[] = [];
      const done = () => {
        timers.forEach(clearTimeout);
        this.#pending.delete(key);
      };
      this.#pending.set(key, (message) => {
        done();
        resolve(message);
      });
      this.#write(packet);
      if (this.#udp) for (const at of [500, 1500]) timers.push(setTimeout(() => this.#write(packet), at));
      timers.push(
        setTimeout(() => {
          done();
          reject(new Error(`no TURN answer from ${this.options.host}:${this.options.port} within ${this.#timeoutMs} ms`));
        }, this.#timeoutMs),
      );
    });
  }

  #write(packet: Buffer): void {
    if (this.#udp) this.#udp.send(packet, this.options.port, this.options.host);
    else this.#tls?.write(packet);
  }

  #receiveStream(chunk: Buffer): void {
    this.#tcpBuffer = Buffer.concat([this.#tcpBuffer, chunk]);
    while (this.#tcpBuffer.length >= 20) {
      const size = 20 + this.#tcpBuffer.readUInt16BE(2);
      if (this.#tcpBuffer.length < size) return;
      this.#receive(this.#tcpBuffer.subarray(0, size));
      this.#tcpBuffer = this.#tcpBuffer.subarray(size);
    }
  }

  #receive(data: Buffer): void {
    const message = decodeStun(data);
    if (!message) return;
    if (message.method === METHOD.data && message.cls === CLASS.indication) {
      const peer = attr(message, ATTR.xorPeerAddress);
      const payload = attr(message, ATTR.data);
      if (peer && payload) for (const handler of this.#dataHandlers) handler(readXorAddress(peer), payload);
      return;
    }
    this.#pending.get(message.transactionId.toString('hex'))?.(message);
  }
}

function attr(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

function readError(message: StunMessage): { code: number; reason: string } {
  const value = attr(message, ATTR.errorCode);
  if (!value || value.length < 4) return { code: 0, reason: 'no ERROR-CODE' };
  return { code: (value.readUInt8(2) & 0x7) * 100 + value.readUInt8(3), reason: value.subarray(4).toString('utf8') };
}
