import { createSocket, type Socket } from 'node:dgram';
import { createHash, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HepError } from './hep-error.js';
import { decodeHep3, type HepPacket } from './hep3.js';
import { HEP_LISTENER_DEFAULTS, type HepListenerOptions } from './hep-listener-options.js';
import { TokenBucket } from '../token-bucket.js';
import { udpSocketStats, type UdpSocketStats } from './udp-socket-stats.js';

/** Why a datagram was dropped before it reached the delegate. */
export type HepDropReason = 'rate_limited' | 'too_large' | 'malformed' | 'auth_failed';

export interface HepListenerDelegate {
  /** A decoded, authenticated packet; `receivedAt` is `performance.now()` when the datagram arrived. */
  onPacket(packet: HepPacket, receivedAt: number): void;
  /** A dropped datagram; `error` says what was wrong with a malformed one. */
  onDrop?(reason: HepDropReason, error?: HepError): void;
  /** The socket reported an error after binding (the listener keeps running). */
  onSocketError?(error: Error): void;
}

/**
 * UDP listener for the HEP3 mirror of Asterisk's SIP traffic (res_hep_pjsip). Each datagram is checked
 * in order of cost: size, HEP3 framing and the capture password (cheap), then the rate bound, so packets
 * that fail the password never use up the budget of genuine ones. What the kernel drops before any of
 * this (a full receive buffer) is read back from it: `kernelStats()`.
 */
export class HepListener {
  private readonly options: Required<Omit<HepListenerOptions, 'password'>>;
  private readonly passwordDigest: Buffer | undefined;
  private readonly bucket: TokenBucket;
  private socket: Socket | undefined;

  constructor(
    options: HepListenerOptions,
    private readonly delegate: HepListenerDelegate,
  ) {
    const { password, ...rest } = options;
    this.options = { ...HEP_LISTENER_DEFAULTS, ...stripUndefined(rest) };
    this.passwordDigest = password === undefined ? undefined : digest(password);
    this.bucket = new TokenBucket(this.options.maxPacketsPerSecond, this.options.burstPackets, performance.now());
  }

  /** Binds the socket; resolves with the bound address. */
  async start(): Promise<{ address: string; port: number }> {
    if (this.socket) throw new Error('HepListener already started');
    const family = this.options.host.includes(':') ? 'udp6' : 'udp4';
    const socket = createSocket({ type: family });
    this.socket = socket;
    socket.on('message', (data) => this.receive(data));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A UDP socket error after bind must not crash the process; report it and keep listening.
    socket.on('error', (error) => this.delegate.onSocketError?.(error));
    try {
      socket.setRecvBufferSize(this.options.receiveBufferBytes);
    } catch {
      // Refused outright (not Linux's silent cap): keep the system default; `receiveBufferBytes` shows it.
    }
    return this.address();
  }

  /** The receive buffer the kernel granted, bytes (Linux reports twice what it was asked, for its bookkeeping). */
  get receiveBufferBytes(): number {
    return this.socket?.getRecvBufferSize() ?? 0;
  }

  /** The kernel's drops and queued bytes for this socket (Linux); undefined elsewhere or before start. */
  kernelStats(): UdpSocketStats | undefined {
    return this.socket ? udpSocketStats(this.address()) : undefined;
  }

  address(): { address: string; port: number } {
    if (!this.socket) throw new Error('HepListener not started');
    const { address, port } = this.socket.address();
    return { address, port };
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** One datagram, as the socket delivers it. Public so callers can feed captured packets directly. */
  receive(data: Buffer, receivedAt: number = performance.now()): void {
    if (data.length > this.options.maxPacketBytes) return this.delegate.onDrop?.('too_large');
    let packet: HepPacket;
    try {
      packet = decodeHep3(data, { maxPacketBytes: this.options.maxPacketBytes });
    } catch (error) {
      if (error instanceof HepError) return this.delegate.onDrop?.('malformed', error);
      throw error;
    }
    if (this.passwordDigest && !matches(this.passwordDigest, packet.authKey)) return this.delegate.onDrop?.('auth_failed');
    // The bound protects what follows (SIP parsing, AMI): only packets that got this far count against it.
    if (!this.bucket.take(receivedAt)) return this.delegate.onDrop?.('rate_limited');
    this.delegate.onPacket(packet, receivedAt);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'latin1').digest();
}

/** Constant-time comparison (both sides hashed to one length). */
function matches(expected: Buffer, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(expected, digest(given));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
