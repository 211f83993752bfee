// SIP text as the lab writes it, and the few header values it reads. Messages are read by the shared
// strict reader (@wwe-webrtc/shared), the gateway's too.
export { SipHeaders, SipParseError, parseSipMessage, type SipMessage, type SipRequest, type SipResponse } from '@wwe-webrtc/shared';

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
