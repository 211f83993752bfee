// Call recovery wired through the softphone, against the in-page lab. The lab keeps an answered call
// when its WebSocket closes and moves the dialog to the connection a re-INVITE arrives on — what real
// Asterisk 22 was measured to do (e2e/asterisk/scenarios/dialog-transport.mjs). Media faults need a
// real network and are proven in the real-Asterisk suite.
import { expect } from 'chai';
import type { LabCall, SipLab } from '@wwe-webrtc/lab';
import type { Call, Softphone } from '../../src/index.js';
import { labPerTest, nextEvent, sleep } from '../support/lab-phone.js';

const iceUfrag = (sdp: string): string | undefined => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1];

async function answeredCall(lab: SipLab, phone: Softphone): Promise<{ call: Call; labCall: LabCall }> {
  const incoming = nextEvent(phone, 'incomingCall');
  const labCall = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
  const { call } = await incoming;
  await labCall.waitFor('answered');
  if (call.state !== 'active') await nextEvent(call, 'stateChanged', ({ state }) => state === 'active');
  return { call, labCall };
}

/** Re-INVITEs the phone sent in the call's dialog since frame `from`. */
function reinvites(lab: SipLab, labCall: LabCall, from: number): { connection: number; text: string }[] {
  return lab.frames
    .slice(from)
    .filter((frame) => frame.direction === 'from-phone' && frame.text.startsWith('INVITE ') && frame.text.includes(labCall.callId))
    .map((frame) => ({ connection: frame.connectionId, text: frame.text }));
}

describe('call recovery through the softphone', () => {
  const fixture = labPerTest();
  let lab: SipLab;
  beforeEach(() => {
    lab = fixture.lab();
  });

  it("after a WebSocket drop: reconnecting, one re-INVITE with new ICE credentials on the new connection, reconnected; the far end's BYE then arrives", async () => {
    const phone = fixture.phone();
    await phone.connect();
    const { call, labCall } = await answeredCall(lab, phone);
    const offer = lab.frames.find((f) => f.direction === 'to-phone' && f.text.startsWith('INVITE ') && f.text.includes(labCall.callId))!;
    const mark = lab.frames.length;
    const events: string[] = [];
    call.on('reconnecting', ({ cause }) => events.push(`reconnecting:${cause}`));
    call.on('reconnected', () => events.push('reconnected'));
    const reconnected = nextEvent(call, 'reconnected', undefined, 8000);
    lab.dropConnections();
    await reconnected;
    expect(events).to.deep.equal(['reconnecting:signalling', 'reconnected']);
    const sent = reinvites(lab, labCall, mark);
    expect(sent).to.have.length(1);
    const firstConnection = offer.connectionId;
    expect(sent[0]!.connection).to.not.equal(firstConnection, 'the re-INVITE goes over the new WebSocket');
    const answerToFirst = lab.frames.find((f) => f.direction === 'from-phone' && f.text.startsWith('SIP/2.0 200') && f.text.includes(labCall.callId))!;
    expect(iceUfrag(sent[0]!.text)).to.be.a('string').and.not.equal(iceUfrag(answerToFirst.text), 'an ICE restart brings new credentials');
    expect(sent[0]!.text).to.match(/a=sendrecv/);
    expect(lab.contacts('5001')).to.have.length(1);
    expect(call.state).to.equal('active');
    const ended = nextEvent(call, 'ended');
    void labCall.bye();
    expect((await ended).reason).to.equal('remote-hangup');
  });

  it('keeps a held call held through the ICE restart', async () => {
    const phone = fixture.phone();
    await phone.connect();
    const { call, labCall } = await answeredCall(lab, phone);
    await call.hold();
    const mark = lab.frames.length;
    const reconnected = nextEvent(call, 'reconnected', undefined, 8000);
    lab.dropConnections();
    await reconnected;
    const [reinvite] = reinvites(lab, labCall, mark);
    expect(reinvite?.text).to.match(/a=sendonly/);
    expect(call.state).to.equal('held');
    expect(labCall.heldByPhone).to.equal(true);
  });

  it('given up while the WebSocket stays down: ends as connection-lost at once, and the BYE goes out when the WebSocket is back', async () => {
    const phone = fixture.phone({ callRecovery: { timeoutMs: 600 }, reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
    await phone.connect();
    const { call, labCall } = await answeredCall(lab, phone);
    lab.refuseConnections(1500);
    const ended = nextEvent(call, 'ended', undefined, 5000);
    lab.dropConnections();
    expect((await ended).reason).to.equal('connection-lost');
    expect(labCall.state).to.equal('answered', 'the far end cannot know yet');
    await labCall.waitFor('ended', 8000);
    expect(labCall.end).to.deep.equal({ by: 'phone', how: 'BYE' });
    expect(phone.calls).to.have.length(0);
  });

  it('with recovery off, a dropped WebSocket leaves the call as it was (no re-INVITE)', async () => {
    const phone = fixture.phone({ callRecovery: { enabled: false } });
    await phone.connect();
    const { call, labCall } = await answeredCall(lab, phone);
    const mark = lab.frames.length;
    lab.dropConnections();
    await nextEvent(phone, 'registrationStateChanged', ({ state }) => state === 'registered', 8000);
    await sleep(300);
    expect(reinvites(lab, labCall, mark)).to.deep.equal([]);
    expect(call.isReconnecting).to.equal(false);
  });
});
