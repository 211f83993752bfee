// Fast answer: the 200 OK must not wait for ICE gathering to finish. A STUN/TURN server that never
// answers keeps Chromium gathering for ~40 s; the page cannot open a UDP socket to play that server,
// so these tests point at a random loopback port and prove the bound directly: the 200 OK leaves the
// softphone while its peer connection is still gathering, within the cutoff.
import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { Softphone, SoftphoneOptions } from '../../src/index.js';
import { newLab, newPhone, nextEvent } from '../support/lab-phone.js';

const deadPort = (): number => 20_000 + Math.floor(Math.random() * 40_000);

interface Sent200 {
  at: number;
  gathering: RTCIceGatheringState | undefined;
  sdp: string;
}

describe('fast answer with an unreachable STUN/TURN server', () => {
  let lab: SipLab;
  let phone: Softphone;
  let sent: Sent200[];

  function start(options: Partial<SoftphoneOptions>): Promise<void> {
    sent = [];
    phone = newPhone(lab, {
      ...options,
      // Watch the 200 OK at the moment the softphone hands it to the socket.
      webSocketFactory: (url, protocols) => {
        const ws = lab.webSocketFactory(url, protocols);
        const send = ws.send.bind(ws);
        ws.send = (data) => {
          const text = String(data);
          if (text.startsWith('SIP/2.0 200 OK') && /CSeq: \d+ INVITE/.test(text)) {
            sent.push({ at: performance.now(), gathering: phone.calls[0]?.peerConnection?.iceGatheringState, sdp: text.split('\r\n\r\n')[1] ?? '' });
          }
          send(data);
        };
        return ws;
      },
    });
    return phone.connect();
  }

  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await phone.disconnect();
    lab.close();
  });

  it('answers on the first usable candidate while STUN is still gathering', async () => {
    await start({ iceServers: [{ urls: `stun:127.0.0.1:${deadPort()}` }], iceGatheringTimeoutMs: 2000 });
    const labCall = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    const invite = await lab.waitForFrame((f) => f.direction === 'to-phone' && f.startLine.startsWith('INVITE'), { fromIndex: 0 });
    await labCall.waitFor('answered');
    expect(sent).to.have.length(1);
    expect(sent[0]?.gathering).to.equal('gathering');
    expect(sent[0]?.sdp).to.match(/a=candidate:.* typ host/);
    expect(sent[0]!.at - invite.at).to.be.lessThan(2000);
  });

  it('answers at the cutoff when no candidate is usable at all (relay-only, TURN unreachable)', async () => {
    const cutoff = 300;
    await start({
      iceServers: [{ urls: `turn:127.0.0.1:${deadPort()}?transport=udp`, username: 'agent', credential: 'not-a-secret' }],
      iceTransportPolicy: 'relay',
      iceGatheringTimeoutMs: cutoff,
    });
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', { autoAnswer: { signal: 'answer-mode' } });
    const invite = await lab.waitForFrame((f) => f.direction === 'to-phone' && f.startLine.startsWith('INVITE'), { fromIndex: 0 });
    await incoming;
    await lab.waitForFrame((f) => f.direction === 'from-phone' && f.startLine === 'SIP/2.0 200 OK' && /INVITE/.test(f.message?.headers.get('CSeq') ?? ''), { fromIndex: 0 });
    expect(sent).to.have.length(1);
    expect(sent[0]?.gathering).to.equal('gathering');
    const elapsed = sent[0]!.at - invite.at;
    expect(elapsed).to.be.at.least(cutoff - 20);
    expect(elapsed).to.be.lessThan(cutoff + 1500);
    void labCall;
  });

  it('bounds an outgoing call the same way', async () => {
    await start({ iceServers: [{ urls: `stun:127.0.0.1:${deadPort()}` }], iceGatheringTimeoutMs: 2000 });
    const started = performance.now();
    const call = await phone.call('5002');
    const invite = await lab.waitForFrame((f) => f.direction === 'from-phone' && f.startLine.startsWith('INVITE sip:5002'), { fromIndex: 0 });
    expect(invite.at - started).to.be.lessThan(2000);
    expect(call.peerConnection?.iceGatheringState).to.equal('gathering');
    await nextEvent(call, 'stateChanged', (e) => e.state === 'active');
  });
});
