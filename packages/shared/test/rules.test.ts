import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCallTarget } from '../src/call-target.js';
import { isGenesysCallUuid, readGenesysCallUuid } from '../src/genesys-call-uuid.js';

test('a Genesys call UUID: letters, digits and a few separators, starting alphanumeric, at most 128', () => {
  for (const good of ['UIVB8J6JE91C53UIM3VI59VHQ4000015', '00F057C8-F0E0-1E01-A1D1-0A0A0A0A0A0A', 'a.b_c:d@e+f-g', 'X'.repeat(128)]) {
    assert.equal(isGenesysCallUuid(good), true, good);
  }
  for (const bad of ['', ' UUID', '-UUID', 'a b', 'X'.repeat(129), 'UUID\r\nAction: Command', '<script>', 'UUID;tag=1', 'a,b']) {
    assert.equal(isGenesysCallUuid(bad), false, JSON.stringify(bad));
  }
});

test('reading a header value trims it, and anything else is no UUID', () => {
  assert.equal(readGenesysCallUuid(' UIVB8J6JE91C53UIM3VI59VHQ4000015 '), 'UIVB8J6JE91C53UIM3VI59VHQ4000015');
  for (const bad of [undefined, null, '', '   ', 'a b', 'UUID\r\nAction: Command']) {
    assert.equal(readGenesysCallUuid(bad), undefined);
  }
});

test('a call target: a number or extension, or a sip: URI that cannot break a header', () => {
  for (const good of ['1003', '+4930123456', '*72#', 'agent.5001', 'sip:1003@pbx.example.com', 'sips:1003@pbx.example.com;transport=tls']) {
    assert.equal(isCallTarget(good), true, good);
  }
  for (const bad of ['', '1003 ', '1003\r\nBYE', 'sip:a b@c', 'sip:<x>', 'sip:"x"', 'http://x', 'a'.repeat(65), `sip:${'a'.repeat(201)}`, 5001, undefined]) {
    assert.equal(isCallTarget(bad), false, JSON.stringify(bad));
  }
});
