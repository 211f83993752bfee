import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResponse, responseDestination } from '../../src/sip/response.js';
import { parseVia } from '../../src/sip/header-values.js';
import { parseSipMessage, type SipRequest } from '../../src/sip/sip-message.js';
import { SipError } from '../../src/sip/sip-error.js';
import { callShape, notify } from './fixtures/genesys-flows.js';

const request = (text: string) => parseSipMessage(text) as SipRequest;

test('the 200 OK for Genesys\' NOTIFY copies Via, From, To, Call-ID and CSeq exactly (RFC 3261 §8.2.6)', () => {
  const call = callShape();
  const text = buildResponse(request(notify(call)));
  assert.equal(
    text,
    [
      'SIP/2.0 200 OK',
      `Via: SIP/2.0/UDP 192.0.2.81:5060;branch=${call.branchBase}-150`,
      `From: sip:1003@192.0.2.81:5060;tag=${call.fromTag}`,
      `To: sip:1002@192.0.2.81:5060;tag=${call.toTag}`,
      `Call-ID: ${call.callId}`,
      'CSeq: 2 NOTIFY',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
});

test('keeps every Via in order, including comma-joined and compact ones', () => {
  const text = [
    'NOTIFY sip:1002@192.0.2.54 SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKproxy;received=198.51.100.8, SIP/2.0/UDP 192.0.2.90;branch=z9hG4bKmid',
    'v: SIP/2.0/UDP 192.0.2.81:5060;branch=z9hG4bKgenesys',
    'f: <sip:1003@192.0.2.81>;tag=a',
    't: <sip:1002@192.0.2.81>;tag=b',
    'i: call-1',
    'CSeq: 7 NOTIFY',
    '',
    '',
  ].join('\r\n');
  const lines = buildResponse(request(text)).split('\r\n');
  assert.deepEqual(
    lines.filter((l) => l.startsWith('Via:')),
    [
      'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKproxy;received=198.51.100.8, SIP/2.0/UDP 192.0.2.90;branch=z9hG4bKmid',
      'Via: SIP/2.0/UDP 192.0.2.81:5060;branch=z9hG4bKgenesys',
    ],
  );
  assert.ok(lines.includes('From: <sip:1003@192.0.2.81>;tag=a'));
  assert.ok(lines.includes('Call-ID: call-1'));
});

test('adds a To tag only when the request has none and one is given', () => {
  const call = callShape();
  const outOfDialog = request(notify(call, { withToTag: false }));
  assert.throws(() => buildResponse(outOfDialog), (e: unknown) => e instanceof SipError && e.code === 'SIP_MISSING_HEADER');
  assert.match(buildResponse(outOfDialog, { toTag: 'gw1' }), /\r\nTo: sip:1002@192\.0\.2\.81:5060;tag=gw1\r\n/);
  assert.match(buildResponse(request(notify(call)), { toTag: 'ignored' }), new RegExp(`;tag=${call.toTag}\\r\\n`));
});

test('other statuses; refuses missing headers and bad status lines', () => {
  const call = callShape();
  assert.match(buildResponse(request(notify(call)), { status: 481, reason: 'Call/Transaction Does Not Exist' }), /^SIP\/2\.0 481 Call\/Transaction Does Not Exist\r\n/);
  assert.throws(() => buildResponse(request(notify(call)), { status: 99 }), RangeError);
  assert.throws(() => buildResponse(request(notify(call)), { reason: 'OK\r\nX: injected' }), RangeError);
  const noCallId = request(notify(call).replace(/Call-ID: .*\r\n/, ''));
  assert.throws(() => buildResponse(noCallId), (e: unknown) => e instanceof SipError && e.code === 'SIP_MISSING_HEADER');
  const noVia = request(notify(call).replace(/Via: .*\r\n/, ''));
  assert.throws(() => buildResponse(noVia), (e: unknown) => e instanceof SipError && e.code === 'SIP_MISSING_HEADER');
  const badVia = request(notify(call).replace(/Via: .*\r\n/, 'Via: nonsense\r\n'));
  assert.throws(() => buildResponse(badVia), (e: unknown) => e instanceof SipError && e.code === 'SIP_BAD_VIA');
});

test('response destination: the address the request came from, at the Via port or, with rport, the source port (§18.2.2, RFC 3581)', () => {
  const from = { address: '192.0.2.81', port: 40123 };
  const dest = (via: string) => responseDestination(parseVia(via), from);
  assert.deepEqual(dest('SIP/2.0/UDP 192.0.2.81:5060;branch=z9hG4bK1'), { transport: 'UDP', host: '192.0.2.81', port: 5060 });
  assert.deepEqual(dest('SIP/2.0/UDP 192.0.2.81;branch=z9hG4bK1'), { transport: 'UDP', host: '192.0.2.81', port: 5060 });
  assert.deepEqual(dest('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1'), { transport: 'UDP', host: '192.0.2.81', port: 5070 }, 'NATed sent-by: the source address');
  assert.deepEqual(dest('SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK1'), { transport: 'UDP', host: '192.0.2.81', port: 40123 }, 'rport: the source port');
  assert.deepEqual(dest('SIP/2.0/UDP 10.0.0.5:5060;rport=40999;branch=z9hG4bK1'), { transport: 'UDP', host: '192.0.2.81', port: 40999 });
  assert.deepEqual(dest('SIP/2.0/TLS 192.0.2.81;branch=z9hG4bK1'), { transport: 'TLS', host: '192.0.2.81', port: 5061 });
  const v6 = responseDestination(parseVia('SIP/2.0/UDP [2001:db8::81];branch=z9hG4bK1'), { address: '2001:db8::81', port: 5060 });
  assert.deepEqual(v6, { transport: 'UDP', host: '2001:db8::81', port: 5060 });
});

test('response destination never follows maddr, received or a Via host the request did not come from', () => {
  const from = { address: '192.0.2.81', port: 5060 };
  for (const via of [
    'SIP/2.0/UDP 192.0.2.81:5060;maddr=127.0.0.9;branch=z9hG4bK1',
    'SIP/2.0/UDP 192.0.2.81:5060;maddr=239.255.255.1;received=192.0.2.9;branch=z9hG4bK1',
    'SIP/2.0/UDP 127.0.0.9:5060;received=127.0.0.9;branch=z9hG4bK1',
  ]) {
    assert.equal(responseDestination(parseVia(via), from).host, '192.0.2.81', via);
  }
});
