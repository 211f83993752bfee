// HEP3 (EEP v3) codec: a 6-byte header ("HEP3" + total length) followed by TLV chunks, each
// vendor id (2) + type id (2) + length including this 6-byte chunk header (2) + value. All big endian.
// Asterisk's res_hep sends: IP family, IP protocol, source/destination address and port, time
// (seconds, microseconds), protocol type, capture id, auth key (only with a capture_password),
// correlation id (uuid_type) and the payload.
import { HepError } from './hep-error.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.js';

export const HEP3_MAGIC = 0x48455033; // "HEP3"
const HEADER_BYTES = 6;
const CHUNK_HEADER_BYTES = 6;

/** Protocol types of chunk 0x0b: what the payload is. */
export const HepProtocolType = { SIP: 1, XMPP: 2, SDP: 3, RTP: 4, RTCP: 5 } as const;

/** Generic chunk types (vendor 0). */
export const HepChunk = {
  IP_FAMILY: 1,
  IP_PROTOCOL: 2,
  IPV4_SOURCE: 3,
  IPV4_DESTINATION: 4,
  IPV6_SOURCE: 5,
  IPV6_DESTINATION: 6,
  SOURCE_PORT: 7,
  DESTINATION_PORT: 8,
  TIME_SECONDS: 9,
  TIME_MICROSECONDS: 10,
  PROTOCOL_TYPE: 11,
  CAPTURE_ID: 12,
  AUTH_KEY: 14,
  PAYLOAD: 15,
  COMPRESSED_PAYLOAD: 16,
  CORRELATION_ID: 17,
} as const;

const AF_INET = 2;
const AF_INET6 = 10;
/** Bound for the text chunks (auth key, correlation id): nothing legitimate comes near it. */
const MAX_TEXT_CHUNK_BYTES = 512;

export interface HepEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface HepPacket {
  readonly ipFamily: 'IPv4' | 'IPv6';
  /** IANA protocol number (17 UDP, 6 TCP). Asterisk reports 17 whatever the SIP transport. */
  readonly ipProtocol: number;
  readonly source: HepEndpoint;
  readonly destination: HepEndpoint;
  /** Capture time as the sender saw it; absent when the sender omitted it. */
  readonly timestamp?: { readonly seconds: number; readonly microseconds: number };
  readonly protocolType: number;
  readonly captureId?: number;
  readonly authKey?: string;
  readonly correlationId?: string;
  readonly payload: Buffer;
}

export interface DecodeOptions {
  /** Packets longer than this are refused before any chunk is read. Default 65535. */
  readonly maxPacketBytes?: number;
}

interface Fields {
  ipFamily?: number;
  ipProtocol?: number;
  source?: string;
  destination?: string;
  sourcePort?: number;
  destinationPort?: number;
  seconds?: number;
  microseconds?: number;
  protocolType?: number;
  captureId?: number;
  authKey?: string;
  correlationId?: string;
  payload?: Buffer;
}

/** Is this datagram HEP3 at all? Cheap check before decoding. */
export function isHep3(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x48 && data[1] === 0x45 && data[2] === 0x50 && data[3] === 0x33;
}

/** Decodes one HEP3 packet; throws HepError for anything short, inconsistent or incomplete. */
export function decodeHep3(data: Buffer, options: DecodeOptions = {}): HepPacket {
  const maxPacketBytes = options.maxPacketBytes ?? 65535;
  if (data.length > maxPacketBytes) {
    throw new HepError('HEP_TOO_LARGE', `HEP packet of ${data.length} bytes exceeds the ${maxPacketBytes}-byte limit`);
  }
  if (data.length < HEADER_BYTES) throw new HepError('HEP_TOO_SHORT', `HEP packet of ${data.length} bytes has no header`);
  if (data.readUInt32BE(0) !== HEP3_MAGIC) throw new HepError('HEP_BAD_MAGIC', 'not a HEP3 packet (magic is not "HEP3")');
  const total = data.readUInt16BE(4);
  if (total < HEADER_BYTES || total > data.length) {
    throw new HepError('HEP_BAD_LENGTH', `HEP header announces ${total} bytes but the datagram has ${data.length}`);
  }

  const fields: Fields = {};
  let offset = HEADER_BYTES;
  while (offset < total) {
    if (total - offset < CHUNK_HEADER_BYTES) {
      throw new HepError('HEP_TRUNCATED_CHUNK', `chunk header at byte ${offset} is cut off`);
    }
    const vendor = data.readUInt16BE(offset);
    const type = data.readUInt16BE(offset + 2);
    const length = data.readUInt16BE(offset + 4);
    if (length < CHUNK_HEADER_BYTES || offset + length > total) {
      throw new HepError('HEP_TRUNCATED_CHUNK', `chunk ${type} at byte ${offset} announces ${length} bytes, past the packet end`);
    }
    if (vendor === 0) readChunk(fields, type, data.subarray(offset + CHUNK_HEADER_BYTES, offset + length));
    offset += length;
  }
  return assemble(fields);
}

