// gatewayIceServers: the browser half of wwe-gateway's TURN credential exchange. The gateway's side is
// tested against real coturn in the gateway's suite; here a scripted fetch checks the requests.
import { expect } from 'chai';
import { gatewayIceServers, IceServersError } from '../../src/index.js';

interface Seen {
  url: string;
  authorization: string | undefined;
}

function scripted(replies: Array<[number, unknown]>) {
  const seen: Seen[] = [];
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    seen.push({ url: String(input), authorization: (init?.headers as Record<string, string> | undefined)?.authorization });
    const [status, body] = replies.shift() ?? [500, {}];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const signal = () => new AbortController().signal;
const GRANT = { iceServers: [{ urls: ['turns:pbx.example.com:5349?transport=tcp'], username: '1800000000:5001', credential: 'c' }], ttl: 14400, expiresAt: 1 };

describe('gatewayIceServers', () => {
  it('proves the SIP password with HMAC-SHA256 over the nonce, never sending the password', async () => {
    const { seen, fetch } = scripted([[200, { nonce: 'nonce-1', expiresIn: 30 }], [200, GRANT]]);
    const provider = gatewayIceServers({ gatewayUrl: 'https://pbx.example.com', dn: '5001', password: 'sip-password-5001', fetch });
    expect(await provider(signal())).to.deep.equal(GRANT);
    expect(seen.map((s) => s.url)).to.deep.equal(['https://pbx.example.com/api/turn/nonce', 'https://pbx.example.com/api/turn/credentials']);
    // Computed independently:
    // printf 'wwe-turn-v1\n5001\nnonce-1' | openssl dgst -sha256 -hmac sip-password-5001 -binary | base64 | tr '+/' '-_' | tr -d '='
    expect(seen[1]!.authorization).to.equal('WWE-TURN dn="5001", nonce="nonce-1", proof="QdRiZ6UOq4Px9X0163LGgUjT7R9VkhWxDKaXZ7752E8"');
    expect(JSON.stringify(seen)).not.to.include('sip-password-5001');
  });

  it('asks for a new nonce once when the gateway says the nonce went stale', async () => {
    const { seen, fetch } = scripted([[200, { nonce: 'a' }], [401, { error: { code: 'TURN_NONCE_INVALID' } }], [200, { nonce: 'b' }], [200, GRANT]]);
    expect(await gatewayIceServers({ gatewayUrl: 'https://gw.example.com/', dn: '5001', password: 'pw', fetch })(signal())).to.deep.equal(GRANT);
    expect(seen).to.have.length(4);
  });

  it('fails with a typed error naming the gateway\'s code', async () => {
    const wrong = scripted([[200, { nonce: 'a' }], [403, { error: { code: 'TURN_PROOF_INVALID' } }]]);
    const error = await gatewayIceServers({ gatewayUrl: 'https://gw.example.com', dn: '5001', password: 'old', fetch: wrong.fetch })(signal()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(IceServersError);
    expect((error as IceServersError).code).to.equal('ICE_SERVERS_UNAVAILABLE');
    expect((error as Error).message).to.match(/TURN_PROOF_INVALID.*SIP password/);

    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const unreachable = await gatewayIceServers({ gatewayUrl: 'https://gw.example.com', dn: '5001', password: 'pw', fetch: down })(signal()).catch((e: unknown) => e);
    expect(unreachable).to.be.instanceOf(IceServersError);
    expect((unreachable as Error).message).to.match(/Cannot reach the gateway/);
  });
});
