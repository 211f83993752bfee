import { expect } from 'chai';
import { DEFAULT_QUALITY_OPTIONS, resolveQualityOptions } from '../../src/quality/quality-options.js';

describe('quality options', () => {
  it('defaults to sampling every second with documented thresholds', () => {
    expect(resolveQualityOptions(undefined)).to.deep.equal(DEFAULT_QUALITY_OPTIONS);
    expect(DEFAULT_QUALITY_OPTIONS.sampleIntervalMs).to.equal(1000);
    expect(DEFAULT_QUALITY_OPTIONS.thresholds.mos).to.deep.equal({ raise: 3.5, clear: 3.8 });
  });

  it('replaces one threshold and keeps the others', () => {
    const resolved = resolveQualityOptions({ thresholds: { rttMs: { raise: 250, clear: 200 } } });
    expect(resolved).to.not.be.a('string');
    if (typeof resolved === 'string') return;
    expect(resolved.thresholds.rttMs).to.deep.equal({ raise: 250, clear: 200 });
    expect(resolved.thresholds.jitterMs).to.deep.equal(DEFAULT_QUALITY_OPTIONS.thresholds.jitterMs);
  });

  it('says what is wrong with inconsistent values', () => {
    expect(resolveQualityOptions({ sampleIntervalMs: 10 })).to.match(/sampleIntervalMs/);
    expect(resolveQualityOptions({ thresholds: { rttMs: { raise: 100, clear: 200 } } })).to.match(/rttMs needs 0 ≤ clear ≤ raise/);
    expect(resolveQualityOptions({ thresholds: { mos: { raise: 4, clear: 3 } } })).to.match(/mos needs raise ≤ clear/);
    expect(resolveQualityOptions({ raiseAfter: { samples: 6, window: 5 } })).to.match(/raiseAfter/);
    expect(resolveQualityOptions({ clearAfterSamples: 0 })).to.match(/clearAfterSamples/);
  });
});
