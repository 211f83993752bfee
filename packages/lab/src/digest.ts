import JsSIP from 'jssip';
import type { SipRequest } from './sip-message.js';
import { randomToken } from './sip-message.js';

const md5 = (text: string): string => JsSIP.Utils.calculateMD5(text);

/** Parses `Digest a="b", c=d` into a map. */
export function parseDigest(header: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  if (!header?.trim().toLowerCase().startsWith('digest ')) return params;
  const re = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g;
  for (const match of header.slice(7).matchAll(re)) params.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? '');
  return params;
}

/** RFC 2617 digest with qop=auth, as Asterisk's PJSIP challenges (MD5). */
export class DigestRealm {
  readonly realm: string;
  readonly #nonces = new Set<string>();

  constructor(realm: string) {
    this.realm = realm;
  }

  challenge(): string {
    const nonce = randomToken(24);
    this.#nonces.add(nonce);
    return `Digest realm="${this.realm}",nonce="${nonce}",opaque="${randomToken(12)}",algorithm=MD5,qop="auth"`;
  }

  /** The authenticated user name when `request` carries a valid Authorization for `password(user)`. */
  verify(request: SipRequest, password: (user: string) => string | undefined): string | undefined {
    const auth = parseDigest(request.headers.get('Authorization') ?? request.headers.get('Proxy-Authorization'));
    const user = auth.get('username');
    const nonce = auth.get('nonce');
    if (!user || !nonce || !this.#nonces.has(nonce) || auth.get('realm') !== this.realm) return undefined;
    const secret = password(user);
    if (secret === undefined) return undefined;
    const ha1 = md5(`${user}:${this.realm}:${secret}`);
    const ha2 = md5(`${request.method}:${auth.get('uri') ?? ''}`);
    const expected =
      auth.get('qop') === 'auth'
        ? md5(`${ha1}:${nonce}:${auth.get('nc') ?? ''}:${auth.get('cnonce') ?? ''}:auth:${ha2}`)
        : md5(`${ha1}:${nonce}:${ha2}`);
    return expected === auth.get('response') ? user : undefined;
  }
}
