import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnRateLimit } from '../../src/relay/dn-rate-limit.js';

test('each DN has its own burst, then its sustained rate', () => {
  const limit = new DnRateLimit(2, 3);
  assert.deepEqual([0, 0, 0, 0].map(() => limit.allow('5001', 1000)), [true, true, true, false]);
  assert.equal(limit.allow('5002', 1000), true, 'another DN is not affected');
  assert.equal(limit.allow('5001', 1400), false);
  assert.equal(limit.allow('5001', 1500), true, 'one token after 500 ms at 2/s');
});

test('an idle DN is forgotten and starts again with a full burst', () => {
  const limit = new DnRateLimit(1, 2, 10);
  limit.allow('5001', 0);
  limit.allow('5001', 0);
  assert.equal(limit.allow('5001', 0), false);
  assert.deepEqual([limit.allow('5001', 60_000), limit.allow('5001', 60_000)], [true, true]);
});
