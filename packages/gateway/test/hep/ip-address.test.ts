import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAddress, formatIPv6, parseIPv4, parseIPv6 } from '../../src/hep/ip-address.js';

test('IPv6 round-trips to the RFC 5952 form', () => {
  const cases: Array<[string, string]> = [
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'], // the longest zero run is compressed
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'], // a single zero group stays
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ];
  for (const [input, expected] of cases) assert.equal(formatIPv6(parseIPv6(input)), expected, input);
});

test('parsers refuse what is not an address', () => {
  assert.throws(() => parseIPv4('192.0.2'), TypeError);
  assert.throws(() => parseIPv6('2001:db8::1::2'), TypeError);
  assert.deepEqual([...parseIPv4('192.0.2.81')], [192, 0, 2, 81]);
});

test('canonicalAddress gives one spelling per address', () => {
  assert.equal(canonicalAddress('::ffff:192.0.2.81'), '192.0.2.81');
  assert.equal(canonicalAddress('[2001:DB8::0:1]'), '2001:db8::1');
  assert.equal(canonicalAddress('192.0.2.81'), '192.0.2.81');
  assert.equal(canonicalAddress('SIP.Example.COM'), 'sip.example.com');
});
