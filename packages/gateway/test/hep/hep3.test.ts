import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHep3, encodeHep3, isHep3, HepChunk, type HepPacketInput } from '../../src/hep/hep3.js';
import { GatewayError } from '../../src/errors.js';
import { HepError } from '../../src/hep/hep-error.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

const notifyText = notify(callShape());
const base: HepPacketInput = {
  source: { address: '192.0.2.81', port: 5060 },
  destination: { address: '192.0.2.54', port: 5060 },
  timestamp: { seconds: 1_795_419_178, microseconds: 123_456 },
  captureId: 2001,
  authKey: 'capture-secret',
  correlationId: 'D6F9763C-E5D5-4C4B-97C3-C0725E0E2E17-56@192.0.2.81',
  payload: notifyText,
};

/** A raw chunk: vendor 0, type, length including the 6-byte chunk header. */
function chunk(type: number, value: Buffer, length = value.length + 6): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt16BE(length, 4);
  return Buffer.concat([header, value]);
}

function packet(chunks: Buffer[], announcedLength?: number): Buffer {
  const body = Buffer.concat(chunks);
  const header = Buffer.from('HEP3\0\0', 'latin1');
  header.writeUInt16BE(announcedLength ?? body.length + 6, 4);
  return Buffer.concat([header, body]);
}

// Every HepError is also a GatewayError, so callers can catch the gateway's errors as one family.
const expectCode = (code: string) => (error: unknown) =>
  error instanceof HepError && error instanceof GatewayError && error.name === 'HepError' && error.code === code;

test('decodes every chunk Asterisk sends (IPv4)', () => {
  const decoded = decodeHep3(encodeHep3(base));
  assert.equal(decoded.ipFamily, 'IPv4');
  assert.equal(decoded.ipProtocol, 17);
  assert.deepEqual(decoded.source, { address: '192.0.2.81', port: 5060 });
  assert.deepEqual(decoded.destination, { address: '192.0.2.54', port: 5060 });
  assert.deepEqual(decoded.timestamp, { seconds: 1_795_419_178, microseconds: 123_456 });
  assert.equal(decoded.protocolType, 1);
  assert.equal(decoded.captureId, 2001);
  assert.equal(decoded.authKey, 'capture-secret');
  assert.equal(decoded.correlationId, base.correlationId);
  assert.equal(decoded.payload.toString('utf8'), notifyText);
});

test('decodes IPv6 addresses in their canonical text form', () => {
  const decoded = decodeHep3(
    encodeHep3({ ...base, source: { address: '2001:DB8:0:0:0:0:0:81', port: 5060 }, destination: { address: '2001:db8::54', port: 5080 } }),
  );
  assert.equal(decoded.ipFamily, 'IPv6');
  assert.deepEqual(decoded.source, { address: '2001:db8::81', port: 5060 });
  assert.deepEqual(decoded.destination, { address: '2001:db8::54', port: 5080 });
});

test('optional chunks may be absent; unknown and vendor chunks are skipped', () => {
  const minimal = decodeHep3(encodeHep3({ source: base.source, destination: base.destination, payload: 'OPTIONS sip:x SIP/2.0\r\n\r\n' }));
  assert.equal(minimal.authKey, undefined);
  assert.equal(minimal.correlationId, undefined);
  const full = encodeHep3(base);
  const vendorChunk = Buffer.from([0x00, 0x21, 0x00, 0x05, 0x00, 0x08, 0xab, 0xcd]); // vendor 0x21
  const keepAlive = chunk(13, Buffer.from([0x00, 0x3c]));
  const extended = packet([full.subarray(6), vendorChunk, keepAlive]);
  assert.equal(decodeHep3(extended).payload.toString(), notifyText);
});

test('ignores bytes after the announced total length', () => {
  const encoded = encodeHep3(base);
  const padded = Buffer.concat([encoded, Buffer.from([0, 0, 0, 0])]);
  assert.equal(decodeHep3(padded).payload.toString(), notifyText);
});

test('isHep3 tells HEP3 from other datagrams', () => {
  assert.equal(isHep3(encodeHep3(base)), true);
  assert.equal(isHep3(Buffer.from('NOTIFY sip:1002@x SIP/2.0')), false);
  assert.equal(isHep3(Buffer.from([0x02, 0x10])), false); // HEP2
});

