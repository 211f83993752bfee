import { expect } from 'chai';
import { newLab, newPhone, nextEvent } from './support/lab-phone.js';

describe('smoke', () => {
  it('registers and auto-answers a Call-Info call', async () => {
    const lab = newLab();
    const phone = newPhone(lab);
    await phone.connect();
    expect(phone.registrationState).to.equal('registered');
    const labCall = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    await labCall.waitFor('answered');
    const [call] = phone.calls;
    expect(call?.state).to.equal('active');
    await phone.disconnect();
    lab.close();
    void nextEvent;
  });
});
