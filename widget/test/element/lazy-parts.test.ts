// The element's rarely seen views and the host bridge load on first use (chunks of their own).
// `updateComplete` waits for them; a chunk Chromium fails to fetch (request interception, for real)
// is a visible, typed FEATURE_UNAVAILABLE error, never a panel that waits forever.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { WweSoftphone } from '../../src/index.js';
import { nextEvent, shadow } from '../support/dom.js';

const block = (pattern: string | null) => executeServerCommand('block-requests', { pattern });

function mount(): WweSoftphone {
  const phone = document.createElement('wwe-softphone');
  phone.storageKey = '';
  document.body.append(phone);
  return phone;
}

describe('<wwe-softphone> parts loaded on first use', () => {
  let phone: WweSoftphone;
  afterEach(async () => {
    await block(null);
    phone.remove();
  });

  it('renders the connect form, loaded on first use, by the time updateComplete resolves', async () => {
    phone = mount();
    await phone.updateComplete;
    expect(shadow(phone, 'form[part="form"]')).to.not.equal(null);
  });

  it('reports a "Test my setup" that cannot be fetched as FEATURE_UNAVAILABLE, on the panel and as wwe-error', async () => {
    await block('setup-test');
    phone = mount();
    await phone.updateComplete;
    const announced = nextEvent(phone, 'wwe-error');
    const error = await phone.testSetup().then(
      () => undefined,
      (reason: unknown) => reason as { code: string; message: string },
    );
    expect(error?.code).to.equal('FEATURE_UNAVAILABLE');
    expect(error?.message).to.contain('setup test');
    expect((await announced).detail).to.deep.include({ code: 'FEATURE_UNAVAILABLE' });
    await phone.updateComplete;
    expect(shadow(phone, '[part="error"]')?.getAttribute('data-code')).to.equal('FEATURE_UNAVAILABLE');
    expect(shadow(phone, '[part="preflight"]')).to.equal(null);
  });
});
