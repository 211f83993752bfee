import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSipMessage, type SipRequest } from '../../src/sip/sip-message.js';
import { SipError } from '../../src/sip/sip-error.js';
import { callShape, invite, notify, ringing } from './fixtures/genesys-flows.js';

const expectCode = (code: string) => (error: unknown) => error instanceof SipError && error.code === code;

test('reads a Genesys INVITE with its SDP body', () => {
  const message = parseSipMessage(invite(callShape(), { withSdp: true }));
  assert.equal(message.kind, 'request');
  const request = message as SipRequest;
  assert.equal(request.method, 'INVITE');
  assert.equal(request.uri, 'sip:1002@192.0.2.54:5060');
  assert.equal(request.headers.get('content-type'), 'application/sdp');
  assert.match(request.headers.get('X-GENESYS-CALLUUID') ?? '', /^UIVB8J6JE91C53UIM3VI59VHQ4/);
  assert.match(request.body, /^v=0\r\no=Genesys/);
  assert.match(request.body, /a=fmtp:101 0-15\r\n$/);
});

test('reads a response line and keeps the double space of Asterisk\'s Content-Length', () => {
  const message = parseSipMessage(ringing(callShape()));
  assert.equal(message.kind, 'response');
  if (message.kind !== 'response') return;
  assert.equal(message.status, 180);
  assert.equal(message.reason, 'Ringing');
  assert.equal(message.headers.get('content-length'), '0');
});

test('compact header names are the same headers as the long ones', () => {
  const text = [
    'NOTIFY sip:1002@192.0.2.54 SIP/2.0',
    'v: SIP/2.0/UDP 192.0.2.81;branch=z9hG4bK1',
    'f: <sip:1003@192.0.2.81>;tag=a',
    't: <sip:1002@192.0.2.81>;tag=b',
    'i: call-1',
    'o: talk',
    'l: 0',
    'CSeq: 2 NOTIFY',
    '',
    '',
  ].join('\r\n');
  const message = parseSipMessage(text);
  assert.equal(message.headers.get('Via'), 'SIP/2.0/UDP 192.0.2.81;branch=z9hG4bK1');
  assert.equal(message.headers.get('From'), '<sip:1003@192.0.2.81>;tag=a');
  assert.equal(message.headers.get('To'), '<sip:1002@192.0.2.81>;tag=b');
  assert.equal(message.headers.get('Call-ID'), 'call-1');
  assert.equal(message.headers.get('Event'), 'talk');
  assert.equal(message.headers.get('Content-Length'), '0');
  assert.equal(message.headers.get('t'), message.headers.get('to'), 'compact lookups work too');
});

test('unfolds continuation lines and keeps repeated Vias in order', () => {
  const text = [
    'NOTIFY sip:1002@192.0.2.54 SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKproxy',
    'Via: SIP/2.0/UDP 192.0.2.81:5060',
    '  ;branch=z9hG4bKgenesys',
    'v: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKthird',
    'Subject: a subject',
    '\tcontinued here',
    '',
    '',
  ].join('\r\n');
  const message = parseSipMessage(text);
  assert.deepEqual(message.headers.getAll('via'), [
    'SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKproxy',
    'SIP/2.0/UDP 192.0.2.81:5060 ;branch=z9hG4bKgenesys',
    'SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKthird',
  ]);
  assert.equal(message.headers.get('subject'), 'a subject continued here');
});

test('accepts bare LF line ends', () => {
  const message = parseSipMessage(notify(callShape()).replaceAll('\r\n', '\n'));
  assert.equal(message.kind, 'request');
  assert.equal(message.headers.get('event'), 'talk');
});

test('a message without the blank line still reads its headers', () => {
  const message = parseSipMessage('OPTIONS sip:x@192.0.2.54 SIP/2.0\r\nCall-ID: abc\r\n');
  assert.equal(message.headers.get('call-id'), 'abc');
  assert.equal(message.body, '');
});

test('refuses what is not SIP, and broken start lines and headers', () => {
  assert.throws(() => parseSipMessage('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), expectCode('SIP_NOT_SIP'));
  assert.throws(() => parseSipMessage('\x00\x01\x02binary'), expectCode('SIP_NOT_SIP'));
  assert.throws(() => parseSipMessage(''), expectCode('SIP_NOT_SIP'));
  assert.throws(() => parseSipMessage('NOTIFY  SIP/2.0\r\n\r\n'), expectCode('SIP_BAD_START_LINE'));
  assert.throws(() => parseSipMessage('SIP/2.0 99 Weird\r\n\r\n'), expectCode('SIP_BAD_START_LINE'));
  assert.throws(() => parseSipMessage('NOT<IFY sip:x SIP/2.0\r\n\r\n'), expectCode('SIP_BAD_START_LINE'));
  assert.throws(() => parseSipMessage('NOTIFY sip:x SIP/2.0\r\nNo colon here\r\n\r\n'), expectCode('SIP_BAD_HEADER'));
  assert.throws(() => parseSipMessage('NOTIFY sip:x SIP/2.0\r\n: empty name\r\n\r\n'), expectCode('SIP_BAD_HEADER'));
  assert.throws(() => parseSipMessage('NOTIFY sip:x SIP/2.0\r\n continuation first\r\n\r\n'), expectCode('SIP_BAD_HEADER'));
});

test('bounds the number of headers', () => {
  const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: v`).join('\r\n');
  assert.throws(() => parseSipMessage(`NOTIFY sip:x SIP/2.0\r\n${many}\r\n\r\n`), expectCode('SIP_TOO_MANY_HEADERS'));
});
