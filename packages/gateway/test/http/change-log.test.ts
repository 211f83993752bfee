import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeLog } from '../../src/http/change-log.js';

test('a reader that fell behind gets each changed key once, oldest change first, with its latest number', () => {
  const log = new ChangeLog<string>();
  assert.equal(log.last, 0);
  for (const key of ['a', 'b', 'a', 'c', 'a']) log.record(key);
  assert.equal(log.last, 5);
  assert.deepEqual([...log.since(0)], [['b', 2], ['c', 4], ['a', 5]]);
  assert.deepEqual([...log.since(4)], [['a', 5]]);
  assert.deepEqual([...log.since(5)], []);
});

test('a million changes of a thousand keys keep a thousand entries', () => {
  const log = new ChangeLog<number>();
  for (let i = 0; i < 1_000_000; i++) log.record(i % 1_000);
  assert.equal([...log.since(0)].length, 1_000);
});

test('a key changed again while being read comes again, with its new number', () => {
  const log = new ChangeLog<string>();
  log.record('a');
  log.record('b');
  const seen: Array<[string, number]> = [];
  for (const entry of log.since(0)) {
    seen.push(entry);
    if (entry[0] === 'a' && entry[1] === 1) log.record('a');
  }
  assert.deepEqual(seen, [['a', 1], ['b', 2], ['a', 3]]);
});
