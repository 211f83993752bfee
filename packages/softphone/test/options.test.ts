import { expect } from 'chai';
import { ConfigurationError } from '../src/errors.js';
import { DEFAULTS, resolveOptions } from '../src/options.js';

const base = { server: 'wss://pbx.example.com:8089/ws', dn: '5001', password: 'secret' };

describe('resolveOptions', () => {
  it('fills documented defaults', () => {
    const options = resolveOptions(base);
    expect(options.domain).to.equal('pbx.example.com');
    expect(options.authorizationUser).to.equal('5001');
    expect(options.iceGatheringTimeoutMs).to.equal(DEFAULTS.iceGatheringTimeoutMs);
    expect(options.media.acquireOnConnect).to.equal(true);
    expect(options.dtmf.transport).to.equal('rfc4733');
    expect(options.reconnect.initialDelayMs).to.equal(1000);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['an http server', { server: 'https://pbx.example.com' }],
    ['a non-URL server', { server: 'not a url' }],
    ['a DN with line breaks', { dn: '5001\r\n\r\nAction: Command' }],
    ['an empty password', { password: '' }],
    ['a negative ICE timeout', { iceGatheringTimeoutMs: -1 }],
    ['a tiny expiry', { registerExpires: 5 }],
    ['a hostile domain', { domain: 'a b>' }],
  ];
  for (const [what, patch] of bad) {
    it(`rejects ${what} with ConfigurationError`, () => {
      expect(() => resolveOptions({ ...base, ...patch } as never)).to.throw(ConfigurationError).with.property('code', 'INVALID_OPTIONS');
    });
  }

  it('never puts the password in an error message', () => {
    try {
      resolveOptions({ ...base, password: 'hunter2', dn: 'bad dn' });
    } catch (error) {
      expect(String((error as Error).message)).not.to.contain('hunter2');
    }
  });
});
