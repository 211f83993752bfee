// A TURN server's refusal (its error answer to an allocation) becomes a typed error. The softphone's
// wiring is in ice-servers-provider.test.ts; a real coturn refusing expired and forged credentials is
// in the real-Asterisk suite (e2e/asterisk/scenarios/remote.mjs).
import { expect } from 'chai';
import { SoftphoneError, TurnRefusedError } from '../../src/index.js';
import { turnRefusal } from '../../src/ice/turn-refusal.js';

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
