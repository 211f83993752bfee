// Test support: a lab (simulated Asterisk + Genesys) and softphones wired to it.
import { SipLab } from '@wwe-webrtc/lab';
import { Softphone } from '../../src/index.js';
import type { Call, CallEvents, SoftphoneEvents, SoftphoneOptions } from '../../src/index.js';
import type { TypedEmitter } from '../../src/index.js';

export const PASSWORD = 'lab-secret-5001';

export function newLab(options: Partial<ConstructorParameters<typeof SipLab>[0]> = {}): SipLab {
  return new SipLab({ accounts: { '5001': PASSWORD, '5002': 'lab-secret-5002' }, ...options });
}

export function newPhone(lab: SipLab, options: Partial<SoftphoneOptions> = {}): Softphone {
  return new Softphone({
    server: lab.url,
    dn: '5001',
    password: PASSWORD,
    webSocketFactory: lab.webSocketFactory,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    unregisterOnPageHide: false,
    ...options,
  });
}

/** Resolves with the next payload of `event` matching `predicate`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof SoftphoneEvents>(
  emitter: Softphone,
  event: K,
  predicate?: (payload: SoftphoneEvents[K]) => boolean,
  timeoutMs?: number,
): Promise<SoftphoneEvents[K]>;
export function nextEvent<K extends keyof CallEvents>(
  emitter: Call,
  event: K,
  predicate?: (payload: CallEvents[K]) => boolean,
  timeoutMs?: number,
): Promise<CallEvents[K]>;
export function nextEvent(
  emitter: TypedEmitter<Record<string, unknown>>,
  event: string,
  predicate: (payload: unknown) => boolean = () => true,
  timeoutMs = 5000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`"${event}" not seen within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = emitter.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Mocha hooks for a fresh lab per test, and the softphones a test opens through `phone()` (disconnected
 * after it).
 */
export function labPerTest(): { lab: () => SipLab; phone: (options?: Partial<SoftphoneOptions>) => Softphone } {
  let lab: SipLab;
  const phones: Softphone[] = [];
  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.disconnect()));
    lab.close();
  });
  return {
    lab: () => lab,
    phone: (options = {}) => {
      const created = newPhone(lab, options);
      phones.push(created);
      return created;
    },
  };
}
