// `gateway-turn`: one attribute, and the softphone fetches TURN credentials from the gateway.
import { expect } from 'chai';
import { SipLab } from '@wwe-webrtc/lab';
import '../../src/index.js';
import type { WweSoftphone } from '../../src/index.js';
import { until } from '../support/dom.js';

const GATEWAY = 'https://gateway.example.test';
const GRANT = { iceServers: [{ urls: ['turn:127.0.0.1:9?transport=udp'], username: '1800000000:5001', credential: 'c2VjcmV0' }], ttl: 14400, expiresAt: 0 };

describe('<wwe-softphone gateway-turn>', () => {
  const realFetch = window.fetch;
  let lab: SipLab;
  let phone: WweSoftphone;
  let requests: Array<{ url: string; authorization: string | undefined }>;

  beforeEach(() => {
    requests = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      requests.push({ url, authorization: (init?.headers as Record<string, string> | undefined)?.authorization });
      if (url.endsWith('/api/turn/nonce')) return Response.json({ nonce: 'nonce-1', expiresIn: 30 });
      if (url.endsWith('/api/turn/credentials')) return Response.json(GRANT);
      return Response.json({ dn: '5001', browser: true, desired: 'registered', genesys: 'registered', lastChange: 0 });
    };
    lab = new SipLab({ accounts: { '5001': 'lab-secret-5001' } });
    phone = document.createElement('wwe-softphone');
    phone.storageKey = '';
    phone.softphoneOptions = { webSocketFactory: lab.webSocketFactory, unregisterOnPageHide: false };
    document.body.append(phone);
  });
  afterEach(async () => {
    await phone.disconnect();
    phone.remove();
    lab.close();
    window.fetch = realFetch;
  });

  it('fetches TURN credentials from the gateway with the DN\'s proof, and calls use them', async () => {
    phone.setAttribute('gateway-turn', '');
    Object.assign(phone, { server: lab.url, dn: '5001', password: 'lab-secret-5001', gatewayUrl: GATEWAY });
    await phone.connect();
    const credentials = requests.find((r) => r.url === `${GATEWAY}/api/turn/credentials`);
    expect(credentials?.authorization).to.match(/^WWE-TURN dn="5001", nonce="nonce-1", proof="[A-Za-z0-9_-]{43}"$/);
    expect(JSON.stringify(requests)).not.to.include('lab-secret-5001');
    lab.call('5001');
    const call = await until(() => phone.softphone?.calls[0], 'an incoming call');
    await phone.answer(call.id);
    const pc = await until(() => call.peerConnection, 'the call\'s peer connection');
    expect(pc.getConfiguration().iceServers?.[0]?.username).to.equal('1800000000:5001');
  });

  it('without the attribute, asks the gateway for nothing but presence', async () => {
    Object.assign(phone, { server: lab.url, dn: '5001', password: 'lab-secret-5001', gatewayUrl: GATEWAY });
    await phone.connect();
    expect(requests.some((r) => r.url.includes('/api/turn/'))).to.equal(false);
  });
});
