import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { CallQualitySample, Softphone } from '../../src/index.js';
import { ConfigurationError } from '../../src/index.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

describe('call quality on a live call', () => {
  let lab: SipLab;
  let phone: Softphone;

  afterEach(async () => {
    await phone?.disconnect();
    lab?.close();
  });

  it('samples a connected call: MOS above 4 on a clean path, codec and candidate pair named, a summary at the end', async () => {
    lab = newLab();
    phone = newPhone(lab, { quality: { sampleIntervalMs: 250 } });
    await phone.connect();
    const samples: CallQualitySample[] = [];
    phone.on('callQuality', ({ sample }) => samples.push(sample));
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', {});
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    expect(call.qualitySummary.samples).to.equal(0);
    await call.answer();
    await labCall.waitFor('answered');
    const measured = await nextEvent(call, 'quality', (sample) => sample.mos !== undefined && (sample.inbound.bitrateKbps ?? 0) > 0, 8000);
    expect(measured.mos).to.be.greaterThan(4);
    expect(measured.codec).to.be.a('string');
    expect(measured.candidatePair?.local).to.equal('host');
    expect(measured.rttMs).to.be.a('number');
    expect(measured.inbound.packetLoss).to.equal(0);
    expect(samples.length).to.be.greaterThan(0, 'the softphone forwards every call sample as callQuality');
    expect(call.qualityWarnings).to.deep.equal([]);
    const ended = nextEvent(phone, 'callEnded');
    call.hangup();
    await ended;
    const summary = call.qualitySummary;
    expect(summary.samples).to.be.at.least(2);
    expect(summary.mos!.min).to.be.greaterThan(4);
    expect(summary.warnings).to.deep.equal([]);
    const count = samples.length;
    await sleep(600);
    expect(samples.length).to.equal(count, 'sampling stops with the call');
  });

  it('does not sample when quality is disabled', async () => {
    lab = newLab();
    phone = newPhone(lab, { quality: { enabled: false } });
    await phone.connect();
    let sampled = 0;
    phone.on('callQuality', () => (sampled += 1));
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', {});
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    await call.answer();
    await labCall.waitFor('answered');
    await sleep(1300);
    expect(sampled).to.equal(0);
    expect(call.qualitySummary.samples).to.equal(0);
  });

  it('refuses inconsistent quality options with a ConfigurationError naming the field', () => {
    lab = newLab();
    expect(() => newPhone(lab, { quality: { thresholds: { packetLoss: { raise: 0.01, clear: 0.05 } } } }))
      .to.throw(ConfigurationError, /quality\.thresholds\.packetLoss/);
  });
});
