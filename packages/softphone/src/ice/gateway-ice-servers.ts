import { LazyModule } from '../lazy/lazy-module.js';
import type { IceServersProvider } from './ice-servers-provider.js';

const client = new LazyModule('gateway TURN client', () => import('./gateway-turn-client.js'));

export interface GatewayIceServersOptions {
  /** Base URL of wwe-gateway as the browser reaches it, e.g. `https://pbx.example.com`. */
  gatewayUrl: string;
  /** The agent's DN and its SIP password: the password proves the DN and never leaves the browser. */
  dn: string;
  password: string;
  /** `fetch` replacement (tests). */
  fetch?: typeof fetch;
}

/**
 * TURN credentials from wwe-gateway: fetch a single-use nonce, prove the DN's SIP password with
 * HMAC-SHA256 over it (WebCrypto), receive `{ iceServers, ttl }`. Pass the result as the softphone's
 * `iceServersProvider`. The exchange itself loads on the first request (its own chunk).
 */
export function gatewayIceServers(options: GatewayIceServersOptions): IceServersProvider {
  return async (signal) => (await client.load()).requestGatewayIceServers(options, signal);
}
