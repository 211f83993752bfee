// Transfer, reconnection, the device panel, theming, remembered settings and accessible names.
import { expect } from 'chai';
import { SettingsStore } from '../../src/element/settings-store.js';
import { button, nextEvent, screenshot, shadow, until } from '../support/dom.js';
import { DN, labbedPhone, mountPhone, type LabbedPhone } from '../support/lab.js';

/** Every button and form control in the element has an accessible name. */
function unlabelled(root: ShadowRoot): string[] {
  const missing: string[] = [];
  for (const control of root.querySelectorAll<HTMLElement>('button, input, select')) {
    const name =
      control.getAttribute('aria-label') ??
      (control.closest('label')?.textContent ?? control.textContent ?? '').trim();
    if (!name) missing.push(control.outerHTML.slice(0, 80));
  }
  return missing;
}

describe('<wwe-softphone> features', () => {
  let setup: LabbedPhone | undefined;
  afterEach(async () => {
    await setup?.dispose();
    setup = undefined;
  });

  it('labels every control in every state it passes through', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone, lab } = setup;
    await phone.updateComplete;
    expect(unlabelled(phone.shadowRoot!), 'disconnected').to.deep.equal([]);
    await phone.connect();
    await phone.updateComplete;
    expect(unlabelled(phone.shadowRoot!), 'ready').to.deep.equal([]);
    const incoming = nextEvent(phone, 'wwe-incoming');
    const labCall = lab.call(DN);
    await incoming;
    await phone.updateComplete;
    expect(unlabelled(phone.shadowRoot!), 'ringing').to.deep.equal([]);
    await phone.answer();
    await labCall.waitFor('answered');
    button(phone, 'keypad-button')!.click();
    button(phone, 'transfer-button')!.click();
    await phone.updateComplete;
    expect(unlabelled(phone.shadowRoot!), 'in call with keypad and transfer open').to.deep.equal([]);
    // Everything open still fits the 300 px width: the body scrolls vertically, never sideways.
    const body = shadow(phone, 'main')!;
    expect(body.scrollWidth).to.be.at.most(body.clientWidth);
    await screenshot('widget-11-keypad-transfer', phone);
  });

  it('blind-transfers the call from the transfer form', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const labCall = lab.call(DN);
    await until(() => phone.state.calls[0]?.state === 'ringing', 'the call to ring');
    await phone.answer();
    await labCall.waitFor('answered');
    await phone.updateComplete;
    button(phone, 'transfer-button')!.click();
    await phone.updateComplete;
    const form = shadow<HTMLFormElement>(phone, 'form[part="transfer"]')!;
    form.querySelector('input')!.value = '5002';
    const ended = nextEvent<CustomEvent<{ reason: string }>>(phone, 'wwe-ended');
    form.requestSubmit();
    expect((await ended).detail.reason).to.equal('transferred');
    expect(labCall.transfers[0]).to.contain('5002');
  });

  it('shows a dropped connection as reconnecting, then ready again', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    phone.softphoneOptions = { ...phone.softphoneOptions, reconnect: { initialDelayMs: 300, jitter: 0 } };
    await phone.disconnect();
    await phone.connect();
    lab.dropConnections();
    await until(() => phone.state.connection === 'reconnecting', 'the reconnecting state');
    await phone.updateComplete;
    expect(shadow(phone, '[part~="status"]')?.textContent).to.contain('Reconnecting');
    expect(shadow(phone, '[part="connecting"]')?.textContent).to.contain('Reconnecting to the server');
    await screenshot('widget-8-reconnecting', phone);
    await until(() => phone.state.connection === 'registered', 'the registration to come back', 10_000);
  });

  it('lists audio devices and shows a live microphone level while the panel is open', async () => {
    setup = await labbedPhone();
    const { phone } = setup;
    const details = shadow<HTMLDetailsElement>(phone, 'details[part="devices"]')!;
    details.open = true;
    await until(() => phone.shadowRoot!.querySelectorAll('details[part="devices"] select option').length > 1, 'device options');
    const meter = await until(() => shadow<HTMLMeterElement>(phone, 'meter[part="level"]'), 'the level meter');
    await until(() => meter.value > 0, 'a level above zero from the fake microphone');
    await screenshot('widget-9-devices', phone);
  });

  it('takes its colours from CSS custom properties and lets parts be styled from outside', async () => {
    const style = document.createElement('style');
    style.textContent = `.themed { --wwe-accent: rgb(109, 40, 217); } .themed::part(connect-button) { border-radius: 2px; }`;
    document.head.append(style);
    const phone = mountPhone();
    phone.classList.add('themed');
    await phone.updateComplete;
    const connect = button(phone, 'connect-button')!;
    expect(getComputedStyle(connect).backgroundColor).to.equal('rgb(109, 40, 217)');
    expect(getComputedStyle(connect).borderRadius).to.equal('2px');
    // Nothing leaks out: the page's own buttons keep their look.
    const plain = document.createElement('button');
    document.body.append(plain);
    expect(getComputedStyle(plain).backgroundColor).to.not.equal('rgb(109, 40, 217)');
    plain.remove();
    phone.parentElement!.remove();
    style.remove();
  });

  it('has a dark preset that host custom properties still override', async () => {
    setup = await labbedPhone({ attributes: { theme: 'dark' } });
    const { phone, lab } = setup;
    expect(getComputedStyle(phone).backgroundColor).to.equal('rgb(22, 27, 34)');
    const incoming = nextEvent(phone, 'wwe-incoming');
    lab.call(DN, { from: '4155550123' });
    await incoming;
    await phone.updateComplete;
    await screenshot('widget-10-dark-incoming', phone);
    phone.style.setProperty('--wwe-bg', 'rgb(1, 2, 3)');
    expect(getComputedStyle(phone).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('stays registered when moved in the page, and unregisters when removed', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(phone);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(phone.state.connection).to.equal('registered');
    expect(lab.contacts(DN)).to.have.length(1);
    phone.remove();
    await until(() => lab.contacts(DN).length === 0, 'the unregistration');
    elsewhere.remove();
  });

  it('remembers server and DN, and the password only when the host opts in', () => {
    const storage = new Map<string, string>();
    const fake = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    } as unknown as Storage;
    const store = new SettingsStore('test', fake);
    store.save({ server: 'wss://pbx.example.test/ws', dn: '5001', password: 'secret' }, { rememberPassword: false });
    expect(storage.get('test')).to.not.contain('secret');
    expect(store.load()).to.include({ server: 'wss://pbx.example.test/ws', dn: '5001', password: undefined });
    store.save({ server: 'wss://pbx.example.test/ws', dn: '5001', password: 'secret' }, { rememberPassword: true });
    expect(store.load().password).to.equal('secret');
    storage.set('test', '{not json');
    expect(store.load()).to.deep.equal({});
  });
});
