/** What a HepListener can be told. Defaults in `HEP_LISTENER_DEFAULTS`. */
export interface HepListenerOptions {
  /** Address to bind. Loopback by default: HEP is plain UDP with a clear-text password. */
  readonly host?: string;
  /** UDP port; 0 picks a free one (see `HepListener.address()`). */
  readonly port?: number;
  /**
   * Asterisk's `capture_password` (hep.conf). When set, packets whose auth key differs are dropped.
   * There is no default: pass it from the environment or a file.
   */
  readonly password?: string;
  /** Larger datagrams are dropped unread. */
  readonly maxPacketBytes?: number;
  /** Sustained packets per second accepted; the excess is dropped (and counted) before decoding. */
  readonly maxPacketsPerSecond?: number;
  /** Packets accepted in a burst above the sustained rate. */
  readonly burstPackets?: number;
  /**
   * Receive buffer asked of the kernel (SO_RCVBUF), so a burst waits there instead of being dropped.
   * Linux grants at most twice `net.core.rmem_max`; `HepListener.receiveBufferBytes` says what it got.
   */
  readonly receiveBufferBytes?: number;
}

export const HEP_LISTENER_DEFAULTS = {
  host: '127.0.0.1',
  port: 9060,
  // Large enough for an INVITE with a WebRTC offer; NOTIFYs are a few hundred bytes.
  maxPacketBytes: 16_384,
  // A 10,000-agent registration storm mirrored ~40,000 messages in a few seconds; this keeps up with
  // that while bounding the CPU an accidental or hostile flood can take.
  maxPacketsPerSecond: 20_000,
  burstPackets: 40_000,
  // About 8,000 mirrored messages of ~1 KiB in kernel accounting: a fraction of a second of a storm.
  receiveBufferBytes: 8 * 1024 * 1024,
} as const;
