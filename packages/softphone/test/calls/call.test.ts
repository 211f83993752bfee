import { expect } from 'chai';
import type { LabCall, SipLab } from '@wwe-webrtc/lab';
import type { Call, CallState, Softphone } from '../../src/index.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

/** Resolves when `call` reaches `state`. */
function reached(call: Call, state: CallState, timeoutMs = 5000): Promise<unknown> {
  if (call.state === state) return Promise.resolve();
  return nextEvent(call, 'stateChanged', (e) => e.state === state, timeoutMs);
}

async function ringing(lab: SipLab, phone: Softphone, options: Parameters<SipLab['call']>[1] = {}): Promise<{ call: Call; labCall: LabCall }> {
  const incoming = nextEvent(phone, 'incomingCall');
  const labCall = lab.call('5001', options);
  const { call } = await incoming;
  await labCall.waitFor('ringing');
  return { call, labCall };
}

describe('Call', () => {
  let lab: SipLab;
  let phone: Softphone;

  beforeEach(async () => {
    lab = newLab();
    phone = newPhone(lab);
    await phone.connect();
  });
  afterEach(async () => {
    await phone.disconnect();
    lab.close();
  });

  it('describes an incoming Genesys call', async () => {
    const { call, labCall } = await ringing(lab, phone, { from: '1003', fromDisplayName: 'Customer' });
    expect(call.direction).to.equal('incoming');
    expect(call.state).to.equal('ringing');
    expect(call.remoteIdentity.user).to.equal('1003');
    expect(call.genesysCallUuid).to.equal(labCall.genesysCallUuid).and.match(/^[A-Z0-9]{32}$/);
    expect(call.getHeader('X-Genesys-CallUUID')).to.equal(labCall.genesysCallUuid);
    expect(phone.calls).to.deep.equal([call]);
  });

  it('has no Genesys UUID when the header is absent', async () => {
    const { call } = await ringing(lab, phone, { genesysCallUuid: null });
    expect(call.genesysCallUuid).to.equal(undefined);
  });

  it('answers with the pre-acquired microphone and media flows both ways', async () => {
    const { call, labCall } = await ringing(lab, phone);
    await call.answer();
    await labCall.waitFor('answered');
    await reached(call, 'active');
    expect(call.answeredAt).to.be.instanceOf(Date);
    await sleep(1500);
    expect(await labCall.media.packetsReceived()).to.be.greaterThan(10);
    expect(call.remoteStream?.getAudioTracks()).to.have.length(1);
    expect(phone.audioElement.srcObject).to.equal(call.remoteStream);
  });

  it('answers a delayed-offer INVITE (no SDP) with an offer in the 200 OK', async () => {
    const { call, labCall } = await ringing(lab, phone, { offer: false });
    await call.answer();
    await labCall.waitFor('answered');
    const ok = lab.frames.find((f) => f.direction === 'from-phone' && f.startLine === 'SIP/2.0 200 OK' && /INVITE/.test(f.message?.headers.get('CSeq') ?? ''));
    expect(ok?.message?.body).to.match(/^v=0/);
    await reached(call, 'active');
  });

  it('refuses to answer twice', async () => {
    const { call } = await ringing(lab, phone);
    await call.answer();
    const error = await call.answer().catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('INVALID_CALL_STATE');
  });

  it('rejects a ringing call with 486 and reports rejected', async () => {
    const { call, labCall } = await ringing(lab, phone);
    const ended = nextEvent(phone, 'callEnded');
    call.hangup();
    await labCall.waitFor('ended');
    expect(labCall.end).to.deep.equal({ by: 'phone', how: '486' });
    expect((await ended).reason).to.equal('rejected');
    expect(phone.calls).to.deep.equal([]);
  });

  it('reports canceled when the caller gives up', async () => {
    const { call, labCall } = await ringing(lab, phone);
    labCall.cancel();
    await reached(call, 'ended');
    expect(call.endReason).to.equal('canceled');
  });

  async function active(): Promise<{ call: Call; labCall: LabCall }> {
    const { call, labCall } = await ringing(lab, phone);
    await call.answer();
    await labCall.waitFor('answered');
    await reached(call, 'active');
    return { call, labCall };
  }

  it('hangs up with BYE (local-hangup) and is hung up by BYE (remote-hangup)', async () => {
    const first = await active();
    first.call.hangup();
    await first.labCall.waitFor('ended');
    expect(first.labCall.end).to.deep.equal({ by: 'phone', how: 'BYE' });
    expect(first.call.endReason).to.equal('local-hangup');
    const second = await active();
    expect(await second.labCall.bye()).to.equal(200);
    await reached(second.call, 'ended');
    expect(second.call.endReason).to.equal('remote-hangup');
  });

  it('holds and resumes by re-INVITE', async () => {
    const { call, labCall } = await active();
    await call.hold();
    expect(call.state).to.equal('held');
    expect(call.isOnHold).to.equal(true);
    expect(labCall.heldByPhone).to.equal(true);
    await call.unhold();
    expect(call.state).to.equal('active');
    expect(labCall.heldByPhone).to.equal(false);
  });

  it('follows a hold requested by the far end (Genesys hold from WWE)', async () => {
    const { call, labCall } = await active();
    const held = nextEvent(call, 'holdChanged');
    expect(await labCall.hold()).to.equal(200);
    expect(await held).to.include({ held: true, remote: true });
    expect(call.state).to.equal('held');
    await labCall.unhold();
    await reached(call, 'active');
  });

  it('mutes only its own track, leaving the shared microphone live', async () => {
    const { call } = await active();
    call.mute();
    expect(call.isMuted).to.equal(true);
    const sender = call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    expect(sender?.track?.enabled).to.equal(false);
    // A second call (or the level meter) must not go silent: the shared stream's track is untouched.
    const devices = await phone.getDevices();
    expect(devices.inputs.length).to.be.greaterThan(0);
    call.unmute();
    expect(sender?.track?.enabled).to.equal(true);
  });

  it('sends DTMF by SIP INFO when asked', async () => {
    const { call, labCall } = await active();
    call.sendDtmf('5', { transport: 'info' });
    await lab.waitForFrame((f) => f.startLine.startsWith('INFO'), { fromIndex: 0 });
    await sleep(50);
    expect(labCall.dtmf).to.deep.equal(['5']);
  });

  it('sends DTMF in RTP (RFC 4733) by default', async () => {
    const { call } = await active();
    const sender = call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    const tones: string[] = [];
    sender?.dtmf?.addEventListener('tonechange', (event) => tones.push((event as RTCDTMFToneChangeEvent).tone));
    call.sendDtmf('12');
    for (let i = 0; i < 60 && tones.filter(Boolean).length < 2; i += 1) await sleep(50);
    expect(tones.filter(Boolean)).to.deep.equal(['1', '2']);
    expect(lab.frames.some((f) => f.startLine.startsWith('INFO'))).to.equal(false);
  });

  it('receives DTMF sent by INFO', async () => {
    const { call, labCall } = await active();
    const tone = nextEvent(call, 'dtmfReceived');
    expect(await labCall.sendInfoDtmf('7')).to.equal(200);
    expect((await tone).tone).to.equal('7');
  });

  it('refuses bad DTMF and actions in the wrong state', async () => {
    const { call } = await ringing(lab, phone);
    expect(() => call.sendDtmf('12')).to.throw().with.property('code', 'INVALID_CALL_STATE');
    expect(() => call.mute()).to.throw().with.property('code', 'INVALID_CALL_STATE');
    await call.answer();
    await reached(call, 'active');
    expect(() => call.sendDtmf('12X')).to.throw().with.property('code', 'INVALID_DTMF');
    expect(() => call.sendDtmf('1\r\nBYE')).to.throw().with.property('code', 'INVALID_DTMF');
  });

  it('blind-transfers by REFER and ends as transferred', async () => {
    const { call, labCall } = await active();
    await call.transfer('5002');
    await reached(call, 'ended');
    expect(labCall.transfers).to.have.length(1);
    expect(labCall.transfers[0]).to.match(/^sip:5002@/);
    expect(call.endReason).to.equal('transferred');
  });

  it('refuses a hostile transfer target', async () => {
    const { call } = await active();
    const error = await call.transfer('5002\r\nX-Evil: 1').catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('INVALID_TARGET');
    expect(call.state).to.equal('active');
  });

  describe('outgoing', () => {
    it('dials, rings, is answered and carries extra headers', async () => {
      const placed = new Promise<LabCall>((resolve) => lab.on('call', resolve));
      const call = await phone.call('5002', { extraHeaders: ['X-Route: sales'] });
      expect(call.direction).to.equal('outgoing');
      const labCall = await placed;
      expect(labCall.target).to.equal('5002');
      await reached(call, 'active');
      const invite = lab.frames.filter((f) => f.startLine.startsWith('INVITE sip:5002')).at(-1);
      expect(invite?.text).to.match(/X-Route: sales/);
      expect(invite?.text).to.match(/Authorization: Digest/);
      call.hangup();
      await labCall.waitFor('ended');
    });

    it('ends busy when the far end answers 486', async () => {
      lab.setOutgoingBehaviour({ status: 486, answerAfterMs: 10 }, '5003');
      const call = await phone.call('5003');
      await reached(call, 'ended');
      expect(call.endReason).to.equal('busy');
    });

    it('cancels while ringing', async () => {
      lab.setOutgoingBehaviour({ answerAfterMs: 10_000 });
      const placed = new Promise<LabCall>((resolve) => lab.on('call', resolve));
      const call = await phone.call('5004');
      const labCall = await placed;
      await reached(call, 'ringing');
      call.hangup();
      await labCall.waitFor('ended');
      expect(labCall.end?.how).to.equal('CANCEL');
      await reached(call, 'ended');
    });

    it('refuses hostile targets and calls while not registered', async () => {
      expect(await phone.call('5002\r\nX: y').catch((e: unknown) => (e as { code: string }).code)).to.equal('INVALID_TARGET');
      expect(await phone.call('5002', { extraHeaders: ['X-A: 1\r\nX-B: 2'] }).catch((e: unknown) => (e as { code: string }).code)).to.equal('INVALID_OPTIONS');
      await phone.disconnect();
      expect(await phone.call('5002').catch((e: unknown) => (e as { code: string }).code)).to.equal('NOT_CONNECTED');
    });
  });

  describe('relay-only ICE that gathers no relay', () => {
    // No TURN server at all stands in for every TURN server refusing: either way gathering finishes
    // with no relay candidate, and nothing can ever reach this browser.
    beforeEach(async () => {
      await phone.disconnect();
      phone = newPhone(lab, { iceTransportPolicy: 'relay', iceServers: [] });
      await phone.connect();
    });

    it('refuses the call with 480 instead of answering into silence, and ends it as media-failed', async () => {
      const { call, labCall } = await ringing(lab, phone);
      const ended = nextEvent(phone, 'callEnded');
      await call.answer();
      await labCall.waitFor('ended');
      expect(labCall.end).to.deep.equal({ by: 'phone', how: '480' });
      const refusal = lab.frames.find((f) => f.direction === 'from-phone' && f.startLine.startsWith('SIP/2.0 480'));
      expect(refusal?.message?.headers.get('Reason')).to.match(/cause=480;text="No media path/);
      expect(lab.frames.some((f) => f.direction === 'from-phone' && f.startLine === 'SIP/2.0 200 OK' && /INVITE/.test(f.message?.headers.get('CSeq') ?? ''))).to.equal(false);
      expect((await ended).reason).to.equal('media-failed');
      expect(call.answeredAt).to.equal(undefined);
    });

    it('does not place an outgoing call that could carry no media', async () => {
      const call = await phone.call('5002');
      await reached(call, 'ended');
      expect(call.endReason).to.equal('media-failed');
      expect(lab.frames.some((f) => f.startLine.startsWith('INVITE sip:5002'))).to.equal(false);
    });
  });
});
