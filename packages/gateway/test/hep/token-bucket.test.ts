import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../src/hep/token-bucket.js';

test('allows a burst, then the sustained rate', () => {
  const bucket = new TokenBucket(10, 3);
  const taken = [0, 0, 0, 0].map(() => bucket.take(1000));
  assert.deepEqual(taken, [true, true, true, false]);
  assert.equal(bucket.take(1050), false, 'half a token after 50 ms');
  assert.equal(bucket.take(1100), true, 'one token after 100 ms at 10/s');
  assert.equal(bucket.take(1100), false);
});

test('never holds more than the burst', () => {
  const bucket = new TokenBucket(1000, 2);
  bucket.take(0);
  const after = [0, 0, 0].map(() => bucket.take(60_000));
  assert.deepEqual(after, [true, true, false]);
});

test('a clock going backwards adds nothing', () => {
  const bucket = new TokenBucket(1, 1);
  assert.equal(bucket.take(5000), true);
  assert.equal(bucket.take(1000), false);
});

test('refuses nonsense settings', () => {
  assert.throws(() => new TokenBucket(0), RangeError);
  assert.throws(() => new TokenBucket(10, 0), RangeError);
});
