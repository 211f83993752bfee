import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import { ConfigurationError, Softphone } from '../src/index.js';
import type { Logger } from '../src/index.js';
import { PASSWORD, newLab, newPhone, nextEvent } from './support/lab-phone.js';

describe('Softphone', () => {
  let lab: SipLab;
  beforeEach(() => {
    lab = newLab();
  });
  afterEach(() => lab.close());

  it('validates its options at construction', () => {
    expect(() => new Softphone({ server: 'http://x', dn: '5001', password: 'p' })).to.throw(ConfigurationError);
  });

  it('writes nothing to the console through a whole call, and routes diagnostics to the logger', async () => {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const original = methods.map((m) => console[m]);
    const written: string[] = [];
    methods.forEach((m) => {
      console[m] = (...args: unknown[]) => written.push(`${m}: ${args.join(' ')}`);
    });
    const logged: string[] = [];
    const logger: Logger = {
      debug: (m) => logged.push(m),
      info: (m) => logged.push(m),
      warn: (m) => logged.push(m),
      error: (m) => logged.push(m),
    };
    try {
      const phone = newPhone(lab, { logger });
      await phone.connect();
      const labCall = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 }, extraHeaders: [['Alert-Info', '<x>;info=alert-autoanswer;delay=zz']] });
      await labCall.waitFor('answered');
      await labCall.bye();
      await phone.disconnect();
    } finally {
      methods.forEach((m, i) => {
        console[m] = original[i]!;
      });
    }
    expect(written).to.deep.equal([]);
    expect(logged.some((m) => /Alert-Info delay/.test(m))).to.equal(true);
    expect(logged.join('\n')).not.to.contain(PASSWORD);
  });

  it('keeps going when an app listener throws', async () => {
    const errors: unknown[] = [];
    const phone = newPhone(lab, { logger: { debug() {}, info() {}, warn() {}, error: (_m, e) => errors.push(e) } });
    phone.on('incomingCall', () => {
      throw new Error('app bug');
    });
    const seen = nextEvent(phone, 'incomingCall');
    await phone.connect();
    const labCall = lab.call('5001', { autoAnswer: { signal: 'answer-mode' } });
    await seen;
    await labCall.waitFor('answered');
    expect(errors).to.have.length(1);
    await phone.disconnect();
  });

  it('once() fires once and on() returns an unsubscribe function', async () => {
    const phone = newPhone(lab);
    let once = 0;
    let on = 0;
    phone.once('registrationStateChanged', () => (once += 1));
    const off = phone.on('registrationStateChanged', () => (on += 1));
    await phone.connect();
    off();
    await phone.disconnect();
    expect(once).to.equal(1);
    expect(on).to.equal(2);
  });

  it('emits the input level while someone listens', async () => {
    const phone = newPhone(lab, { media: { inputLevelIntervalMs: 20 } });
    await phone.connect();
    const { level } = await nextEvent(phone, 'inputLevel');
    expect(level).to.be.within(0, 1);
    await phone.disconnect();
  });
});
