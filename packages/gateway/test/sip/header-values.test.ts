import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCSeq, parseNameAddress, parseParams, parseVia, parseVias, splitOutside, uriUser } from '../../src/sip/header-values.js';
import { GatewayError } from '../../src/errors.js';
import { SipError } from '../../src/sip/sip-error.js';

// Every SipError is also a GatewayError, so callers can catch the gateway's errors as one family.
const expectCode = (code: string) => (error: unknown) =>
  error instanceof SipError && error instanceof GatewayError && error.name === 'SipError' && error.code === code;

test('name-addr without brackets: every ;param belongs to the header (Genesys style)', () => {
  const to = parseNameAddress('sip:1002@192.0.2.81:5060;tag=BA00A7C0-F966-4F65-BF2F-EDF2F918F656-3');
  assert.equal(to.uri, 'sip:1002@192.0.2.81:5060');
  assert.equal(to.user, '1002');
  assert.equal(to.tag, 'BA00A7C0-F966-4F65-BF2F-EDF2F918F656-3');
});

test('name-addr with display name and URI parameters', () => {
  const from = parseNameAddress('"Agent, One" <sip:5001@127.0.0.1;transport=ws>;tag=63ad39b7;x-flag');
  assert.equal(from.uri, 'sip:5001@127.0.0.1;transport=ws');
  assert.equal(from.user, '5001');
  assert.equal(from.tag, '63ad39b7');
  assert.equal(from.params.get('x-flag'), true);
  assert.equal(parseNameAddress('<sip:5001@127.0.0.1>').tag, undefined);
  assert.equal(parseNameAddress('<sip:5001@127.0.0.1>;tag=').tag, undefined, 'an empty tag is no tag');
});

test('uriUser reads sip and sips users, drops a password, leaves escapes alone', () => {
  assert.equal(uriUser('sips:5001:secret@example.com'), '5001');
  assert.equal(uriUser('sip:5001%0D%0A@example.com'), '5001%0D%0A');
  assert.equal(uriUser('sip:192.0.2.54:5060'), undefined);
  assert.equal(uriUser('tel:+15551234'), undefined);
});

test('refuses addresses without a URI', () => {
  assert.throws(() => parseNameAddress('<sip:5001@x'), expectCode('SIP_BAD_ADDRESS'));
  assert.throws(() => parseNameAddress('just words'), expectCode('SIP_BAD_ADDRESS'));
  assert.throws(() => parseNameAddress(''), expectCode('SIP_BAD_ADDRESS'));
});

test('parseParams handles flags, quoted values and case', () => {
  const params = parseParams(';Received=192.0.2.1;RPORT;alias;x="a;b"');
  assert.equal(params.get('received'), '192.0.2.1');
  assert.equal(params.get('rport'), true);
  assert.equal(params.get('x'), 'a;b');
});

test('splitOutside ignores separators inside quotes and brackets', () => {
  assert.deepEqual(splitOutside('"a, b" <sip:x;y,z>, c', ','), ['"a, b" <sip:x;y,z>', ' c']);
});

test('Via: transport, sent-by, branch, received, rport; IPv6 and spaces around slashes', () => {
  const via = parseVia('SIP/2.0/UDP 192.0.2.81:5060;branch=z9hG4bKF9D1;received=198.51.100.1;rport=5062');
  assert.equal(via.transport, 'UDP');
  assert.equal(via.host, '192.0.2.81');
  assert.equal(via.port, 5060);
  assert.equal(via.branch, 'z9hG4bKF9D1');
  assert.equal(via.params.get('received'), '198.51.100.1');
  assert.equal(via.params.get('rport'), '5062');
  const v6 = parseVia('SIP / 2.0 / tcp [2001:db8::81]:5070 ;branch=z9hG4bK2');
  assert.equal(v6.transport, 'TCP');
  assert.equal(v6.host, '2001:db8::81');
  assert.equal(v6.port, 5070);
  assert.equal(parseVia('SIP/2.0/WS labefc7480a.invalid;branch=z9hG4bKee5f').port, undefined);
});

test('parseVias splits comma-joined values, top first', () => {
  const vias = parseVias(['SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.81:5060;branch=z9hG4bKb', 'SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKc']);
  assert.deepEqual(vias.map((v) => v.branch), ['z9hG4bKa', 'z9hG4bKb', 'z9hG4bKc']);
});

test('refuses malformed Vias', () => {
  assert.throws(() => parseVia('SIP/2.0/UDP'), expectCode('SIP_BAD_VIA'));
  assert.throws(() => parseVia('HTTP/1.1 host'), expectCode('SIP_BAD_VIA'));
  assert.throws(() => parseVia('SIP/2.0/UDP 192.0.2.81:99999'), expectCode('SIP_BAD_VIA'));
  assert.throws(() => parseVia('SIP/2.0/UDP 192.0.2.81:0'), expectCode('SIP_BAD_VIA'));
});

test('CSeq', () => {
  assert.deepEqual(parseCSeq('2 NOTIFY'), { sequence: 2, method: 'NOTIFY' });
  assert.deepEqual(parseCSeq(' 62763  NOTIFY '), { sequence: 62763, method: 'NOTIFY' });
  assert.throws(() => parseCSeq('NOTIFY'), expectCode('SIP_BAD_CSEQ'));
  assert.throws(() => parseCSeq('99999999999 NOTIFY'), expectCode('SIP_BAD_CSEQ'));
  assert.throws(() => parseCSeq('2 NOTIFY extra'), expectCode('SIP_BAD_CSEQ'));
});
