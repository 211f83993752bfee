// A <wwe-softphone> registered to an in-page simulated Asterisk + Genesys (@wwe-webrtc/lab).
import { SipLab } from '@wwe-webrtc/lab';
import '../../src/index.js';
import type { WweSoftphone } from '../../src/index.js';
import { until } from './dom.js';

export const DN = '5001';

export interface LabbedPhone {
  lab: SipLab;
  phone: WweSoftphone;
  /** Unregisters, removes the element and stops the lab. */
  dispose(): Promise<void>;
}

/** Mounts the element in a 300×500 box (the WWE tab size) without connecting it. */
export function mountPhone(attributes: Record<string, string> = {}): WweSoftphone {
  const box = document.createElement('div');
  box.style.cssText = 'width:300px;height:500px;margin:8px';
  const phone = document.createElement('wwe-softphone');
  phone.storageKey = '';
  for (const [name, value] of Object.entries(attributes)) phone.setAttribute(name, value);
  box.append(phone);
  document.body.append(box);
  return phone;
}

export async function labbedPhone(options: { attributes?: Record<string, string>; connect?: boolean } = {}): Promise<LabbedPhone> {
  const password = crypto.randomUUID();
  const lab = new SipLab({ accounts: { [DN]: password } });
  const phone = mountPhone(options.attributes);
  phone.configure({ server: lab.url, dn: DN, password });
  phone.softphoneOptions = { webSocketFactory: lab.webSocketFactory };
  if (options.connect ?? true) {
    await phone.connect();
    await until(() => lab.contacts(DN).length > 0, 'the lab to hold the registration');
  }
  return {
    lab,
    phone,
    async dispose() {
      await phone.disconnect().catch(() => undefined);
      phone.parentElement?.remove();
      lab.close();
    },
  };
}
