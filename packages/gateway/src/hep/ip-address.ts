// Binary <-> text for the IP addresses carried in HEP chunks. Node has no inet_ntop/inet_pton, and
// the canonical text form matters: addresses are compared with configured peers as strings.
import { isIPv4, isIPv6 } from 'node:net';

export function formatIPv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (>= 2) of zero groups as `::`. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = (list: number[]) => list.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

export function parseIPv4(text: string): Uint8Array {
  if (!isIPv4(text)) throw new TypeError(`not an IPv4 address: ${text}`);
  return Uint8Array.from(text.split('.').map(Number));
}

export function parseIPv6(text: string): Uint8Array {
  if (!isIPv6(text)) throw new TypeError(`not an IPv6 address: ${text}`);
  // An embedded IPv4 tail (::ffff:192.0.2.1) is rewritten as its two hex groups first.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let hexText = text;
  if (isIPv4(tail)) {
    const [a = 0, b = 0, c = 0, d = 0] = parseIPv4(tail);
    hexText = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const toGroups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left = '', right] = hexText.split('::');
  const leftGroups = toGroups(left);
  const rightGroups = right === undefined ? [] : toGroups(right);
  const zeros = new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0);
  const bytes = new Uint8Array(16);
  [...leftGroups, ...zeros, ...rightGroups].forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * One spelling per address, so peers can be compared as strings: IPv4-mapped IPv6 becomes IPv4,
 * IPv6 gets its RFC 5952 form. Anything that is not an IP literal is returned lower-cased.
 */
export function canonicalAddress(text: string): string {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) {
    const bytes = parseIPv6(bare);
    const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    return mapped ? formatIPv4(bytes.subarray(12)) : formatIPv6(bytes);
  }
  return bare.toLowerCase();
}
