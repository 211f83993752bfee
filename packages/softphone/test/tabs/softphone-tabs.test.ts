// Two softphones for one DN in one page coordinate through the origin's Web Locks and BroadcastChannel
// exactly as two tabs of one browser profile do (real tabs, crashes and Asterisk's registrar are in the
// real-Asterisk suite). Checked at the simulated registrar: REGISTERs, un-REGISTERs, contacts.
import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { Softphone, TabError } from '../../src/index.js';
import { labPerTest, nextEvent, sleep } from '../support/lab-phone.js';

/** REGISTERs (and un-REGISTERs) the lab received since frame `from`, by WebSocket. */
function registers(lab: SipLab, from = 0): { connection: number; unregister: boolean }[] {
  return lab.frames
    .slice(from)
    .filter((f) => f.direction === 'from-phone' && f.text.startsWith('REGISTER ') && /Authorization:/i.test(f.text))
    .map((f) => ({ connection: f.connectionId, unregister: /expires=0|Expires: 0/i.test(f.text) }));
}

describe('softphone tabs: one tab per DN', () => {
  const fixture = labPerTest();
  let lab: SipLab;
  beforeEach(() => {
    lab = fixture.lab();
  });
  const phone = (): Softphone => fixture.phone();

  it('the second tab stands by: it neither registers nor opens the microphone', async () => {
    const first = phone();
    const second = phone();
    await first.connect();
    await second.connect();
    expect([first.tabState, second.tabState]).to.deep.equal(['owner', 'standby']);
    expect([first.registrationState, second.registrationState]).to.deep.equal(['registered', 'disconnected']);
    expect(second.microphoneState).to.equal('idle');
    expect(registers(lab).filter((r) => !r.unregister)).to.have.length(1);
    expect(lab.contacts('5001')).to.have.length(1);
  });

  it('"use here": the new tab registers first, the old one goes quiet without an un-REGISTER, and calls ring in the new tab', async () => {
    const first = phone();
    const second = phone();
    await first.connect();
    await second.connect();
    const oldContact = lab.contacts('5001')[0];
    const changes: string[] = [];
    lab.on('contact', ({ type, contact }) => changes.push(`${type}:${contact === oldContact ? 'old' : 'new'}`));
    const mark = lab.frames.length;
    const quiet = nextEvent(first, 'registrationStateChanged', ({ state }) => state === 'disconnected');
    await second.takeover();
    await quiet;
    expect([first.tabState, second.tabState]).to.deep.equal(['standby', 'owner']);
    expect(changes).to.deep.equal(['added:new', 'removed:old']);
    expect(registers(lab, mark).filter((r) => r.unregister)).to.deep.equal([], 'no un-REGISTER from the old tab');
    expect(lab.contacts('5001')).to.have.length(1);
    const rang: string[] = [];
    first.on('incomingCall', () => rang.push('first'));
    second.on('incomingCall', () => rang.push('second'));
    const call = lab.call('5001');
    await call.waitFor('ringing');
    expect(rang).to.deep.equal(['second']);
  });

  it('refuses "use here" while the owning tab has a call, and says so before anyone presses it', async () => {
    const first = phone();
    const second = phone();
    await first.connect();
    await second.connect();
    const told = nextEvent(second, 'ownerTabCallsChanged', ({ calls }) => calls === 1);
    const labCall = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    await labCall.waitFor('answered');
    await told;
    expect(second.ownerTabCalls).to.equal(1);
    const error = (await second.takeover().catch((e: unknown) => e)) as TabError;
    expect(error.code).to.equal('OTHER_TAB_BUSY');
    expect(first.calls).to.have.length(1);
    expect(first.calls[0]!.state).to.equal('active');
    expect([first.tabState, second.tabState]).to.deep.equal(['owner', 'standby']);
    const idle = nextEvent(second, 'ownerTabCallsChanged', ({ calls }) => calls === 0);
    await labCall.bye();
    await idle;
    await second.takeover();
    expect(second.registrationState).to.equal('registered');
  });

  it('when the owner disconnects, the tab standing by registers by itself', async () => {
    const first = phone();
    const second = phone();
    await first.connect();
    await second.connect();
    const registered = nextEvent(second, 'registrationStateChanged', ({ state }) => state === 'registered');
    const started = performance.now();
    await first.disconnect();
    await registered;
    expect(performance.now() - started).to.be.below(3000);
    expect(second.tabState).to.equal('owner');
    expect(lab.contacts('5001')).to.have.length(1);
  });

  it('with tabs off, every softphone registers (the last contact wins)', async () => {
    const first = fixture.phone({ tabs: { enabled: false } });
    const second = fixture.phone({ tabs: { enabled: false } });
    await first.connect();
    await second.connect();
    await sleep(50);
    expect([first.tabState, second.tabState]).to.deep.equal(['inactive', 'inactive']);
    expect([first.registrationState, second.registrationState]).to.deep.equal(['registered', 'registered']);
    expect(((await second.takeover().catch((e: unknown) => e)) as TabError).code).to.equal('TABS_UNSUPPORTED');
  });
});
