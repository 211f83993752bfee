/** A SIP message as text on the wire, parsed just enough to route and answer it. */
export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Compact header forms (RFC 3261 §7.3.3) → full names. */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
};

/** Header values by lower-case name, in arrival order. */
export class SipHeaders {
  readonly #values = new Map<string, string[]>();

  static from(entries: Iterable<[string, string]>): SipHeaders {
    const headers = new SipHeaders();
    for (const [name, value] of entries) headers.add(name, value);
    return headers;
  }

  add(name: string, value: string): void {
    const key = normalize(name);
    const list = this.#values.get(key) ?? [];
    list.push(value);
    this.#values.set(key, list);
  }

  get(name: string): string | undefined {
    return this.#values.get(normalize(name))?.[0];
  }

  all(name: string): readonly string[] {
    return this.#values.get(normalize(name)) ?? [];
  }

  has(name: string): boolean {
    return this.#values.has(normalize(name));
  }
}

function normalize(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

export class SipParseError extends Error {
  readonly code = 'SIP_PARSE_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'SipParseError';
  }
}

/** Parses one SIP message (one WebSocket frame). Throws `SipParseError` on garbage. */
export function parseSipMessage(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new SipHeaders();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError(`Malformed header line: ${line.slice(0, 60)}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    // Via and Contact may carry several comma-separated values on one line; the lab only needs the first.
    headers.add(name, value);
  }
  const response = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(startLine);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (request) return { kind: 'request', method: request[1] ?? '', uri: request[2] ?? '', headers, body };
  throw new SipParseError(`Not a SIP start line: ${startLine.slice(0, 60)}`);
}

/** Serialises a message; Content-Length is computed from the body (UTF-8 bytes). */
export function formatSipMessage(startLine: string, headers: readonly (readonly [string, string])[], body = ''): string {
  const lines = [startLine, ...headers.filter(([name]) => name.toLowerCase() !== 'content-length').map(([n, v]) => `${n}: ${v}`)];
  lines.push(`Content-Length: ${new TextEncoder().encode(body).length}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** `"Name" <sip:user@host;p>;tag=x` → its parts. */
export interface NameAddr {
  readonly displayName: string | undefined;
  readonly uri: string;
  readonly user: string | undefined;
  readonly params: ReadonlyMap<string, string>;
}

export function parseNameAddr(value: string): NameAddr {
  const match = /^\s*(?:"([^"]*)"|([^<"]*?))?\s*<([^>]*)>(.*)$/.exec(value);
  const uri = match ? (match[3] ?? '') : (value.split(';')[0] ?? '').trim();
  const paramText = match ? (match[4] ?? '') : value.slice(uri.length);
  const params = new Map<string, string>();
  for (const part of paramText.split(';')) {
    const [name, ...rest] = part.split('=');
    if (name?.trim()) params.set(name.trim().toLowerCase(), rest.join('=').trim());
  }
  const displayName = match ? (match[1] ?? (match[2]?.trim() || undefined)) : undefined;
  return { displayName, uri, user: /^sips?:([^@;>]+)@/.exec(uri)?.[1], params };
}

export function tagOf(value: string | undefined): string | undefined {
  return value ? parseNameAddr(value).params.get('tag') : undefined;
}

/** `CSeq: 102 INVITE` → { seq, method }. */
export function parseCSeq(value: string | undefined): { seq: number; method: string } {
  const [seq = '0', method = ''] = (value ?? '').trim().split(/\s+/);
  return { seq: Number(seq), method };
}

export function randomToken(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
