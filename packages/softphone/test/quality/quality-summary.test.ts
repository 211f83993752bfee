import { expect } from 'chai';
import { qualitySample, readStats } from '../../src/quality/quality-sample.js';
import { QualitySummaryBuilder } from '../../src/quality/quality-summary.js';
import { statsReport } from '../support/stats-report.js';

describe('QualitySummaryBuilder', () => {
  it('is empty before any sample', () => {
    const summary = new QualitySummaryBuilder().build();
    expect(summary).to.deep.include({ samples: 0, firstSampleAt: undefined, mos: undefined, rttMs: undefined, warnings: [] });
  });

  it('gives min/avg/max per metric and each warning episode', () => {
    const builder = new QualitySummaryBuilder();
    const rtts = [0.02, 0.04, 0.09];
    rtts.forEach((rtt, i) => builder.addSample(qualitySample(readStats(statsReport({ packetsReceived: 50 * (i + 1), remoteRtt: rtt, jitter: 0.001 * (i + 1), remoteJitter: 0.0005 }), 1000 * (i + 1)), undefined)));
    builder.addWarning({ name: 'high-jitter', state: 'raised', value: 40, threshold: 30, at: 1500 });
    builder.addWarning({ name: 'high-jitter', state: 'cleared', value: 10, threshold: 20, at: 2500 });
    builder.addWarning({ name: 'low-mos', state: 'raised', value: 3, threshold: 3.5, at: 2600 });
    const summary = builder.build();
    expect(summary.samples).to.equal(3);
    expect(summary.firstSampleAt).to.equal(1000);
    expect(summary.lastSampleAt).to.equal(3000);
    expect(summary.codec).to.equal('PCMU');
    expect(summary.candidatePair?.local).to.equal('host');
    expect(summary.rttMs).to.deep.equal({ min: 20, avg: 50, max: 90 });
    expect(summary.jitterMs).to.deep.equal({ min: 1, avg: 2, max: 3 });
    expect(summary.mos!.min).to.be.at.most(summary.mos!.avg);
    expect(summary.mos!.avg).to.be.at.most(summary.mos!.max);
    expect(summary.warnings).to.deep.equal([
      { name: 'high-jitter', raisedAt: 1500, clearedAt: 2500 },
      { name: 'low-mos', raisedAt: 2600 },
    ]);
  });
});
