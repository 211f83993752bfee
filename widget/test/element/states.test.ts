// The element against the in-page lab: each main state, the events it dispatches, and a screenshot of each.
import { expect } from 'chai';
import type { CallSummary, SoftphoneSnapshot, WweSoftphoneEventMap } from '../../src/index.js';
import { button, nextEvent, record, screenshot, shadow, until } from '../support/dom.js';
import { DN, labbedPhone, type LabbedPhone } from '../support/lab.js';

type Detail<K extends keyof WweSoftphoneEventMap> = CustomEvent<WweSoftphoneEventMap[K]>;

describe('<wwe-softphone> with a simulated Asterisk and Genesys', () => {
  let setup: LabbedPhone | undefined;
  afterEach(async () => {
    await setup?.dispose();
    setup = undefined;
  });

  it('goes connecting → registered with a wwe-state event for each step', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone } = setup;
    const states = record(phone, ['wwe-state']);
    await phone.connect();
    const connections = states.map((s) => (s.detail as SoftphoneSnapshot).connection);
    expect(connections).to.include('connecting');
    expect(connections.at(-1)).to.equal('registered');
    await phone.updateComplete;
    expect(shadow(phone, '[part~="status"]')?.textContent).to.contain('Ready');
    expect(shadow(phone, '[part="announcer"]')?.textContent).to.contain('Softphone ready');
    await screenshot('widget-2-ready', phone);
  });

  it('rings with caller and Genesys call ID, answers, mutes, holds, sends DTMF, and ends when the caller hangs up', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    phone.softphoneOptions = { ...phone.softphoneOptions, dtmf: { transport: 'info' } };
    await phone.disconnect();
    await phone.connect();

    const incoming = nextEvent<Detail<'wwe-incoming'>>(phone, 'wwe-incoming');
    const labCall = lab.call(DN, { from: '1003' });
    const ringing = (await incoming).detail;
    expect(ringing).to.include({ remote: '1003', direction: 'incoming', state: 'ringing' });
    expect(ringing.genesysCallUuid).to.equal(labCall.genesysCallUuid);
    await phone.updateComplete;
    const banner = shadow(phone, '[part="incoming"]')!;
    expect(banner.textContent).to.contain('1003').and.contain(labCall.genesysCallUuid!);
    expect(shadow(phone, '[part="announcer"]')?.textContent).to.contain('Incoming call from 1003');
    expect(button(phone, 'answer-button')?.getAttribute('aria-label')).to.equal('Answer call from 1003');
    await screenshot('widget-3-incoming', phone);

    const answered = nextEvent<Detail<'wwe-answered'>>(phone, 'wwe-answered');
    button(phone, 'answer-button')!.click();
    expect((await answered).detail).to.include({ id: ringing.id, state: 'active' });
    await labCall.waitFor('answered');
    await phone.updateComplete;
    expect(shadow(phone, '[part="call"]')?.getAttribute('data-state')).to.equal('active');
    await until(() => /^0:0[1-9]$/.test(shadow(phone, '[part="call-status"]')?.textContent?.trim() ?? ''), 'the call timer to tick', 3000);
    await screenshot('widget-4-in-call', phone);

    button(phone, 'mute-button')!.click();
    await until(() => phone.state.calls[0]?.muted, 'the call to be muted');
    await phone.updateComplete;
    expect(button(phone, 'mute-button')?.getAttribute('aria-pressed')).to.equal('true');

    button(phone, 'hold-button')!.click();
    await until(() => phone.state.calls[0]?.state === 'held', 'the call to be held');
    await until(() => labCall.heldByPhone, 'the lab to see the hold re-INVITE');
    await phone.updateComplete;
    expect(shadow(phone, '[part="call-status"]')?.textContent).to.contain('On hold');
    await screenshot('widget-6-held', phone);
    button(phone, 'hold-button')!.click();
    await until(() => phone.state.calls[0]?.state === 'active', 'the call to be resumed');

    button(phone, 'keypad-button')!.click();
    await phone.updateComplete;
    phone.shadowRoot!.querySelector<HTMLButtonElement>('#in-call-keypad button[aria-label="5"]')!.click();
    await until(() => labCall.dtmf.includes('5'), 'the lab to receive DTMF 5');

    const ended = nextEvent<Detail<'wwe-ended'>>(phone, 'wwe-ended');
    await labCall.bye();
    const end = (await ended).detail;
    expect(end.reason).to.equal('remote-hangup');
    expect(end.call.id).to.equal(ringing.id);
    await phone.updateComplete;
    expect(shadow(phone, '[part="idle"]')).to.not.equal(null);
  });

  it('auto-answers a Genesys call that asks for it by header, and says why', async () => {
    setup = await labbedPhone({ attributes: { 'auto-answer': '' } });
    const { phone, lab } = setup;
    const decision = nextEvent<Detail<'wwe-auto-answer'>>(phone, 'wwe-auto-answer');
    const answered = nextEvent<Detail<'wwe-answered'>>(phone, 'wwe-answered');
    const labCall = lab.call(DN, { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    expect((await decision).detail).to.include({ answer: true, reason: 'signal' });
    expect((await answered).detail.genesysCallUuid).to.equal(labCall.genesysCallUuid);
    await labCall.waitFor('answered');
  });

  it('with auto-answer off, lets a header request ring, and answers on Genesys remote answer (NOTIFY talk)', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const decision = nextEvent<Detail<'wwe-auto-answer'>>(phone, 'wwe-auto-answer');
    const labCall = lab.call(DN, { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    expect((await decision).detail.answer).to.equal(false);
    await labCall.waitFor('ringing');
    expect(phone.state.calls[0]?.state).to.equal('ringing');

    const answered = nextEvent<Detail<'wwe-answered'>>(phone, 'wwe-answered');
    expect(await lab.notify(DN, { event: 'talk', callUuid: labCall.genesysCallUuid ?? null })).to.equal(200);
    expect((await answered).detail.genesysCallUuid).to.equal(labCall.genesysCallUuid);
    await labCall.waitFor('answered');
  });

  it('declines a ringing call', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const incoming = nextEvent(phone, 'wwe-incoming');
    const labCall = lab.call(DN);
    await incoming;
    await phone.updateComplete;
    const ended = nextEvent<Detail<'wwe-ended'>>(phone, 'wwe-ended');
    button(phone, 'decline-button')!.click();
    await ended;
    await labCall.waitFor('ended');
    expect(labCall.end).to.deep.equal({ by: 'phone', how: '486' });
  });

  it('places a call from the dialpad and hangs up', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const input = shadow<HTMLInputElement>(phone, 'input[name="target"]')!;
    input.value = '1003';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await phone.updateComplete;
    const placed = new Promise<void>((resolve) => lab.on('call', () => resolve()));
    const answered = nextEvent<Detail<'wwe-answered'>>(phone, 'wwe-answered');
    button(phone, 'call-button')!.click();
    await placed;
    const call: CallSummary = (await answered).detail;
    expect(call).to.include({ direction: 'outgoing', remote: '1003' });
    const labCall = lab.calls.at(-1)!;
    await phone.updateComplete;
    button(phone, 'hangup-button')!.click();
    await labCall.waitFor('ended');
    expect(labCall.end?.by).to.equal('phone');
  });

  it('shows a wrong password as AUTH_FAILED', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone } = setup;
    phone.password = 'not-the-password';
    const error = await phone.connect().then(() => null, (e: unknown) => e);
    expect(error).to.have.property('code', 'AUTH_FAILED');
    await phone.updateComplete;
    expect(shadow(phone, '[role="alert"]')?.getAttribute('data-code')).to.equal('AUTH_FAILED');
  });

  it('shows a refused microphone as MIC_PERMISSION_DENIED and does not register', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone, lab } = setup;
    const denied = {
      getUserMedia: () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')),
      enumerateDevices: () => Promise.resolve([]),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    } as unknown as MediaDevices;
    phone.softphoneOptions = { ...phone.softphoneOptions, media: { mediaDevices: denied } };
    const error = await phone.connect().then(() => null, (e: unknown) => e);
    expect(error).to.have.property('code', 'MIC_PERMISSION_DENIED');
    await phone.updateComplete;
    expect(shadow(phone, '[role="alert"]')?.textContent).to.contain('Microphone access was denied');
    expect(lab.contacts(DN)).to.have.length(0);
    await screenshot('widget-7-mic-denied', phone);
  });

  it('dispatches events that bubble and cross shadow roots', async () => {
    const outer = document.createElement('div');
    document.body.append(outer);
    const root = outer.attachShadow({ mode: 'open' });
    setup = await labbedPhone({ connect: false });
    root.append(setup.phone.parentElement!);
    const seen = new Promise<{ event: Event; path: EventTarget[] }>((resolve) =>
      document.addEventListener('wwe-state', (event) => resolve({ event, path: event.composedPath() }), { once: true }),
    );
    await setup.phone.connect();
    const { event, path } = await seen;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(path).to.include(setup.phone).and.include(root);
    outer.remove();
  });
});
