// The element when another tab of the browser owns the DN, and while a call reconnects. Two elements
// in one page coordinate through the origin's Web Locks and BroadcastChannel as two tabs do.
import { expect } from 'chai';
import { SipLab } from '@wwe-webrtc/lab';
import type { WweSoftphone } from '../../src/index.js';
import { button, screenshot, shadow, until } from '../support/dom.js';
import { DN, mountPhone } from '../support/lab.js';

describe('<wwe-softphone> and other tabs', () => {
  let lab: SipLab;
  let phones: WweSoftphone[] = [];
  const phone = async (): Promise<WweSoftphone> => {
    const element = mountPhone();
    element.configure({ server: lab.url, dn: DN, password: 'tab-secret', autoAnswer: true });
    element.softphoneOptions = { webSocketFactory: lab.webSocketFactory, reconnect: { initialDelayMs: 100, jitter: 0 } };
    phones.push(element);
    await element.connect();
    await element.updateComplete;
    return element;
  };
  beforeEach(() => {
    lab = new SipLab({ accounts: { [DN]: 'tab-secret' } });
  });
  afterEach(async () => {
    for (const element of phones) {
      await element.disconnect().catch(() => undefined);
      element.parentElement?.remove();
    }
    phones = [];
    lab.close();
  });

  it('shows "active in another tab" with "use here", which moves the DN to it; the other tab then shows the same', async () => {
    const first = await phone();
    const second = await phone();
    expect(second.state.tab).to.equal('standby');
    expect(shadow(second, '[part~="status"]')?.textContent).to.contain('In another tab');
    expect(shadow(second, '[part="standby"]')?.textContent).to.contain('Active in another tab');
    expect(shadow(second, '[part="announcer"]')?.textContent).to.contain('Softphone active in another tab');
    expect(shadow(second, '[part="form"]')).to.equal(null, 'no connect form while another tab has the DN');
    expect(button(second, 'use-here-button')?.disabled).to.equal(false);
    await screenshot('widget-13-active-in-another-tab', second);

    button(second, 'use-here-button')!.click();
    await until(() => second.state.tab === 'owner' && second.state.connection === 'registered', 'the second element to own the DN');
    await until(() => first.state.tab === 'standby', 'the first element to stand by');
    await first.updateComplete;
    expect(shadow(first, '[part="standby"]')).to.not.equal(null);
    expect(lab.contacts(DN)).to.have.length(1);
  });

  it('keeps "use here" disabled, saying why, while the other tab has a call', async () => {
    const first = await phone();
    const second = await phone();
    const labCall = lab.call(DN, { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    await labCall.waitFor('answered');
    await until(() => second.state.otherTabCalls === 1, 'the second element to hear of the call');
    await second.updateComplete;
    expect(button(second, 'use-here-button')?.disabled).to.equal(true);
    expect(shadow(second, '[part="standby-hint"]')?.textContent).to.contain('call in the other tab ends');
    expect(shadow(second, '[part="standby"]')?.textContent).to.contain('call in progress');
    await screenshot('widget-14-other-tab-in-call', second);
    await labCall.bye();
    await until(() => second.state.otherTabCalls === 0, 'the call there to end');
    await second.updateComplete;
    expect(button(second, 'use-here-button')?.disabled).to.equal(false);
    expect(first.state.tab).to.equal('owner');
  });

  it('shows a call as reconnecting while its WebSocket is down, then back to its timer', async () => {
    const element = await phone();
    const labCall = lab.call(DN, { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
    await labCall.waitFor('answered');
    await until(() => element.state.calls[0]?.state === 'active', 'the call to be active');
    lab.refuseConnections(1000);
    lab.dropConnections();
    await until(() => element.state.calls[0]?.reconnecting, 'the call to be reconnecting');
    await element.updateComplete;
    expect(shadow(element, '[part="call-status"]')?.textContent).to.contain('Reconnecting');
    expect(shadow(element, '[part="call"]')?.hasAttribute('data-reconnecting')).to.equal(true);
    await screenshot('widget-15-call-reconnecting', element);
    await until(() => element.state.calls[0] && !element.state.calls[0].reconnecting, 'the call to reconnect', 10_000);
    await element.updateComplete;
    expect(shadow(element, '[part="call-status"]')?.textContent).to.not.contain('Reconnecting');
  });
});
