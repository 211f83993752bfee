import { expect } from 'chai';
import '../../src/index.js';
import type { WweSoftphone } from '../../src/index.js';
import { button, record, screenshot, shadow, until } from '../support/dom.js';

function mount(attributes: Record<string, string> = {}): WweSoftphone {
  const frame = document.createElement('div');
  frame.style.cssText = 'width:300px;height:500px;margin:8px';
  const phone = document.createElement('wwe-softphone');
  phone.storageKey = '';
  for (const [name, value] of Object.entries(attributes)) phone.setAttribute(name, value);
  frame.append(phone);
  document.body.append(frame);
  return phone;
}

describe('<wwe-softphone> before connecting', () => {
  let phone: WweSoftphone;
  afterEach(async () => {
    await phone.disconnect();
    phone.parentElement?.remove();
  });

  it('shows a labelled connect form that fits a 300×500 frame', async () => {
    phone = mount({ server: 'wss://pbx.example.test/ws', dn: '5001' });
    await phone.updateComplete;
    const form = shadow<HTMLFormElement>(phone, 'form[part="form"]');
    expect(form).to.not.equal(null);
    for (const input of form!.querySelectorAll('input')) {
      expect(input.closest('label')?.textContent?.trim(), input.name).to.not.equal('');
    }
    expect(shadow<HTMLInputElement>(phone, 'input[name="dn"]')?.value).to.equal('5001');
    expect(shadow(phone, '[part~="status"]')?.textContent).to.contain('Offline');
    const box = phone.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([300, 500]);
    const body = shadow(phone, 'main')!;
    expect(body.scrollWidth).to.be.at.most(body.clientWidth);
    await screenshot('widget-1-disconnected', phone);
  });

  it('never reflects the password to an attribute', async () => {
    phone = mount();
    phone.password = 'hunter2';
    await phone.updateComplete;
    expect(phone.outerHTML).to.not.contain('hunter2');
  });

  it('reports an unreachable server as a typed error, in the UI and as a composed event', async () => {
    phone = mount({ server: 'ws://127.0.0.1:9/ws', dn: '5001' });
    phone.password = 'secret';
    phone.softphoneOptions = { reconnect: { maxAttempts: 1 } };
    const events = record(document, ['wwe-error']);
    const failure = await phone.connect().then(() => null, (error: unknown) => error);
    expect(failure).to.have.property('code', 'SERVER_UNREACHABLE');
    await until(() => events.length > 0, 'a wwe-error event on the document');
    expect(events[0]!.event.composed && events[0]!.event.bubbles).to.equal(true);
    await phone.updateComplete;
    const alert = shadow(phone, '[role="alert"]');
    expect(alert?.getAttribute('data-code')).to.equal('SERVER_UNREACHABLE');
    expect(phone.state.connection).to.equal('failed');
    await screenshot('widget-5-error', phone);
    button(phone, 'connect-button')?.focus();
  });
});
