// The WWE stand-in host page (examples/wwe-embed/index.html) drives the softphone frame through its buttons.
import { expect } from 'chai';
import { until } from '../support/dom.js';

describe('examples/wwe-embed host page', () => {
  let frame: HTMLIFrameElement;

  before(async () => {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width:1000px;height:700px;border:0';
    frame.src = '/examples/wwe-embed/index.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  });

  after(() => frame.remove());

  it('connects the framed softphone, routes a Genesys call and answers it from the host', async () => {
    const host = frame.contentDocument!;
    const log = () => host.querySelector('#log')!.textContent ?? '';
    const inner = host.querySelector<HTMLIFrameElement>('#softphone')!;
    expect(inner.getAttribute('allow')).to.equal('microphone; autoplay');
    await until(() => log().includes('bridge ready'), 'the bridge handshake');

    host.querySelector<HTMLButtonElement>('[data-command="connect"]')!.click();
    await until(() => log().includes('✓ connect (registered)'), 'the connect reply');

    host.querySelector<HTMLButtonElement>('[data-lab="ringing"]')!.click();
    await until(() => log().includes('← incoming 1003'), 'the incoming event');

    host.querySelector<HTMLButtonElement>('[data-command="answer"]')!.click();
    await until(() => log().includes('← answered 1003'), 'the answered event');

    host.querySelector<HTMLButtonElement>('[data-command="hangup"]')!.click();
    await until(() => log().includes('← ended 1003: local-hangup'), 'the ended event');
  });
});
