import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from './auth.js';

/**
 * Where a request comes from, as far as a browser tells: defences for the API against other sites'
 * pages. A page cannot set `Host`, `Origin` or `Sec-Fetch-*` itself, so these headers are what a
 * browser vouches for; programs (curl, CTI adapters) usually send none of them and are not affected.
 */

/** Methods that change something; a page of another origin may never send them here. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether the `Host` header names this machine's loopback (`localhost`, `127.x.x.x`, `[::1]`, any
 * port). Without a token that is the only way a legitimate client reaches the gateway; any other name
 * is a DNS-rebinding page (attacker.example resolving to 127.0.0.1) reading the API as its own origin.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return isLoopbackHost(name.toLowerCase());
}

/**
 * Why the request counts as coming from another origin's page, or undefined. `Origin` (sent with every
 * cross-origin fetch and every form POST) must name the gateway itself; with no `Origin`,
 * `Sec-Fetch-Site` must not say cross-site or same-site, except for a plain navigation (a link).
 */
export function foreignOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) return isSameOrigin(origin, req.headers.host) ? undefined : `Origin ${origin.slice(0, 100)}`;
  const site = req.headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && req.headers['sec-fetch-mode'] !== 'navigate') return `Sec-Fetch-Site ${site}`;
  return undefined;
}

/** Methods refused from another origin's page even when the request carries a valid token. */
export function changesState(method: string | undefined): boolean {
  return UNSAFE_METHODS.has((method ?? '').toUpperCase());
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    // Scheme is not compared: behind a TLS-terminating proxy the page is https and the gateway http.
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, data: pages) and anything unreadable
  }
}
