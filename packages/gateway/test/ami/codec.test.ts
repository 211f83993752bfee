import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AmiParser, serializeAction, type AmiParsed } from '../../src/ami/codec.js';
import { GatewayError } from '../../src/errors.js';

const messages = (parsed: AmiParsed[]) => parsed.flatMap((p) => (p.kind === 'message' ? [p.message] : []));

test('reads the banner, then CRLF messages', () => {
  const parser = new AmiParser();
  const out = parser.push('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n');
  assert.deepEqual(out[0], { kind: 'banner', version: '11.0.0', line: 'Asterisk Call Manager/11.0.0' });
  assert.equal(messages(out)[0]?.get('message'), 'Authentication accepted');
});

test('tolerates LF-only lines, extra blank lines and the error text that ends in a bare LF', () => {
  const parser = new AmiParser({ expectBanner: false });
  // Transcript 02: "Message: No Contacts found\n" then the CRLF terminator and one more CRLF.
  const out = messages(
    parser.push('Response: Error\r\nActionID: c-1\r\nMessage: No Contacts found\n\r\n\r\n\n\nEvent: FullyBooted\nUptime: 0\n\n'),
  );
  assert.equal(out.length, 2);
  assert.equal(out[0]?.get('Message'), 'No Contacts found');
  assert.equal(out[1]?.event, 'FullyBooted');
  assert.equal(parser.malformedCount, 0);
});

test('reassembles messages split anywhere, including inside a UTF-8 character', () => {
  const parser = new AmiParser({ expectBanner: false });
  const bytes = Buffer.from('Event: X\r\nName: Zoë\r\n\r\n', 'utf8');
  const out: AmiParsed[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...parser.push(bytes.subarray(i, i + 1)));
  assert.equal(messages(out)[0]?.get('Name'), 'Zoë');
});

test('keeps empty values, repeated keys and colons inside values; keys match without case', () => {
  const [m] = messages(new AmiParser({ expectBanner: false }).push('Event: E\r\nContactHeaderParams: \r\nVariable: a=1\r\nVariable: b=2\r\nURI: sip:5001@127.0.0.1:5091\r\n\r\n'));
  assert.equal(m?.get('contactheaderparams'), '');
  assert.deepEqual(m?.getAll('Variable'), ['a=1', 'b=2']);
  assert.equal(m?.get('uri'), 'sip:5001@127.0.0.1:5091');
});

test('skips and counts a malformed frame without losing the next one, and never throws', () => {
  const parser = new AmiParser({ expectBanner: false });
  const out = parser.push('Event: Good\r\n\r\nthis line has no colon\r\nEvent: Bad\r\n\r\n: no key\r\n\r\nEvent: AlsoGood\r\n\r\n');
  assert.deepEqual(messages(out).map((m) => m.event), ['Good', 'AlsoGood']);
  assert.equal(parser.malformedCount, 2);
  assert.equal(out.filter((p) => p.kind === 'malformed').length, 2);
});

test('drops an overlong line with its frame and recovers', () => {
  const parser = new AmiParser({ expectBanner: false, maxLineLength: 100 });
  const out = [...parser.push(`Event: Huge\r\nData: ${'x'.repeat(500)}`), ...parser.push('yyy\r\n\r\nEvent: Next\r\n\r\n')];
  assert.deepEqual(messages(out).map((m) => m.event), ['Next']);
  assert.equal(parser.malformedCount, 1);
});

test('a complete line longer than the limit is refused even when it arrives in one chunk', () => {
  const parser = new AmiParser({ expectBanner: false });
  const out = parser.push(`Event: Huge\r\nData: ${'x'.repeat(5 * 1024 * 1024)}\r\n\r\nEvent: Next\r\n\r\n`);
  assert.deepEqual(messages(out).map((m) => m.event), ['Next']);
  assert.match(out.find((p) => p.kind === 'malformed')?.reason ?? '', /line longer than 65536/);
});