test('refuses short, foreign and inconsistent packets with typed errors', () => {
  assert.throws(() => decodeHep3(Buffer.from('HEP')), expectCode('HEP_TOO_SHORT'));
  assert.throws(() => decodeHep3(Buffer.from('HEP2\0\x06')), expectCode('HEP_BAD_MAGIC'));
  assert.throws(() => decodeHep3(Buffer.from('SIP/2.0 200 OK\r\n')), expectCode('HEP_BAD_MAGIC'));
  const encoded = encodeHep3(base);
  assert.throws(() => decodeHep3(encoded.subarray(0, encoded.length - 10)), expectCode('HEP_BAD_LENGTH'));
  assert.throws(() => decodeHep3(packet([], 3)), expectCode('HEP_BAD_LENGTH'));
});

test('a truncated chunk is refused wherever it is cut', () => {
  const encoded = encodeHep3(base);
  for (let cut = 7; cut < encoded.length; cut += 7) {
    const truncated = Buffer.from(encoded.subarray(0, cut));
    truncated.writeUInt16BE(cut, 4); // the header agrees with the datagram; the last chunk does not fit
    assert.throws(
      () => decodeHep3(truncated),
      (error: unknown) => error instanceof HepError && ['HEP_TRUNCATED_CHUNK', 'HEP_MISSING_CHUNK'].includes(error.code),
      `cut at ${cut}`,
    );
  }
  // A chunk length below its own header would loop forever if accepted.
  assert.throws(() => decodeHep3(packet([chunk(1, Buffer.from([2]), 0)])), expectCode('HEP_TRUNCATED_CHUNK'));
});

test('refuses chunks of the wrong size, duplicates, unknown families and mixed families', () => {
  const body = encodeHep3(base).subarray(6);
  assert.throws(() => decodeHep3(packet([chunk(HepChunk.SOURCE_PORT, Buffer.from([1, 2, 3])), body])), expectCode('HEP_BAD_CHUNK'));
  assert.throws(() => decodeHep3(packet([chunk(HepChunk.IPV4_SOURCE, Buffer.from([1, 2, 3, 4, 5]))])), expectCode('HEP_BAD_CHUNK'));
  assert.throws(() => decodeHep3(packet([body, chunk(HepChunk.PAYLOAD, Buffer.from('x'))])), expectCode('HEP_BAD_CHUNK'));
  const family = (value: number) => chunk(HepChunk.IP_FAMILY, Buffer.from([value]));
  const rest = body.subarray(7); // drop the original family chunk (6 + 1 bytes)
  assert.throws(() => decodeHep3(packet([family(99), rest])), expectCode('HEP_BAD_CHUNK'));
  assert.throws(() => decodeHep3(packet([family(10), rest])), expectCode('HEP_BAD_CHUNK'));
  assert.throws(
    () => decodeHep3(packet([chunk(HepChunk.AUTH_KEY, Buffer.alloc(600, 0x41)), body.subarray(0)])),
    expectCode('HEP_BAD_CHUNK'),
  );
});

test('refuses packets missing a required chunk, and compressed payloads', () => {
  const withoutPayload = encodeHep3({ ...base, payload: '' });
  // Strip the (empty) payload chunk: the last 6 bytes.
  const stripped = Buffer.from(withoutPayload.subarray(0, withoutPayload.length - 6));
  stripped.writeUInt16BE(stripped.length, 4);
  assert.throws(() => decodeHep3(stripped), expectCode('HEP_MISSING_CHUNK'));
  assert.throws(() => decodeHep3(packet([chunk(HepChunk.COMPRESSED_PAYLOAD, Buffer.from([0x1f, 0x8b]))])), expectCode('HEP_COMPRESSED_PAYLOAD'));
});

test('refuses a packet above the size bound before reading it', () => {
  const encoded = encodeHep3(base);
  assert.throws(() => decodeHep3(encoded, { maxPacketBytes: encoded.length - 1 }), expectCode('HEP_TOO_LARGE'));
  assert.doesNotThrow(() => decodeHep3(encoded, { maxPacketBytes: encoded.length }));
});

test('encoding refuses what does not fit the 16-bit length', () => {
  assert.throws(() => encodeHep3({ ...base, payload: 'x'.repeat(70_000) }), RangeError);
});
