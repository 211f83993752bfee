// The INVITE's headers, read once from what JsSIP parsed, are what every reader sees: `Call.getHeader`,
// the app hook, the auto-answer signals and the Genesys call UUID.
import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { AutoAnswerHookContext, Softphone } from '../../src/index.js';
import { newLab, newPhone, nextEvent } from '../support/lab-phone.js';

describe('INVITE headers', () => {
  let lab: SipLab;
  let phone: Softphone;
  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await phone.disconnect();
    lab.close();
  });

  it('reach the call, the hook and the signals through one snapshot, under any spelling', async () => {
    let hookCall: AutoAnswerHookContext['call'];
    phone = newPhone(lab, { autoAnswer: { hook: ({ call }) => void (hookCall = call) } });
    await phone.connect();
    const arrived = nextEvent(phone, 'incomingCall');
    const decided = nextEvent(phone, 'autoAnswerDecision');
    const labCall = lab.call('5001', {
      genesysCallUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000015',
      extraHeaders: [
        ['X-Genesys-Route', 'sales'],
        // Two header lines: the first asks for nothing, the second for an answer.
        ['Alert-Info', '<http://lab.invalid/ring>;info=normal'],
        ['Alert-Info', '<http://lab.invalid/ring>;info=alert-autoanswer'],
      ],
    });
    const { call } = await arrived;
    expect(call.getHeader('x-genesys-route')).to.equal('sales');
    expect(call.getHeader('X-GENESYS-CALLUUID')).to.equal('UIVB8J6JE91C53UIM3VI59VHQ4000015');
    expect(call.getHeader('Call-ID')).to.be.a('string').and.not.equal('');
    expect(call.getHeader('X-Not-Sent')).to.equal(undefined);
    expect(call.genesysCallUuid).to.equal('UIVB8J6JE91C53UIM3VI59VHQ4000015');
    const decision = await decided;
    expect(decision).to.include({ answer: true, reason: 'signal' });
    expect(decision.signals.map((s) => s.kind)).to.deep.equal(['alert-info']);
    expect(hookCall?.getHeader('x-genesys-route')).to.equal('sales');
    await labCall.waitFor('answered');
  });

  it('give an outgoing call none', async () => {
    phone = newPhone(lab);
    await phone.connect();
    const call = await phone.call('1003');
    expect(call.getHeader('Call-ID')).to.equal(undefined);
    call.hangup();
  });
});
