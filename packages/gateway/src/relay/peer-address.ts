// Configured SIP peers ("192.0.2.81", "192.0.2.81:5060", "[2001:db8::1]:5060") and matching them
// against HEP endpoints. Without a port, any port of that host matches.
import { isIP } from 'node:net';
import { canonicalAddress } from '../hep/ip-address.js';
import type { HepEndpoint } from '../hep/hep3.js';

export interface PeerAddress {
  readonly host: string;
  readonly port?: number;
}

/** Parses `host`, `host:port`, `[v6]` or `[v6]:port`; the host must be an IP literal. */
export function parsePeerAddress(text: string): PeerAddress {
  const match = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  const bareV6 = match ? undefined : isIP(text) === 6 ? text : undefined;
  const host = bareV6 ?? match?.[1];
  const port = bareV6 ? undefined : match?.[2] === undefined ? undefined : Number(match[2]);
  if (!host || isIP(host) === 0) throw new TypeError(`"${text}" is not an IP address with an optional port`);
  if (port !== undefined && (port < 1 || port > 65535)) throw new RangeError(`port ${port} in "${text}" is out of range`);
  return port === undefined ? { host: canonicalAddress(host) } : { host: canonicalAddress(host), port };
}

export function matchesPeer(endpoint: HepEndpoint, peers: readonly PeerAddress[]): boolean {
  const address = canonicalAddress(endpoint.address);
  return peers.some((peer) => peer.host === address && (peer.port === undefined || peer.port === endpoint.port));
}
