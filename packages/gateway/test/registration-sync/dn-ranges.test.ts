import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnRanges, assertDn, isValidDn } from '../../src/registration-sync/dn-ranges.js';

test('parses ranges and single DNs, keeps leading zeros', () => {
  const ranges = DnRanges.parse(' 5001-5003, 0098-0100 ,7000');
  assert.deepEqual([...ranges], ['5001', '5002', '5003', '0098', '0099', '0100', '7000']);
  assert.equal(ranges.size, 7);
  assert.ok(ranges.contains('0099'));
  assert.ok(!ranges.contains('99'));
  assert.ok(!ranges.contains('5004'));
});

for (const [spec, why] of [
  ['', /no range/],
  ['5001-50a2', /not a DN/],
  ['5001-499', /same number of digits/],
  ['5010-5001', /below the start/],
  ['5001-5010,5005-5020', /overlaps/],
  ['10000000-99999999', /more than/],
  ['5001\r\n\r\nAction: Command', /not a DN/],
] as const) {
  test(`refuses DN ranges ${JSON.stringify(spec)} with DN_RANGE_INVALID`, () => {
    assert.throws(() => DnRanges.parse(spec), (e: { code?: string; message?: string }) => e.code === 'DN_RANGE_INVALID' && why.test(e.message ?? ''));
  });
}

test('validates DNs as 1-15 digits', () => {
  assert.ok(isValidDn('5001'));
  for (const bad of ['', '5001 ', '50a1', '5001\r\n', '1234567890123456', '+5001']) assert.ok(!isValidDn(bad), bad);
  assert.throws(() => assertDn('5001\r\n\r\nAction: Command'), { code: 'DN_INVALID' });
});

test('names the range a DN falls in, for metric labels', () => {
  const ranges = DnRanges.parse('5001-5020, 6100-6199,7000');
  assert.equal(ranges.rangeOf('5007'), '5001-5020');
  assert.equal(ranges.rangeOf('6199'), '6100-6199');
  assert.equal(ranges.rangeOf('7000'), '7000');
  assert.equal(ranges.rangeOf('5021'), undefined);
  assert.equal(ranges.rangeOf('50x1'), undefined);
});
