// Call quality in the element: "Test my setup", warnings on the call card, the summary on wwe-ended.
import { expect } from 'chai';
import { button, nextEvent, record, screenshot, shadow, until } from '../support/dom.js';
import { DN, labbedPhone, type LabbedPhone } from '../support/lab.js';

/** Each check's row: [name, status]. */
function rows(host: Element): Array<[string, string]> {
  return [...(host.shadowRoot?.querySelectorAll<HTMLElement>('[part~="preflight-check"]') ?? [])].map((row) => [row.dataset.name ?? '', row.dataset.status ?? '']);
}

describe('<wwe-softphone> call quality', () => {
  let setup: LabbedPhone | undefined;
  afterEach(async () => {
    await setup?.dispose();
    setup = undefined;
  });

  it('"Test my setup" runs every check from the footer, shows each as it goes, and connects only for the test', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone } = setup;
    await phone.updateComplete;
    button(phone, 'test-setup-button')!.click();
    await phone.updateComplete;
    expect(rows(phone)).to.deep.equal([
      ['microphone', 'pending'],
      ['connection', 'pending'],
      ['ice', 'pending'],
      ['turn', 'pending'],
      ['echo-call', 'pending'],
    ]);
    button(phone, 'preflight-run')!.click();
    await until(() => rows(phone).some(([, status]) => status === 'running'), 'a check to run');
    expect(button(phone, 'preflight-run')!.disabled).to.equal(true);
    await until(() => shadow(phone, '[part~="preflight-verdict"]')?.dataset.ok === 'true', 'the verdict', 30_000);
    expect(rows(phone)).to.deep.equal([
      ['microphone', 'passed'],
      ['connection', 'passed'],
      ['ice', 'passed'],
      ['turn', 'skipped'],
      ['echo-call', 'passed'],
    ]);
    expect(shadow(phone, '[part~="preflight-verdict"]')!.textContent).to.equal('Your setup works.');
    expect(shadow(phone, '[data-name="turn"] .preflight-message')!.textContent).to.match(/No TURN server is configured/);
    await screenshot('widget-20-test-my-setup', phone);
    expect(phone.state.connection).to.equal('disconnected', 'it was not connected before the test');
    button(phone, 'preflight-close')!.click();
    await phone.updateComplete;
    expect(shadow(phone, '[part~="preflight"]')).to.equal(null);
    expect(shadow(phone, '[part~="form"]')).to.not.equal(null);
  });

  it('testSetup() resolves with the report, and a wrong password is a failed connection with the echo call skipped', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone } = setup;
    phone.password = 'not-the-password';
    const report = await phone.testSetup();
    expect(report.ok).to.equal(false);
    expect(report.checks.find((c) => c.name === 'connection')?.message).to.match(/refused DN 5001's password/);
    await phone.updateComplete;
    expect(rows(phone).find(([name]) => name === 'echo-call')?.[1]).to.equal('skipped');
    expect(shadow(phone, '[part~="preflight-verdict"]')!.textContent).to.match(/Some checks failed/);
  });

  it('shows a raised warning on the call card, fires wwe-quality-warning, and puts the summary on wwe-ended', async () => {
    setup = await labbedPhone({ connect: false });
    const { phone, lab } = setup;
    // Any measured round trip counts as high: the warning comes from the real stats of a real call.
    phone.softphoneOptions = {
      ...phone.softphoneOptions,
      quality: { sampleIntervalMs: 250, raiseAfter: { samples: 1, window: 1 }, thresholds: { rttMs: { raise: 0, clear: 0 } } },
    };
    await phone.connect();
    await until(() => lab.contacts(DN).length > 0, 'the registration');
    const seen = record(phone, ['wwe-quality-warning']);
    const labCall = lab.call(DN);
    await until(() => phone.state.calls[0]?.state === 'ringing', 'the call to ring');
    await phone.answer();
    await labCall.waitFor('answered');
    await until(() => seen.length > 0, 'a quality warning', 10_000);
    const detail = seen[0]!.detail as { call: { qualityWarnings?: string[] }; warning: { name: string; state: string } };
    expect(detail.warning).to.include({ name: 'high-rtt', state: 'raised' });
    expect(detail.call.qualityWarnings).to.deep.equal(['high-rtt']);
    await phone.updateComplete;
    expect(shadow(phone, '[part~="quality-warnings"]')?.textContent).to.match(/Long delay on the line/);
    await screenshot('widget-21-quality-warning', phone);
    const ended = nextEvent<CustomEvent<{ quality?: { samples: number; warnings: Array<{ name: string }> } }>>(phone, 'wwe-ended');
    await phone.hangup();
    const { detail: end } = await ended;
    expect(end.quality?.samples).to.be.greaterThan(0);
    expect(end.quality?.warnings.map((w) => w.name)).to.deep.equal(['high-rtt']);
  });
});
