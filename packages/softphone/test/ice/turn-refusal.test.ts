// A TURN server's refusal (its error answer to an allocation) becomes a typed error. The mapping is
// pure; the wiring is checked here with the event Chromium fires, dispatched on a call's real peer
// connection. A real coturn refusing expired and forged credentials is in the real-Asterisk suite
// (e2e/asterisk/scenarios/remote.mjs).
import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import { SoftphoneError, TurnRefusedError, type Softphone } from '../../src/index.js';
import { turnRefusal } from '../../src/ice/turn-refusal.js';
import { newLab, newPhone, nextEvent } from '../support/lab-phone.js';

const TURN = 'turn:turn.example.com:3478?transport=udp';

describe('turnRefusal', () => {
  it('a 401 from a TURN server: credentials it does not accept, with what to check', () => {
    const error = turnRefusal({ url: TURN, errorCode: 401, errorText: 'Unauthorized.' });
    expect(error).to.be.instanceOf(TurnRefusedError).and.instanceOf(SoftphoneError);
    expect(error?.code).to.equal('TURN_REFUSED');
    expect(error?.url).to.equal(TURN);
    expect(error?.stunCode).to.equal(401);
    expect(error?.message).to.contain(`${TURN} refused a relay (401 Unauthorized)`).and.match(/expired/).and.match(/static-auth-secret/);
  });

  it('a 486 names the quota; other answers are refusals without advice', () => {
    expect(turnRefusal({ url: 'turns:t.example.com:5349?transport=tcp', errorCode: 486, errorText: 'Allocation Quota Reached' })?.message).to.match(/quota/);
    expect(turnRefusal({ url: TURN, errorCode: 403, errorText: 'Forbidden' })?.message).to.match(/refused a relay \(403 Forbidden\)\.$/);
  });

  it('not a refusal: a server that never answered (701), a STUN server, no URL', () => {
    expect(turnRefusal({ url: TURN, errorCode: 701, errorText: 'STUN host lookup received error.' })).to.equal(undefined);
    expect(turnRefusal({ url: 'stun:stun.example.com:3478', errorCode: 400, errorText: 'Bad Request' })).to.equal(undefined);
    expect(turnRefusal({ url: null, errorCode: 401, errorText: 'Unauthorized' })).to.equal(undefined);
  });
});

describe('a call whose TURN server refuses', () => {
  let lab: SipLab;
  let phone: Softphone | undefined;

  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await phone?.disconnect();
    phone = undefined;
    lab.close();
  });

  it('is reported as the softphone error TURN_REFUSED; the call goes on', async () => {
    phone = newPhone(lab);
    await phone.connect();
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001');
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    await call.answer();
    await labCall.waitFor('answered');
    const reported = nextEvent(phone, 'error', (e) => e.error.code === 'TURN_REFUSED');
    call.peerConnection?.dispatchEvent(new RTCPeerConnectionIceErrorEvent('icecandidateerror', { url: TURN, errorCode: 401, errorText: 'Unauthorized.' }));
    const { error } = await reported;
    expect(error).to.be.instanceOf(TurnRefusedError);
    expect((error as TurnRefusedError).url).to.equal(TURN);
    expect(call.state).to.equal('active');
  });
});