// Plain functions, no per-chunk closures: this runs for every SIP message Asterisk mirrors.
function readChunk(fields: Fields, type: number, value: Buffer): void {
  switch (type) {
    case HepChunk.IP_FAMILY: return setOnce(fields, 'ipFamily', type, readUint(type, value, 1));
    case HepChunk.IP_PROTOCOL: return setOnce(fields, 'ipProtocol', type, readUint(type, value, 1));
    case HepChunk.IPV4_SOURCE: return setOnce(fields, 'source', type, readAddress(type, value, 4));
    case HepChunk.IPV4_DESTINATION: return setOnce(fields, 'destination', type, readAddress(type, value, 4));
    case HepChunk.IPV6_SOURCE: return setOnce(fields, 'source', type, readAddress(type, value, 16));
    case HepChunk.IPV6_DESTINATION: return setOnce(fields, 'destination', type, readAddress(type, value, 16));
    case HepChunk.SOURCE_PORT: return setOnce(fields, 'sourcePort', type, readUint(type, value, 2));
    case HepChunk.DESTINATION_PORT: return setOnce(fields, 'destinationPort', type, readUint(type, value, 2));
    case HepChunk.TIME_SECONDS: return setOnce(fields, 'seconds', type, readUint(type, value, 4));
    case HepChunk.TIME_MICROSECONDS: return setOnce(fields, 'microseconds', type, readUint(type, value, 4));
    case HepChunk.PROTOCOL_TYPE: return setOnce(fields, 'protocolType', type, readUint(type, value, 1));
    // Capture ids are 32 bits in HEP3; some old agents sent 16.
    case HepChunk.CAPTURE_ID: return setOnce(fields, 'captureId', type, readUint(type, value, value.length === 2 ? 2 : 4));
    case HepChunk.AUTH_KEY: return setOnce(fields, 'authKey', type, readText(type, value));
    case HepChunk.CORRELATION_ID: return setOnce(fields, 'correlationId', type, readText(type, value));
    case HepChunk.PAYLOAD: return setOnce(fields, 'payload', type, value);
    case HepChunk.COMPRESSED_PAYLOAD:
      throw new HepError('HEP_COMPRESSED_PAYLOAD', 'compressed HEP payloads are not supported; disable compression at the sender');
    default: // keep-alive, VLAN, MAC, node name…: not needed here
  }
}

function setOnce<K extends keyof Fields>(fields: Fields, key: K, type: number, value: Fields[K]): void {
  if (fields[key] !== undefined) throw new HepError('HEP_BAD_CHUNK', `chunk ${type} appears twice`);
  fields[key] = value;
}

function readUint(type: number, value: Buffer, bytes: 1 | 2 | 4): number {
  if (value.length !== bytes) throw new HepError('HEP_BAD_CHUNK', `chunk ${type} must hold ${bytes} byte(s), has ${value.length}`);
  return bytes === 1 ? value.readUInt8(0) : bytes === 2 ? value.readUInt16BE(0) : value.readUInt32BE(0);
}

function readAddress(type: number, value: Buffer, bytes: 4 | 16): string {
  if (value.length !== bytes) throw new HepError('HEP_BAD_CHUNK', `address chunk ${type} must hold ${bytes} bytes, has ${value.length}`);
  return bytes === 4 ? formatIPv4(value) : formatIPv6(value);
}

function readText(type: number, value: Buffer): string {
  if (value.length > MAX_TEXT_CHUNK_BYTES) throw new HepError('HEP_BAD_CHUNK', `text chunk ${type} exceeds ${MAX_TEXT_CHUNK_BYTES} bytes`);
  return value.toString('latin1');
}

