import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { RegistrationState, Softphone } from '../../src/index.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

const registers = (lab: SipLab) => lab.frames.filter((f) => f.direction === 'from-phone' && f.startLine.startsWith('REGISTER'));

describe('registration', () => {
  let lab: SipLab;
  const phones: Softphone[] = [];
  const phone = (...args: Parameters<typeof newPhone>): Softphone => {
    const created = newPhone(...args);
    phones.push(created);
    return created;
  };

  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.disconnect()));
    lab.close();
  });

  it('goes disconnected → connecting → registered through a digest challenge', async () => {
    const softphone = phone(lab);
    const states: RegistrationState[] = [];
    softphone.on('registrationStateChanged', ({ state }) => states.push(state));
    await softphone.connect();
    expect(states).to.deep.equal(['connecting', 'registered']);
    const statuses = lab.frames.filter((f) => f.message?.kind === 'response' && f.message.headers.get('CSeq')?.endsWith('REGISTER')).map((f) => f.startLine);
    expect(statuses).to.deep.equal(['SIP/2.0 401 Unauthorized', 'SIP/2.0 200 OK']);
    expect(registers(lab)[1]?.text).to.match(/Authorization: Digest .*username="5001"/);
    expect(lab.contacts('5001')).to.have.length(1);
  });

  it('fails with AUTH_FAILED on a wrong password and stops retrying', async () => {
    const softphone = phone(lab, { password: 'wrong' });
    const failed = nextEvent(softphone, 'registrationStateChanged', (e) => e.state === 'failed');
    const error = await softphone.connect().then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(error?.code).to.equal('AUTH_FAILED');
    expect((await failed).error?.code).to.equal('AUTH_FAILED');
    const count = registers(lab).length;
    await sleep(300);
    expect(registers(lab).length).to.equal(count);
    expect(lab.contacts('5001')).to.have.length(0);
  });

  it('fails with AUTH_FAILED when the server answers 403', async () => {
    lab.close();
    lab = newLab({ wrongPasswordStatus: 403 });
    const softphone = phone(lab, { password: 'wrong' });
    const error = await softphone.connect().catch((e: unknown) => e as { code: string; statusCode: number });
    expect(error).to.include({ code: 'AUTH_FAILED', statusCode: 403 });
  });

  it('reconnects and re-registers after the socket drops', async () => {
    const softphone = phone(lab);
    await softphone.connect();
    const states: RegistrationState[] = [];
    softphone.on('registrationStateChanged', ({ state }) => states.push(state));
    const before = registers(lab).length;
    const removed = new Promise((resolve) => lab.on('contact', (change) => change.type === 'removed' && resolve(change)));
    lab.dropConnections();
    await removed;
    await nextEvent(softphone, 'registrationStateChanged', (e) => e.state === 'registered');
    expect(states).to.deep.equal(['reconnecting', 'registered']);
    expect(registers(lab).length).to.be.greaterThan(before);
    expect(lab.contacts('5001')).to.have.length(1);
  });

  it('keeps retrying while the server refuses, then registers', async () => {
    const softphone = phone(lab, { reconnect: { initialDelayMs: 50, maxDelayMs: 100, jitter: 0 } });
    await softphone.connect();
    lab.refuseConnections(2500);
    lab.dropConnections();
    const reconnecting = await nextEvent(softphone, 'registrationStateChanged');
    expect(reconnecting).to.deep.include({ state: 'reconnecting' });
    expect(reconnecting.error?.code).to.equal('SERVER_UNREACHABLE');
    await nextEvent(softphone, 'registrationStateChanged', (e) => e.state === 'registered', 8000);
    expect(lab.contacts('5001')).to.have.length(1);
  });

  it('gives up with SERVER_UNREACHABLE after reconnect.maxAttempts', async () => {
    const softphone = phone(lab, { reconnect: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 1 } });
    await softphone.connect();
    lab.refuseConnections(60_000);
    lab.dropConnections();
    const failed = await nextEvent(softphone, 'registrationStateChanged', (e) => e.state === 'failed', 8000);
    expect(failed.error?.code).to.equal('SERVER_UNREACHABLE');
  });

  it('survives a double registration (two browsers, or pages without tab coordination): the new contact replaces the old', async () => {
    // Tabs of one browser coordinate (tabs/tab-ownership.test.ts); two browsers cannot.
    const oldPage = phone(lab, { tabs: { enabled: false } });
    await oldPage.connect();
    const oldContact = lab.contacts('5001')[0];
    const changes: string[] = [];
    lab.on('contact', ({ type, contact }) => changes.push(`${type}:${contact === oldContact ? 'old' : 'new'}`));
    const newPage = phone(lab, { tabs: { enabled: false } });
    await newPage.connect();
    expect(changes).to.deep.equal(['added:new', 'removed:old']);
    const rang: string[] = [];
    oldPage.on('incomingCall', () => rang.push('old'));
    newPage.on('incomingCall', () => rang.push('new'));
    const call = lab.call('5001');
    await call.waitFor('ringing');
    expect(rang).to.deep.equal(['new']);
    // The old page unloading must not take the new page's registration with it.
    await oldPage.disconnect();
    expect(lab.contacts('5001')).to.have.length(1);
    expect(lab.contacts('5001')[0]).not.to.equal(oldContact);
  });

  it('unregisters on disconnect()', async () => {
    const softphone = phone(lab);
    await softphone.connect();
    await softphone.disconnect();
    expect(softphone.registrationState).to.equal('disconnected');
    expect(registers(lab).at(-1)?.text).to.match(/expires=0|Expires: 0/);
    expect(lab.contacts('5001')).to.have.length(0);
  });

  it('unregisters on page hide', async () => {
    const softphone = phone(lab, { unregisterOnPageHide: true });
    await softphone.connect();
    window.dispatchEvent(new Event('pagehide'));
    await lab.waitForFrame((f) => f.startLine.startsWith('REGISTER') && /expires=0/.test(f.text), { fromIndex: 0 });
  });

  it('drops the socket when the browser goes offline and reconnects at once when online', async () => {
    const softphone = phone(lab, { reconnect: { initialDelayMs: 20_000, maxDelayMs: 20_000, jitter: 0 } });
    await softphone.connect();
    window.dispatchEvent(new Event('offline'));
    expect(softphone.registrationState).to.equal('reconnecting');
    await sleep(1200);
    const started = performance.now();
    window.dispatchEvent(new Event('online'));
    await nextEvent(softphone, 'registrationStateChanged', (e) => e.state === 'registered');
    expect(performance.now() - started).to.be.lessThan(5000);
  });

  it('rejects connect() with NOT_CONNECTED when disconnect() comes first', async () => {
    lab.setResponseDelay(500);
    const softphone = phone(lab);
    const pending = softphone.connect().catch((e: unknown) => e as { code: string });
    await sleep(50);
    await softphone.disconnect();
    expect((await pending)?.code).to.equal('NOT_CONNECTED');
  });
});
