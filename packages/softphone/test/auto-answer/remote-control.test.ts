import { expect } from 'chai';
import { readGenesysCallUuid } from '@wwe-webrtc/shared';
import { remoteControlEvent } from '../../src/auto-answer/remote-control.js';

describe('remote control parsing', () => {
  it('accepts a Genesys call UUID', () => {
    expect(readGenesysCallUuid(' UIVB8J6JE91C53UIM3VI59VHQ4000015 ')).to.equal('UIVB8J6JE91C53UIM3VI59VHQ4000015');
  });

  for (const bad of [undefined, null, '', 'a b', 'x'.repeat(200), 'UUID\r\nAction: Command', '<script>']) {
    it(`rejects ${JSON.stringify(bad)?.slice(0, 30)}`, () => {
      expect(readGenesysCallUuid(bad)).to.equal(undefined);
    });
  }

  it('reads the event name, ignoring parameters and case', () => {
    expect(remoteControlEvent('talk')).to.equal('talk');
    expect(remoteControlEvent('Talk;id=1')).to.equal('talk');
    expect(remoteControlEvent('hold')).to.equal('hold');
    expect(remoteControlEvent('refer')).to.equal(undefined);
    expect(remoteControlEvent(undefined)).to.equal(undefined);
  });
});
