import { expect } from 'chai';
import { withHoldDirection } from '../../src/sip/ice-restart.js';

const offer = (direction?: string): string =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 0', 'a=mid:0', ...(direction ? [`a=${direction}`] : []), 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

describe('withHoldDirection (an ICE restart offer keeps the hold JsSIP wrote into earlier offers)', () => {
  it('leaves an offer alone when nobody holds', () => {
    expect(withHoldDirection(offer('sendrecv'), { local: false, remote: false })).to.equal(offer('sendrecv'));
  });

  const cases: [string | undefined, { local: boolean; remote: boolean }, string][] = [
    ['sendrecv', { local: true, remote: false }, 'sendonly'],
    ['recvonly', { local: true, remote: false }, 'inactive'],
    ['sendrecv', { local: false, remote: true }, 'recvonly'],
    ['sendonly', { local: false, remote: true }, 'inactive'],
    ['sendrecv', { local: true, remote: true }, 'inactive'],
    [undefined, { local: true, remote: false }, 'sendonly'],
  ];
  for (const [from, hold, to] of cases) {
    it(`${from ?? '(none)'} with ${JSON.stringify(hold)} → ${to}`, () => {
      const result = withHoldDirection(offer(from), hold);
      expect(result.match(/a=(sendrecv|sendonly|recvonly|inactive)/g)).to.deep.equal([`a=${to}`]);
      expect(result).to.contain('\r\na=rtpmap:0 PCMU/8000');
      expect(result.endsWith('\r\n')).to.equal(true);
    });
  }

  it('touches audio sections only', () => {
    const sdp = `${offer('sendrecv')}m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sendrecv\r\n`;
    const result = withHoldDirection(sdp, { local: true, remote: false });
    expect(result.match(/a=(sendrecv|sendonly)/g)).to.deep.equal(['a=sendonly', 'a=sendrecv']);
  });
});
