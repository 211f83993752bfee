// `gateway-quality`: one attribute, and each ended call's quality summary reaches the gateway (a real
// wwe-gateway run in Node by the test runner's quality-gateway command, its AMI the simulator).
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { SipLab } from '@wwe-webrtc/lab';
import '../../src/index.js';
import type { WweSoftphone } from '../../src/index.js';
import { until } from '../support/dom.js';

const PASSWORD = 'lab-secret-5001';
const gatewayCommand = <T>(payload: Record<string, unknown>) => executeServerCommand<T, Record<string, unknown>>('quality-gateway', payload);
type StoredCall = { callUuid?: string; browser?: { dn: string; samples: number } };

describe('<wwe-softphone gateway-quality>', () => {
  let lab: SipLab;
  let phone: WweSoftphone;
  let base: string;

  before(async () => {
    ({ base } = (await gatewayCommand<{ base: string }>({ action: 'start', origin: location.origin, passwords: { '5001': PASSWORD } }))!);
  });
  after(async () => {
    await gatewayCommand({ action: 'stop' });
  });
  beforeEach(() => {
    lab = new SipLab({ accounts: { '5001': PASSWORD } });
    phone = document.createElement('wwe-softphone');
    phone.storageKey = '';
    phone.softphoneOptions = { webSocketFactory: lab.webSocketFactory, unregisterOnPageHide: false, quality: { sampleIntervalMs: 250 } };
    document.body.append(phone);
  });
  afterEach(async () => {
    await phone.disconnect();
    phone.remove();
    lab.close();
  });

  it("posts each ended call's quality summary to the gateway, proven with the DN's password", async () => {
    const callUuid = `WIDGETQUALITY${Date.now()}`;
    phone.setAttribute('gateway-quality', '');
    Object.assign(phone, { server: lab.url, dn: '5001', password: PASSWORD, gatewayUrl: base });
    await phone.connect();
    lab.call('5001', { genesysCallUuid: callUuid });
    const call = await until(() => phone.softphone?.calls[0], 'an incoming call');
    await phone.answer(call.id);
    await until(() => call.qualitySummary.samples >= 2 || undefined, 'two quality samples', 8000);
    await phone.hangup(call.id);
    let stored: StoredCall | undefined;
    const deadline = Date.now() + 8000;
    while (!stored?.browser && Date.now() < deadline) {
      stored = (await gatewayCommand<StoredCall[]>({ action: 'calls' }))!.find((c) => c.callUuid === callUuid);
      if (!stored?.browser) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stored?.browser?.dn).to.equal('5001');
    expect(stored!.browser!.samples).to.be.at.least(2);
  });
});
