import { expect } from 'chai';
import { boundIceGathering, isUsableCandidate, offersMediaPath } from '../../src/sip/ice-gathering.js';
import type { IceEventSource } from '../../src/sip/ice-gathering.js';

describe('isUsableCandidate', () => {
  it('takes UDP candidates with an IP address', () => {
    expect(isUsableCandidate({ type: 'host', protocol: 'udp', address: '127.0.0.1' })).to.equal(true);
    expect(isUsableCandidate({ type: 'srflx', protocol: 'udp', address: '198.51.100.7' })).to.equal(true);
  });

  it('skips TCP, mDNS names Asterisk cannot resolve, and address-less candidates', () => {
    expect(isUsableCandidate({ type: 'host', protocol: 'tcp', address: '127.0.0.1' })).to.equal(false);
    expect(isUsableCandidate({ type: 'host', protocol: 'udp', address: '4f2c9d1e-1.local' })).to.equal(false);
    expect(isUsableCandidate({ type: 'host', protocol: 'udp', address: null })).to.equal(false);
  });

  it('takes only relay candidates under a relay policy', () => {
    expect(isUsableCandidate({ type: 'host', protocol: 'udp', address: '127.0.0.1' }, 'relay')).to.equal(false);
    expect(isUsableCandidate({ type: 'relay', protocol: 'udp', address: '203.0.113.9' }, 'relay')).to.equal(true);
    expect(isUsableCandidate({ type: 'relay', protocol: 'udp', address: '203.0.113.9', relayProtocol: 'udp' }, 'relay')).to.equal(true);
  });

  it('does not send on a relay reached over TCP or TLS: it would win over a UDP relay only by finishing first', () => {
    for (const policy of ['relay', 'all'] as const) {
      expect(isUsableCandidate({ type: 'relay', protocol: 'udp', address: '203.0.113.9', relayProtocol: 'tcp' }, policy)).to.equal(false);
      expect(isUsableCandidate({ type: 'relay', protocol: 'udp', address: '203.0.113.9', relayProtocol: 'tls' }, policy)).to.equal(false);
    }
  });
});

/** A stand-in for JsSIP's session emitter, with a fake peer connection. */
function fakeSession() {
  const listeners = new Map<string, ((event: never) => void)[]>();
  const pc = Object.assign(new EventTarget(), { iceGatheringState: 'new' as RTCIceGatheringState });
  const session = {
    connection: pc as unknown as RTCPeerConnection,
    on: (event: string, listener: (event: never) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    off: (event: string, listener: (...args: never[]) => void) => listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener)),
  } as unknown as IceEventSource;
  const fire = (event: string, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload as never);
  };
  const startGathering = (): void => {
    pc.iceGatheringState = 'gathering';
    pc.dispatchEvent(new Event('icegatheringstatechange'));
  };
  return { session, pc, fire, startGathering, count: (event: string) => listeners.get(event)?.length ?? 0 };
}

describe('boundIceGathering', () => {
  it('calls ready() on the first usable candidate', () => {
    const { session, fire, startGathering } = fakeSession();
    let ready = 0;
    boundIceGathering(session, 10_000);
    startGathering();
    fire('icecandidate', { candidate: { type: 'host', protocol: 'tcp', address: '127.0.0.1' }, ready: () => (ready += 1) });
    expect(ready).to.equal(0);
    fire('icecandidate', { candidate: { type: 'host', protocol: 'udp', address: '127.0.0.1' }, ready: () => (ready += 1) });
    expect(ready).to.equal(1);
  });

  it('relay-only: a TCP relay that comes first waits for the UDP relay', () => {
    const { session, fire, startGathering } = fakeSession();
    let ready = 0;
    boundIceGathering(session, 10_000, 'relay');
    startGathering();
    fire('icecandidate', { candidate: { type: 'relay', protocol: 'udp', address: '203.0.113.9', relayProtocol: 'tcp' }, ready: () => (ready += 1) });
    expect(ready).to.equal(0);
    fire('icecandidate', { candidate: { type: 'relay', protocol: 'udp', address: '203.0.113.9', relayProtocol: 'udp' }, ready: () => (ready += 1) });
    expect(ready).to.equal(1);
  });

  it('releases JsSIP with an end-of-candidates event at the cutoff, even with no candidate at all', async () => {
    const { session, pc, startGathering } = fakeSession();
    const released: (RTCIceCandidate | null)[] = [];
    pc.addEventListener('icecandidate', (event) => released.push((event as RTCPeerConnectionIceEvent).candidate));
    let why: string | undefined;
    let releasedWhenTold: number | undefined;
    boundIceGathering(session, 30, 'all', (reason) => {
      why = reason;
      releasedWhenTold = released.length;
    });
    startGathering();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(released).to.deep.equal([null]);
    expect(why).to.equal('timeout');
    expect(releasedWhenTold, 'the cutoff is told before the SDP is released (JsSIP sends it from that event)').to.equal(0);
  });

  it('does not fire the cutoff once the SDP went out', async () => {
    const { session, pc, fire, startGathering } = fakeSession();
    let events = 0;
    pc.addEventListener('icecandidate', () => (events += 1));
    boundIceGathering(session, 20);
    startGathering();
    fire('sdp', { originator: 'local' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).to.equal(0);
  });

  it('stops listening when unbound', () => {
    const { session, count } = fakeSession();
    const unbind = boundIceGathering(session, 10);
    expect(count('icecandidate')).to.equal(1);
    unbind();
    expect(count('icecandidate')).to.equal(0);
  });
});

describe('offersMediaPath', () => {
  const relay = 'v=0\r\na=candidate:1 1 udp 41885439 203.0.113.7 50000 typ relay raddr 0.0.0.0 rport 0\r\n';
  const hostOnly = 'v=0\r\na=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0\r\n';
  const none = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n';

  it('relay-only with gathering finished: only a relay candidate is a path', () => {
    expect(offersMediaPath(relay, 'relay', true)).to.equal(true);
    expect(offersMediaPath(none, 'relay', true)).to.equal(false);
    expect(offersMediaPath(hostOnly, 'relay', true)).to.equal(false);
  });

  it('relay-only cut off while still gathering: a late relay reaches the far end as peer-reflexive, so it counts as a path', () => {
    expect(offersMediaPath(none, 'relay', false)).to.equal(true);
  });

  it('any policy but relay-only always leaves a path (host candidates, peer-reflexive discovery)', () => {
    expect(offersMediaPath(none, 'all', true)).to.equal(true);
  });
});

