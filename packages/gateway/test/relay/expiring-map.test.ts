import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpiringMap } from '../../src/relay/expiring-map.js';

test('entries expire ttl after they were last set', () => {
  const map = new ExpiringMap<string, number>(1000, 10);
  map.set('a', 1, 0);
  assert.equal(map.get('a', 999), 1);
  assert.equal(map.get('a', 1000), undefined);
  map.set('b', 2, 0);
  map.set('b', 3, 900);
  assert.equal(map.get('b', 1500), 3, 'setting again renews');
});

test('never holds more than maxEntries; the oldest go first', () => {
  const map = new ExpiringMap<number, number>(60_000, 3);
  for (let i = 0; i < 10; i += 1) map.set(i, i, i);
  assert.equal(map.size, 3);
  assert.equal(map.get(6, 10), undefined);
  assert.deepEqual([7, 8, 9].map((k) => map.get(k, 10)), [7, 8, 9]);
});

test('expired entries are pruned as new ones arrive', () => {
  const map = new ExpiringMap<number, true>(100, 1000);
  for (let i = 0; i < 50; i += 1) map.set(i, true, 0);
  map.set(99, true, 500);
  assert.equal(map.size, 1);
});

test('delete and has', () => {
  const map = new ExpiringMap<string, true>(100, 10);
  map.set('x', true, 0);
  assert.equal(map.has('x', 1), true);
  assert.equal(map.delete('x'), true);
  assert.equal(map.has('x', 1), false);
  assert.throws(() => new ExpiringMap(0, 1), RangeError);
});
