// Readers for the structured header values the relay needs: name-addr (From/To), Via, CSeq.
import { SipError } from './sip-error.js';

export type SipParams = ReadonlyMap<string, string | true>;

export interface NameAddress {
  readonly uri: string;
  /** User part of a sip:/sips: URI (without password), or undefined. Left escaped on purpose. */
  readonly user: string | undefined;
  readonly tag: string | undefined;
  readonly params: SipParams;
}

export interface Via {
  /** `UDP`, `TCP`, `TLS`, `WS`, `WSS`… upper-cased. */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly branch: string | undefined;
  readonly params: SipParams;
}

export interface CSeq {
  readonly sequence: number;
  readonly method: string;
}

/** Splits at `sep` outside double quotes and angle brackets. */
export function splitOutside(value: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (quoted) {
      if (char === '\\') i += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '<') depth += 1;
    else if (char === '>') depth = Math.max(0, depth - 1);
    else if (char === sep && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** `;name=value;flag` → map with lower-cased names; quoted values lose their quotes. */
export function parseParams(text: string): SipParams {
  const params = new Map<string, string | true>();
  for (const part of splitOutside(text, ';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) {
      params.set(trimmed.toLowerCase(), true);
      continue;
    }
    const raw = trimmed.slice(eq + 1).trim();
    const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    params.set(trimmed.slice(0, eq).trim().toLowerCase(), value);
  }
  return params;
}

/**
 * From/To/Contact value: `"Name" <sip:u@h;uri-param>;tag=x` or a bare `sip:u@h;tag=x` (where every
 * `;param` belongs to the header, RFC 3261 §20.10).
 */
export function parseNameAddress(value: string): NameAddress {
  let uri: string;
  let paramText: string;
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    if (close < 0) throw new SipError('SIP_BAD_ADDRESS', 'address has "<" without ">"');
    uri = value.slice(open + 1, close).trim();
    paramText = value.slice(close + 1);
  } else {
    const semi = value.indexOf(';');
    uri = (semi < 0 ? value : value.slice(0, semi)).trim();
    paramText = semi < 0 ? '' : value.slice(semi);
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) throw new SipError('SIP_BAD_ADDRESS', 'address has no valid URI');
  const params = parseParams(paramText);
  const tag = params.get('tag');
  return { uri, user: uriUser(uri), tag: typeof tag === 'string' && tag !== '' ? tag : undefined, params };
}

/** The user part of a sip:/sips: URI, or undefined. */
export function uriUser(uri: string): string | undefined {
  const match = /^sips?:([^@;?>]+)@/i.exec(uri);
  if (!match?.[1]) return undefined;
  const user = match[1];
  const colon = user.indexOf(':');
  return colon < 0 ? user : user.slice(0, colon);
}

/** Every Via value of a message, top first, splitting comma-joined values. */
export function parseVias(headerValues: readonly string[]): Via[] {
  const vias: Via[] = [];
  for (const line of headerValues) for (const value of splitOutside(line, ',')) vias.push(parseVia(value));
  return vias;
}

export function parseVia(value: string): Via {
  const match = /^\s*SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9-]+)\s+([^;\s]+)\s*(;.*)?$/i.exec(value);
  if (!match) throw new SipError('SIP_BAD_VIA', `malformed Via "${value.trim().slice(0, 80)}"`);
  const sentBy = match[2] ?? '';
  const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(sentBy);
  if (!hostPort) throw new SipError('SIP_BAD_VIA', `malformed Via sent-by "${sentBy}"`);
  const host = (hostPort[1] ?? '').replace(/^\[|\]$/g, '');
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new SipError('SIP_BAD_VIA', `Via port ${port} out of range`);
  const params = parseParams(match[3] ?? '');
  const branch = params.get('branch');
  return {
    transport: (match[1] ?? '').toUpperCase(),
    host,
    port,
    branch: typeof branch === 'string' ? branch : undefined,
    params,
  };
}

export function parseCSeq(value: string): CSeq {
  const match = /^\s*(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)\s*$/.exec(value);
  const sequence = Number(match?.[1]);
  if (!match || sequence > 2 ** 31 - 1) throw new SipError('SIP_BAD_CSEQ', `malformed CSeq "${value.slice(0, 40)}"`);
  return { sequence, method: match[2] ?? '' };
}
