import { expect } from 'chai';
import { SipParseError, formatSipMessage, parseCSeq, parseNameAddr, parseSipMessage, tagOf } from '../src/sip-message.js';

describe('SIP message codec', () => {
  it('parses a Genesys NOTIFY as relayed, with compact and repeated headers', () => {
    const text = [
      'NOTIFY sip:abc@df7jal23ls0d.invalid;transport=ws SIP/2.0',
      'Via: SIP/2.0/WSS 192.0.2.54;branch=z9hG4bK1',
      'Via: SIP/2.0/UDP 192.0.2.81;branch=z9hG4bK2',
      'f: <sip:5001@192.0.2.54>;tag=x1',
      'To: <sip:5001@192.0.2.54>',
      'i: c1@192.0.2.54',
      'CSeq: 7 NOTIFY',
      'Event: talk',
      'X-Genesys-CallUUID: UIVB8J6JE91C53UIM3VI59VHQ4000015',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const message = parseSipMessage(text);
    expect(message.kind).to.equal('request');
    if (message.kind !== 'request') return;
    expect(message.method).to.equal('NOTIFY');
    expect(message.headers.getAll('via')).to.have.length(2);
    expect(message.headers.get('From')).to.equal('<sip:5001@192.0.2.54>;tag=x1');
    expect(message.headers.get('call-id')).to.equal('c1@192.0.2.54');
    expect(message.headers.get('x-genesys-calluuid')).to.equal('UIVB8J6JE91C53UIM3VI59VHQ4000015');
  });

  it('round-trips a response with a body and computes Content-Length in bytes', () => {
    const text = formatSipMessage('SIP/2.0 200 OK', [['CSeq', '1 INVITE'], ['Content-Length', '999']], 'v=0\r\ns=é\r\n');
    expect(text).to.contain('Content-Length: 11\r\n');
    expect(text).not.to.contain('999');
    const message = parseSipMessage(text);
    expect(message).to.include({ kind: 'response', status: 200, reason: 'OK', body: 'v=0\r\ns=é\r\n' });
  });

  it('rejects garbage with SipParseError', () => {
    expect(() => parseSipMessage('HELLO\r\n\r\n')).to.throw(SipParseError);
    expect(() => parseSipMessage('INVITE sip:a SIP/2.0\r\nno colon here\r\n\r\n')).to.throw(SipParseError);
  });

  it('reads name-addr parts', () => {
    const addr = parseNameAddr('"Agent 5001" <sip:5001@lab.invalid;transport=ws>;tag=abc;expires=600');
    expect(addr).to.include({ displayName: 'Agent 5001', uri: 'sip:5001@lab.invalid;transport=ws', user: '5001' });
    expect(addr.params.get('expires')).to.equal('600');
    expect(tagOf('<sip:a@b>;tag=t1')).to.equal('t1');
    expect(tagOf('sip:a@b')).to.equal(undefined);
    expect(parseCSeq('102 INVITE')).to.deep.equal({ seq: 102, method: 'INVITE' });
  });
});
