import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../src/backoff.js';

const options = { initialDelayMs: 1000, maxDelayMs: 30_000, multiplier: 2, jitter: 0.3 };

test('grows exponentially from the initial delay and caps', () => {
  const noJitter = { ...options, jitter: 0 };
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, noJitter)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test('spreads by ±jitter around the exponential delay', () => {
  assert.equal(backoffDelay(2, options, () => 0), 1400);
  assert.equal(backoffDelay(2, options, () => 0.5), 2000);
  assert.equal(backoffDelay(2, options, () => 0.999999), 2600);
});

test('never exceeds the cap nor goes below zero, whatever the jitter', () => {
  for (const jitter of [0, 0.5, 1, 5, -1]) {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      for (const r of [0, 0.5, 0.999]) {
        const delay = backoffDelay(attempt, { ...options, jitter }, () => r);
        assert.ok(delay >= 0 && delay <= options.maxDelayMs, `attempt ${attempt}, jitter ${jitter}: ${delay}`);
      }
    }
  }
});

test('treats attempt 0 and negatives like the first retry', () => {
  const noJitter = { ...options, jitter: 0 };
  assert.equal(backoffDelay(0, noJitter), 1000);
  assert.equal(backoffDelay(-3, noJitter), 1000);
});
