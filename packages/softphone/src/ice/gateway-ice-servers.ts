import { IceServersError } from '../errors.js';
import type { IceServersGrant, IceServersProvider } from './ice-servers-provider.js';

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
 * `iceServersProvider`.
 */
export function gatewayIceServers(options: GatewayIceServersOptions): IceServersProvider {
  const base = options.gatewayUrl.endsWith('/') ? options.gatewayUrl : `${options.gatewayUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const get = async (path: string, signal: AbortSignal, headers: Record<string, string> = {}) => {
    let response: Response;
    try {
      response = await doFetch(new URL(path, base), { headers: { accept: 'application/json', ...headers }, signal, cache: 'no-store', credentials: 'omit' });
    } catch (cause) {
      throw new IceServersError(`Cannot reach the gateway at ${base} for TURN credentials.`, { cause });
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } } & Record<string, unknown>;
    return { status: response.status, body };
  };
  return async (signal) => {
    for (let attempt = 0; ; attempt++) {
      const nonceReply = await get('api/turn/nonce', signal);
      const nonce = nonceReply.body.nonce;
      if (nonceReply.status !== 200 || typeof nonce !== 'string') throw refused(nonceReply);
      const proof = await hmacBase64Url(options.password, `wwe-turn-v1\n${options.dn}\n${nonce}`);
      const reply = await get('api/turn/credentials', signal, { authorization: `WWE-TURN dn="${options.dn}", nonce="${nonce}", proof="${proof}"` });
      // A nonce can go stale between the two requests (a gateway restart): one more try with a new one.
      if (reply.status === 401 && reply.body.error?.code === 'TURN_NONCE_INVALID' && attempt === 0) continue;
      if (reply.status !== 200) throw refused(reply);
      return reply.body as unknown as IceServersGrant;
    }
  };
}

function refused(reply: { status: number; body: { error?: { code?: string; message?: string } } }): IceServersError {
  const code = reply.body.error?.code ?? `HTTP ${reply.status}`;
  const hint = code === 'TURN_PROOF_INVALID' ? ' (is the SIP password current?)' : code === 'TOO_MANY_REQUESTS' ? ' (rate limited)' : '';
  return new IceServersError(`The gateway refused TURN credentials: ${code}${hint}.`);
}

async function hmacBase64Url(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
