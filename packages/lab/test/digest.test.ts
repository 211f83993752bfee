import { expect } from 'chai';
import JsSIP from 'jssip';
import { DigestRealm, parseDigest } from '../src/digest.js';
import { SipHeaders } from '../src/sip-message.js';
import type { SipRequest } from '../src/sip-message.js';

const md5 = (text: string) => JsSIP.Utils.calculateMD5(text);

function register(authorization: string): SipRequest {
  return { kind: 'request', method: 'REGISTER', uri: 'sip:lab.invalid', headers: new SipHeaders([['Authorization', authorization]]), body: '' };
}

describe('DigestRealm', () => {
  it('accepts a qop=auth response computed from the password (RFC 2617)', () => {
    const realm = new DigestRealm('asterisk');
    const nonce = parseDigest(realm.challenge()).get('nonce')!;
    const ha1 = md5('5001:asterisk:s3cret');
    const ha2 = md5('REGISTER:sip:lab.invalid');
    const response = md5(`${ha1}:${nonce}:00000001:abc:auth:${ha2}`);
    const header = `Digest username="5001", realm="asterisk", nonce="${nonce}", uri="sip:lab.invalid", response="${response}", qop=auth, nc=00000001, cnonce="abc", algorithm=MD5`;
    expect(realm.verify(register(header), () => 's3cret')).to.equal('5001');
    expect(realm.verify(register(header), () => 'wrong')).to.equal(undefined);
  });

  it('refuses nonces it never issued and unknown users', () => {
    const realm = new DigestRealm('asterisk');
    const header = 'Digest username="5001", realm="asterisk", nonce="forged", uri="sip:lab.invalid", response="00"';
    expect(realm.verify(register(header), () => 's3cret')).to.equal(undefined);
    const nonce = parseDigest(realm.challenge()).get('nonce')!;
    expect(realm.verify(register(`Digest username="9999", realm="asterisk", nonce="${nonce}", response="00"`), () => undefined)).to.equal(undefined);
  });
});
