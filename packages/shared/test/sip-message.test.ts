import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipParseError, parseSipMessage } from '../src/sip-message.js';

const expectCode = (code: string) => (error: unknown) => error instanceof SipParseError && error.code === code;

test('reads a request: method, URI, headers by any spelling, body', () => {
  const message = parseSipMessage('NOTIFY sip:5001@192.0.2.54 SIP/2.0\r\ni: call-1\r\nEvent: talk\r\nContent-Length: 2\r\n\r\nhi');
  assert.equal(message.kind, 'request');
  if (message.kind !== 'request') return;
  assert.equal(message.method, 'NOTIFY');
  assert.equal(message.uri, 'sip:5001@192.0.2.54');
  assert.equal(message.headers.get('Call-ID'), 'call-1');
  assert.equal(message.headers.get('o'), 'talk');
  assert.deepEqual(message.headers.list, [['i', 'call-1'], ['Event', 'talk'], ['Content-Length', '2']]);
  assert.equal(message.body, 'hi');
});

test('keeps repeated headers in order', () => {
  const message = parseSipMessage('SIP/2.0 200 OK\r\nVia: a\r\nv: b\r\n\r\n');
  assert.deepEqual(message.headers.getAll('via'), ['a', 'b']);
  assert.equal(message.headers.has('VIA'), true);
  assert.equal(message.headers.has('Route'), false);
});

test('refuses garbage with a SipParseError and a code', () => {
  assert.throws(() => parseSipMessage('HELLO\r\n\r\n'), expectCode('SIP_NOT_SIP'));
  assert.throws(() => parseSipMessage('INVITE sip:a SIP/2.0\r\nno colon here\r\n\r\n'), expectCode('SIP_BAD_HEADER'));
  assert.throws(() => parseSipMessage('IN VITE sip:a SIP/2.0\r\n\r\n'), expectCode('SIP_BAD_START_LINE'));
  const error = (() => {
    try {
      parseSipMessage('');
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  assert.ok(error instanceof SipParseError);
  assert.equal(error.name, 'SipParseError');
});
