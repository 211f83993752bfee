import { expect } from 'chai';
import { BRIDGE_PROTOCOL, BRIDGE_VERSION, parseCommand, parseWidgetMessage } from '../../src/bridge/protocol.js';
import { normalizeOrigin, parseOriginList } from '../../src/bridge/transport.js';

const command = (type: string, payload: unknown = {}, extra: Record<string, unknown> = {}) => ({
  protocol: BRIDGE_PROTOCOL,
  version: BRIDGE_VERSION,
  type,
  id: 'req-1',
  payload,
  ...extra,
});

describe('bridge protocol', () => {
  it('leaves other traffic on the page alone', () => {
    for (const data of [null, 'hello', 42, [], { type: 'answer' }, { protocol: 'genesys', type: 'answer', id: 'x' }]) {
      expect(parseCommand(data).kind, JSON.stringify(data)).to.equal('foreign');
    }
  });

  it('accepts every command with a well-formed payload', () => {
    const valid: Array<[string, unknown]> = [
      ['hello', {}],
      ['getState', undefined],
      ['configure', { server: 'wss://pbx.example.com/ws', dn: '5001', password: 's', autoAnswer: true }],
      ['configure', { gatewayUrl: 'https://gateway.example.com', gatewayToken: 'presence-token' }],
      ['connect', {}],
      ['disconnect', {}],
      ['takeover', {}],
      ['answer', { callId: 'c1' }],
      ['hangup', {}],
      ['hold', { hold: false }],
      ['mute', { muted: true }],
      ['dial', { target: 'sip:1003@example.com' }],
      ['dtmf', { tones: '12#*A' }],
      ['transfer', { target: '5002' }],
      ['transfer', { target: 'sip:5002@example.com', callId: 'c1' }],
      ['setAutoAnswer', { enabled: false }],
    ];
    for (const [type, payload] of valid) {
      const parsed = parseCommand(command(type, payload));
      expect(parsed.kind, type).to.equal('valid');
    }
  });

  it('names the problem of a malformed message and keeps its id for the reply', () => {
    const cases: Array<[unknown, string, string | null]> = [
      [command('answer', {}, { id: '' }), 'MALFORMED_MESSAGE', null],
      [command('answer', {}, { id: 'x'.repeat(65) }), 'MALFORMED_MESSAGE', null],
      [command('answer', {}, { version: 2 }), 'UNSUPPORTED_VERSION', 'req-1'],
      [command('answer', 'now'), 'MALFORMED_MESSAGE', 'req-1'],
      [command(''), 'MALFORMED_MESSAGE', 'req-1'],
      [command('format-disk'), 'UNKNOWN_TYPE', 'req-1'],
      [command('__proto__'), 'UNKNOWN_TYPE', 'req-1'],
      [command('dial', {}), 'INVALID_PAYLOAD', 'req-1'],
      [command('dial', { target: '5001\r\nAction: Command' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('dtmf', { tones: '12<script>' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('transfer', {}), 'INVALID_PAYLOAD', 'req-1'],
      [command('transfer', { target: '5002\r\nBYE' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('transfer', { target: '<sip:5002@example.com>' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('transfer', { target: '5002', callId: 7 }), 'INVALID_PAYLOAD', 'req-1'],
      [command('setAutoAnswer', { enabled: 'yes' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('configure', { dn: 5001 }), 'INVALID_PAYLOAD', 'req-1'],
      [command('configure', { gatewayToken: 42 }), 'INVALID_PAYLOAD', 'req-1'],
      [command('configure', { gatewayTurn: 'yes' }), 'INVALID_PAYLOAD', 'req-1'],
      [command('configure', { password: 'a'.repeat(3000) }), 'INVALID_PAYLOAD', 'req-1'],
    ];
    for (const [data, code, id] of cases) {
      const parsed = parseCommand(data);
      expect(parsed.kind, JSON.stringify(data).slice(0, 80)).to.equal('invalid');
      if (parsed.kind !== 'invalid') continue;
      expect(parsed.error.code).to.equal(code);
      expect(parsed.id).to.equal(id);
      expect(parsed.error.message.length).to.be.greaterThan(0);
    }
  });

  it('checks replies and events from the widget', () => {
    const reply = (payload: unknown) => command('reply', payload);
    expect(parseWidgetMessage(reply({ ok: true, result: 1 })).kind).to.equal('valid');
    expect(parseWidgetMessage(reply({ ok: false, error: { code: 'X', message: 'm' } })).kind).to.equal('valid');
    expect(parseWidgetMessage(reply({ ok: false })).kind).to.equal('invalid');
    expect(parseWidgetMessage(command('incoming', { id: 'c1' })).kind).to.equal('valid');
    expect(parseWidgetMessage(command('quality-warning', { call: { id: 'c1' }, warning: { name: 'low-mos', state: 'raised' } })).kind).to.equal('valid');
    expect(parseWidgetMessage(command('hijack')).kind).to.equal('invalid');
  });
});

describe('origin allow-list', () => {
  it('normalises exact origins', () => {
    expect(normalizeOrigin('https://wwe.example.com/')).to.equal('https://wwe.example.com');
    expect(normalizeOrigin('HTTPS://WWE.example.com:443')).to.equal('https://wwe.example.com');
    expect(normalizeOrigin('http://localhost:8080')).to.equal('http://localhost:8080');
    expect(parseOriginList(' https://a.example.com, https://b.example.com ')).to.deep.equal([
      'https://a.example.com',
      'https://b.example.com',
    ]);
  });

  it('refuses wildcards, opaque origins, paths and other schemes with a typed error', () => {
    for (const value of ['*', 'null', '', 'https://*.example.com', 'https://wwe.example.com/app', 'javascript:alert(1)', 'file:///etc', 'https://u:p@wwe.example.com', 'wwe.example.com']) {
      expect(() => normalizeOrigin(value), value).to.throw().with.property('code', 'INVALID_ORIGIN');
    }
  });
});
