import { expect } from 'chai';
import { fetchPresence, presenceFrom } from '../../src/element/presence.js';
import { shadow, until } from '../support/dom.js';
import { labbedPhone } from '../support/lab.js';

// A static stand-in for the gateway's `GET /api/dns/5001`, served by the test server.
const GATEWAY = new URL('../fixtures/gateway/', import.meta.url).href;

describe('Genesys presence from the gateway', () => {
  it('folds the gateway states into what the agent sees', () => {
    expect(presenceFrom({ dn: '5001', genesys: 'registered' })).to.equal('registered');
    expect(presenceFrom({ genesys: 'unregistering' })).to.equal('registering');
    expect(presenceFrom({ genesys: 'rejected' })).to.equal('unregistered');
    expect(presenceFrom({ genesys: 'constructor' })).to.equal('unknown');
    expect(presenceFrom('registered')).to.equal('unknown');
  });

  it('reads /api/dns/:dn and reports an unreachable gateway as such', async () => {
    expect(await fetchPresence(GATEWAY, '5001')).to.equal('registered');
    expect(await fetchPresence(GATEWAY, '5999')).to.equal('unreachable');
    expect(await fetchPresence('not a url', '5001')).to.equal('unreachable');
  });

  it('sends the presence token as a bearer header, never in the URL', async () => {
    const seen: Request[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return realFetch(input, init);
    };
    try {
      expect(await fetchPresence(GATEWAY, '5001', 'presence-token-0123456789')).to.equal('registered');
    } finally {
      window.fetch = realFetch;
    }
    expect(seen).to.have.length(1);
    expect(seen[0]!.headers.get('authorization')).to.equal('Bearer presence-token-0123456789');
    expect(seen[0]!.url).to.not.contain('presence-token');
    expect(seen[0]!.method).to.equal('GET');
  });

  it('shows the DN in service at Genesys in the header once connected', async () => {
    const setup = await labbedPhone({ attributes: { 'gateway-url': GATEWAY } });
    try {
      await until(() => setup.phone.state.presence === 'registered', 'the presence poll');
      await setup.phone.updateComplete;
      expect(shadow(setup.phone, '[part="presence"]')?.textContent).to.contain('Genesys: in service');
    } finally {
      await setup.dispose();
    }
  });
});
