import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { endianness } from 'node:os';
import { parseIPv4, parseIPv6 } from './ip-address.js';

/** The kernel's view of one bound UDP socket. */
export interface UdpSocketStats {
  /** Datagrams the kernel dropped because the socket's receive buffer was full, since it was bound. */
  readonly drops: number;
  /** Bytes waiting in the receive buffer now. */
  readonly queuedBytes: number;
}

/**
 * Reads the kernel's counters for the UDP socket bound to `local` from `/proc/net/udp` (or `udp6`).
 * Datagrams dropped there never reach the process, so no counter of its own can see them. Linux only:
 * undefined elsewhere, or when no socket is bound to that address and port. A bound address and port
 * name one socket unless sockets share it with SO_REUSEADDR/SO_REUSEPORT, which the HEP listener does not set.
 */
export function udpSocketStats(local: { address: string; port: number }, read: (path: string) => string = (path) => readFileSync(path, 'latin1')): UdpSocketStats | undefined {
  const v6 = isIPv6(local.address);
  let table: string;
  try {
    table = read(v6 ? '/proc/net/udp6' : '/proc/net/udp');
  } catch {
    return undefined;
  }
  const wanted = `${procAddress(local.address)}:${local.port.toString(16).toUpperCase().padStart(4, '0')}`;
  const lines = table.split('\n');
  const columns = (lines[0] ?? '').trim().split(/\s+/);
  // The header spells some single fields as two words ("tx_queue rx_queue"), so count from the end.
  const dropsFromEnd = columns.length - columns.indexOf('drops');
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] !== wanted) continue;
    const queues = fields[4]?.split(':') ?? [];
    const drops = Number(fields[fields.length - dropsFromEnd]);
    return { drops: Number.isFinite(drops) ? drops : 0, queuedBytes: parseInt(queues[1] ?? '0', 16) };
  }
  return undefined;
}

/**
 * The address as the kernel prints it: each 32-bit word of it in host byte order (`127.0.0.1` →
 * `0100007F` on x86), one word for IPv4, four for IPv6.
 */
function procAddress(address: string): string {
  const bytes = isIPv6(address) ? parseIPv6(address) : parseIPv4(address);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const word = [...bytes.subarray(i, i + 4)];
    if (endianness() === 'LE') word.reverse();
    out += word.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
  }
  return out;
}