test('a line split over two chunks is measured whole: two 60 K pieces are one 120 K line, refused', () => {
  const parser = new AmiParser({ expectBanner: false });
  const piece = 'x'.repeat(60 * 1024);
  const out = [...parser.push(`Event: Split\r\nData: ${piece}`), ...parser.push(`${piece}\r\n\r\nEvent: Next\r\n\r\n`)];
  assert.deepEqual(messages(out).map((m) => m.event), ['Next']);
  assert.equal(parser.malformedCount, 1);
});

test('one message is bounded as a whole: many fields within the line limit still cannot grow it past maxMessageLength', () => {
  const parser = new AmiParser({ expectBanner: false });
  const field = `Data: ${'x'.repeat(60 * 1024)}\r\n`;
  const out: AmiParsed[] = [...parser.push('Event: Giant\r\n')];
  let mostBuffered = 0;
  for (let i = 0; i < 100; i++) {
    out.push(...parser.push(field)); // 100 × 60 KiB = 6 MiB, every line within its limit
    mostBuffered = Math.max(mostBuffered, parser.bufferedLength);
  }
  out.push(...parser.push('\r\nEvent: Next\r\n\r\n'));
  assert.deepEqual(messages(out).map((m) => m.event), ['Next']);
  assert.match(out.find((p) => p.kind === 'malformed')?.reason ?? '', /message longer than 1048576/);
  assert.ok(mostBuffered <= 1024 * 1024 + 64 * 1024, `held ${mostBuffered} characters for one message`);
  assert.equal(parser.bufferedLength, 0);
});

test('survives random garbage', () => {
  const parser = new AmiParser();
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < 2000; i++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
    assert.doesNotThrow(() => parser.push(bytes));
  }
  parser.push('\r\n\r\n');
  const out = parser.push('Event: Alive\r\n\r\n');
  assert.equal(messages(out)[0]?.event, 'Alive');
});

test('reports a missing banner as malformed', () => {
  const out = new AmiParser().push('SSH-2.0-OpenSSH_9.6\r\n');
  assert.equal(out[0]?.kind, 'malformed');
});

test('serializes an action with CRLF and repeated keys', () => {
  const frame = serializeAction('PJSIPNotify', { Endpoint: '5001', Variable: ['Event=talk', 'X-Genesys-CallUUID=ABC'] }, 'id-1');
  assert.equal(frame, 'Action: PJSIPNotify\r\nActionID: id-1\r\nEndpoint: 5001\r\nVariable: Event=talk\r\nVariable: X-Genesys-CallUUID=ABC\r\n\r\n');
});

for (const [label, fields] of [
  ['CRLF CRLF injection in a value', { Registration: 'genesys_reg_5001\r\n\r\nAction: Command\r\nCommand: core stop now' }],
  ['a bare LF in a value', { Registration: 'x\nAction: Command' }],
  ['a bare CR in a value', { Registration: 'x\rAction: Command' }],
  ['a NUL in a value', { Registration: 'x\u0000' }],
  ['a header-like line inside an array value', { Variable: ['Event=talk', 'X\r\nVariable: Y=1'] }],
  ['a colon in a key', { 'Registration: x\r\nAction': 'Command' }],
  ['a space in a key', { 'Bad Key': 'v' }],
  ['an ActionID override', { ActionID: 'mine' }],
] as const) {
  test(`refuses ${label} with AMI_INVALID_FIELD`, () => {
    assert.throws(
      () => serializeAction('PJSIPRegister', fields as never, 'id'),
      (error: unknown) => error instanceof GatewayError && error.code === 'AMI_INVALID_FIELD',
    );
  });
}

test('refuses CR/LF in the action name itself', () => {
  assert.throws(() => serializeAction('Ping\r\n\r\nAction: Command'), { code: 'AMI_INVALID_FIELD' });
});