function assemble(fields: Fields): HepPacket {
  const missing = (name: string): never => {
    throw new HepError('HEP_MISSING_CHUNK', `HEP packet lacks its ${name} chunk`);
  };
  const family = fields.ipFamily ?? missing('IP family');
  if (family !== AF_INET && family !== AF_INET6) throw new HepError('HEP_BAD_CHUNK', `unknown IP family ${family}`);
  const ipFamily = family === AF_INET ? 'IPv4' : 'IPv6';
  const source = fields.source ?? missing('source address');
  const destination = fields.destination ?? missing('destination address');
  if (source.includes(':') !== (ipFamily === 'IPv6') || destination.includes(':') !== (ipFamily === 'IPv6')) {
    throw new HepError('HEP_BAD_CHUNK', `addresses do not match IP family ${ipFamily}`);
  }
  const timestamp =
    fields.seconds === undefined ? undefined : { seconds: fields.seconds, microseconds: fields.microseconds ?? 0 };
  return {
    ipFamily,
    ipProtocol: fields.ipProtocol ?? missing('IP protocol'),
    source: { address: source, port: fields.sourcePort ?? missing('source port') },
    destination: { address: destination, port: fields.destinationPort ?? missing('destination port') },
    ...(timestamp && { timestamp }),
    protocolType: fields.protocolType ?? missing('protocol type'),
    ...(fields.captureId !== undefined && { captureId: fields.captureId }),
    ...(fields.authKey !== undefined && { authKey: fields.authKey }),
    ...(fields.correlationId !== undefined && { correlationId: fields.correlationId }),
    payload: fields.payload ?? missing('payload'),
  };
}

export interface HepPacketInput {
  readonly source: HepEndpoint;
  readonly destination: HepEndpoint;
  readonly payload: string | Uint8Array;
  readonly ipProtocol?: number;
  readonly timestamp?: { readonly seconds: number; readonly microseconds: number };
  readonly protocolType?: number;
  readonly captureId?: number;
  readonly authKey?: string;
  readonly correlationId?: string;
}

/**
 * Builds a HEP3 packet with the chunks Asterisk's res_hep sends, in its order. The family follows the
 * addresses (both must be of one family).
 */
export function encodeHep3(input: HepPacketInput): Buffer {
  const v6 = input.source.address.includes(':');
  const chunks: Buffer[] = [];
  const add = (type: number, value: Uint8Array) => {
    const header = Buffer.alloc(CHUNK_HEADER_BYTES);
    header.writeUInt16BE(0, 0);
    header.writeUInt16BE(type, 2);
    header.writeUInt16BE(CHUNK_HEADER_BYTES + value.length, 4);
    chunks.push(header, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  };
  const uint = (bytes: 1 | 2 | 4, n: number) => {
    const value = Buffer.alloc(bytes);
    value.writeUIntBE(n, 0, bytes);
    return value;
  };
  const time = input.timestamp ?? { seconds: 0, microseconds: 0 };
  add(HepChunk.IP_FAMILY, uint(1, v6 ? AF_INET6 : AF_INET));
  add(HepChunk.IP_PROTOCOL, uint(1, input.ipProtocol ?? 17));
  add(v6 ? HepChunk.IPV6_SOURCE : HepChunk.IPV4_SOURCE, v6 ? parseIPv6(input.source.address) : parseIPv4(input.source.address));
  add(
    v6 ? HepChunk.IPV6_DESTINATION : HepChunk.IPV4_DESTINATION,
    v6 ? parseIPv6(input.destination.address) : parseIPv4(input.destination.address),
  );
  add(HepChunk.SOURCE_PORT, uint(2, input.source.port));
  add(HepChunk.DESTINATION_PORT, uint(2, input.destination.port));
  add(HepChunk.TIME_SECONDS, uint(4, time.seconds));
  add(HepChunk.TIME_MICROSECONDS, uint(4, time.microseconds));
  add(HepChunk.PROTOCOL_TYPE, uint(1, input.protocolType ?? HepProtocolType.SIP));
  add(HepChunk.CAPTURE_ID, uint(4, input.captureId ?? 0));
  if (input.authKey !== undefined) add(HepChunk.AUTH_KEY, Buffer.from(input.authKey, 'latin1'));
  if (input.correlationId !== undefined) add(HepChunk.CORRELATION_ID, Buffer.from(input.correlationId, 'latin1'));
  add(HepChunk.PAYLOAD, typeof input.payload === 'string' ? Buffer.from(input.payload, 'utf8') : input.payload);

  const body = Buffer.concat(chunks);
  const total = HEADER_BYTES + body.length;
  if (total > 0xffff) throw new RangeError(`HEP packet of ${total} bytes does not fit the 16-bit length field`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(HEP3_MAGIC, 0);
  header.writeUInt16BE(total, 4);
  return Buffer.concat([header, body]);
}
