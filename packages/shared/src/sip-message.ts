// A small, strict reader of SIP messages (RFC 3261 §7): start line, headers (compact names, folded
// lines, repeated headers kept in order), body. Enough to route on and to read headers; not a SIP stack.
// The gateway reads what Asterisk mirrors over HEP with it, the lab what the softphone sends.

/** RFC 3261 §7.3.3 and later RFCs' compact header names. */
const COMPACT_NAMES: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

const MAX_HEADERS = 256;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Why a text is not a SIP message we can read. Stable codes for logs and metrics. */
export type SipParseErrorCode = 'SIP_NOT_SIP' | 'SIP_BAD_START_LINE' | 'SIP_BAD_HEADER' | 'SIP_TOO_MANY_HEADERS';

export class SipParseError extends Error {
  readonly code: SipParseErrorCode;

  constructor(code: SipParseErrorCode, message: string) {
    super(message);
    this.name = 'SipParseError';
    this.code = code;
  }
}

/** Headers in arrival order; lookups are case-insensitive and accept compact names. */
export class SipHeaders {
  readonly #byName = new Map<string, string[]>();

  constructor(readonly list: ReadonlyArray<readonly [name: string, value: string]>) {
    for (const [name, value] of list) {
      const key = canonicalName(name);
      const values = this.#byName.get(key);
      if (values) values.push(value);
      else this.#byName.set(key, [value]);
    }
  }

  /** The first value of a header. */
  get(name: string): string | undefined {
    return this.#byName.get(canonicalName(name))?.[0];
  }

  /** Every header line of that name, in order (values are not split at commas). */
  getAll(name: string): readonly string[] {
    return this.#byName.get(canonicalName(name)) ?? [];
  }

  has(name: string): boolean {
    return this.#byName.has(canonicalName(name));
  }
}

/** `Call-ID`, `call-id` and `i` are the same header: its lower-case long name. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT_NAMES[lower] ?? lower;
}

interface MessageParts {
  readonly headers: SipHeaders;
  readonly body: string;
}

export interface SipRequest extends MessageParts {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
}

export interface SipResponse extends MessageParts {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Parses a SIP message. Line ends may be CRLF or bare LF. Throws `SipParseError`. */
export function parseSipMessage(text: string): SipMessage {
  const headEnd = findHeadEnd(text);
  const head = text.slice(0, headEnd.index);
  const body = headEnd.index < text.length ? text.slice(headEnd.index + headEnd.length) : '';
  const lines = head.split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const headers = new SipHeaders(parseHeaderLines(lines));

  const response = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(startLine);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([^ ]+) ([^ ]+) SIP\/2\.0$/.exec(startLine);
  if (request) {
    const method = request[1] ?? '';
    if (!TOKEN.test(method)) throw new SipParseError('SIP_BAD_START_LINE', `invalid SIP method "${truncate(method)}"`);
    return { kind: 'request', method, uri: request[2] ?? '', headers, body };
  }
  if (!/SIP\/2\.0/.test(startLine)) throw new SipParseError('SIP_NOT_SIP', 'payload is not a SIP/2.0 message');
  throw new SipParseError('SIP_BAD_START_LINE', `malformed SIP start line "${truncate(startLine)}"`);
}

function findHeadEnd(text: string): { index: number; length: number } {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  // No blank line: a message cut after its headers; read what is there.
  const index = text.replace(/\r?\n$/, '').length;
  return { index, length: text.length - index };
}

function parseHeaderLines(lines: string[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      // Folded continuation (RFC 3261 §7.3.1): part of the previous header's value.
      const previous = headers[headers.length - 1];
      if (!previous) throw new SipParseError('SIP_BAD_HEADER', 'message starts with a continuation line');
      previous[1] = `${previous[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) throw new SipParseError('SIP_BAD_HEADER', `malformed header line "${truncate(line)}"`);
    if (headers.length >= MAX_HEADERS) throw new SipParseError('SIP_TOO_MANY_HEADERS', `more than ${MAX_HEADERS} headers`);
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return headers;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
