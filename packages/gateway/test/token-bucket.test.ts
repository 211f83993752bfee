import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../src/token-bucket.js';

test('token bucket allows a burst, then paces at the rate', () => {
  const bucket = new TokenBucket(100, 3, 0);
  assert.deepEqual([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)], [true, true, true, false]);
  assert.equal(bucket.waitMs(0), 10);
  assert.equal(bucket.take(9), false);
  assert.equal(bucket.take(10), true);
  assert.equal(bucket.take(1_000), true);
  let taken = 0;
  for (let t = 1_000; t <= 2_000; t++) if (bucket.take(t)) taken += 1;
  assert.ok(taken >= 100 && taken <= 103, `paced ${taken} in one second`);
});
