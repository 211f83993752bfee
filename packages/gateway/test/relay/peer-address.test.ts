import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesPeer, parsePeerAddress } from '../../src/relay/peer-address.js';

test('parses host, host:port and bracketed or bare IPv6', () => {
  assert.deepEqual(parsePeerAddress('192.0.2.81'), { host: '192.0.2.81' });
  assert.deepEqual(parsePeerAddress('192.0.2.81:5060'), { host: '192.0.2.81', port: 5060 });
  assert.deepEqual(parsePeerAddress('[2001:DB8::81]:5070'), { host: '2001:db8::81', port: 5070 });
  assert.deepEqual(parsePeerAddress('2001:db8::81'), { host: '2001:db8::81' });
  assert.deepEqual(parsePeerAddress('[::ffff:192.0.2.81]'), { host: '192.0.2.81' });
});

test('refuses names and bad ports', () => {
  assert.throws(() => parsePeerAddress('sip.example.com'), TypeError);
  assert.throws(() => parsePeerAddress('192.0.2.81:0'), RangeError);
  assert.throws(() => parsePeerAddress('192.0.2.81:70000'), RangeError);
  assert.throws(() => parsePeerAddress(''), TypeError);
});

test('matches by host, and by port when one is configured', () => {
  const peers = [parsePeerAddress('192.0.2.81'), parsePeerAddress('127.0.0.1:5070')];
  assert.equal(matchesPeer({ address: '192.0.2.81', port: 41000 }, peers), true);
  assert.equal(matchesPeer({ address: '::ffff:192.0.2.81', port: 5060 }, peers), true);
  assert.equal(matchesPeer({ address: '127.0.0.1', port: 5070 }, peers), true);
  assert.equal(matchesPeer({ address: '127.0.0.1', port: 5060 }, peers), false, 'Asterisk on the same host, other port');
  assert.equal(matchesPeer({ address: '192.0.2.82', port: 5060 }, peers), false);
});
