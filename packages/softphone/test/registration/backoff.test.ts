import { expect } from 'chai';
import { DEFAULT_RECONNECT, backoffDelay } from '../../src/index.js';

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_RECONNECT, jitter: 0 };

  it('grows exponentially from the initial delay and caps', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, noJitter))).to.deep.equal([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('spreads by ±jitter', () => {
    expect(backoffDelay(2, DEFAULT_RECONNECT, () => 0)).to.equal(1400);
    expect(backoffDelay(2, DEFAULT_RECONNECT, () => 1)).to.equal(2600);
    expect(backoffDelay(2, DEFAULT_RECONNECT, () => 0.5)).to.equal(2000);
  });

  it('never exceeds the cap nor goes negative', () => {
    for (let attempt = 1; attempt < 40; attempt += 1) {
      const delay = backoffDelay(attempt, { ...DEFAULT_RECONNECT, jitter: 5 });
      expect(delay).to.be.within(0, DEFAULT_RECONNECT.maxDelayMs);
    }
  });
});
