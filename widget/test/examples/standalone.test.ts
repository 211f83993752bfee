// The standalone example page, loaded as a user opens it, completes a call end to end in lab mode.
import { expect } from 'chai';
import type { LabCall } from '@wwe-webrtc/lab';
import type { WweSoftphone } from '../../src/index.js';
import { button, screenshot, until } from '../support/dom.js';

/** What the page exposes for its lab panel (examples/standalone/lab-mode.ts). */
interface StandaloneWindow extends Window {
  wweLab?: { currentCall: LabCall | undefined };
}

describe('examples/standalone in lab mode', () => {
  let frame: HTMLIFrameElement;

  before(async () => {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width:900px;height:620px;border:0';
    frame.src = '/examples/standalone/index.html?mode=lab';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  });

  after(() => frame.remove());

  it('registers, takes a Genesys auto-answer call with audio both ways, and hangs up', async () => {
    const page = frame.contentWindow as StandaloneWindow;
    const phone = await until(() => page.document.querySelector<WweSoftphone>('wwe-softphone'), 'the softphone element');
    await until(() => phone.state.connection === 'registered', 'registration to the lab');
    expect(page.document.querySelector('#mode-line')?.textContent).to.contain('Lab mode');

    page.document.querySelector<HTMLButtonElement>('[data-lab="auto-answer"]')!.click();
    const active = await until(() => phone.state.calls.find((call) => call.state === 'active'), 'the call to be answered');
    expect(active.genesysCallUuid).to.match(/^[A-Z0-9]{32}$/);
    const lab = page.wweLab!;
    const labCall = lab.currentCall!;
    await labCall.waitFor('answered');
    const packets = await untilAsync(() => labCall.media.packetsReceived(), (n) => n > 0, 'audio from the softphone');
    expect(packets).to.be.greaterThan(0);
    await phone.updateComplete;
    await screenshot('standalone-lab-in-call', frame);

    button(phone, 'hangup-button')!.click();
    await labCall.waitFor('ended');
    expect(labCall.end).to.deep.equal({ by: 'phone', how: 'BYE' });
    await until(() => phone.state.calls.length === 0, 'the call to leave the widget');
    const trace = [...page.document.querySelectorAll('#lab-log li')].map((item) => item.textContent ?? '');
    expect(trace.some((line) => line.includes('INVITE'))).to.equal(true);
    expect(trace.some((line) => line.includes('BYE'))).to.equal(true);
  });
});

describe('examples/standalone in server mode', () => {
  it('takes the gateway URL from the query and the presence token from the fragment, then drops the token from the address', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/examples/standalone/index.html?mode=server&server=wss://pbx.example.com:8089/ws&dn=5001&gateway=https://gw.example.com#presence-token=read-only-presence-token';
    document.body.append(frame);
    try {
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const page = frame.contentWindow!;
      const phone = await until(() => page.document.querySelector<WweSoftphone>('wwe-softphone'), 'the softphone element');
      await until(() => phone.gatewayToken !== '', 'the page script to configure the element');
      expect(phone.server).to.equal('wss://pbx.example.com:8089/ws');
      expect(phone.dn).to.equal('5001');
      expect(phone.gatewayUrl).to.equal('https://gw.example.com');
      expect(phone.gatewayToken).to.equal('read-only-presence-token');
      expect(page.location.hash).to.equal('');
      expect(page.location.search).to.contain('gateway=');
    } finally {
      frame.remove();
    }
  });
});

async function untilAsync<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
