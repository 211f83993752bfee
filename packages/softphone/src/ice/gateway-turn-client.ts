// wwe-gateway's TURN credential exchange, loaded when a softphone with `gatewayIceServers` connects.
import { IceServersError } from '../errors.js';
import { TURN_PROOF, agentProofHeader } from '../gateway/agent-proof.js';
import type { GatewayIceServersOptions } from './gateway-ice-servers.js';
import type { IceServersGrant } from './ice-servers-provider.js';

/** One grant: a single-use nonce, the HMAC proof of the DN's password over it, the credentials. */
export async function requestGatewayIceServers(options: GatewayIceServersOptions, signal: AbortSignal): Promise<IceServersGrant> {
  const base = options.gatewayUrl.endsWith('/') ? options.gatewayUrl : `${options.gatewayUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const get = async (path: string, headers: Record<string, string> = {}) => {
    let response: Response;
    try {
      response = await doFetch(new URL(path, base), { headers: { accept: 'application/json', ...headers }, signal, cache: 'no-store', credentials: 'omit' });
    } catch (cause) {
      throw new IceServersError(`Cannot reach the gateway at ${base} for TURN credentials.`, { cause });
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } } & Record<string, unknown>;
    return { status: response.status, body };
  };
  for (let attempt = 0; ; attempt++) {
    const nonceReply = await get('api/turn/nonce');
    const nonce = nonceReply.body.nonce;
    if (nonceReply.status !== 200 || typeof nonce !== 'string') throw refused(nonceReply);
    const reply = await get('api/turn/credentials', { authorization: await agentProofHeader(TURN_PROOF, options.dn, options.password, nonce) });
    // A nonce can go stale between the two requests (a gateway restart): one more try with a new one.
    if (reply.status === 401 && reply.body.error?.code === 'TURN_NONCE_INVALID' && attempt === 0) continue;
    if (reply.status !== 200) throw refused(reply);
    return reply.body as unknown as IceServersGrant;
  }
}

function refused(reply: { status: number; body: { error?: { code?: string; message?: string } } }): IceServersError {
  const code = reply.body.error?.code ?? `HTTP ${reply.status}`;
  const hint = code === 'TURN_PROOF_INVALID' ? ' (is the SIP password current?)' : code === 'TOO_MANY_REQUESTS' ? ' (rate limited)' : '';
  return new IceServersError(`The gateway refused TURN credentials: ${code}${hint}.`);
}
