import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistrationNames, validateRegistrationTemplate } from '../../src/registration-sync/registration-names.js';

test('maps registration names back to DNs through the template', () => {
  const match = (name: string) => new RegistrationNames('genesys_reg_{dn}').dnOfName(name);
  assert.equal(match('genesys_reg_5001'), '5001');
  assert.equal(match('genesys_reg_50x1'), undefined);
  assert.equal(new RegistrationNames('reg.{dn}.gen').dnOfName('reg.42.gen'), '42');
  assert.equal(new RegistrationNames('reg.{dn}.gen').dnOfName('regX42.gen'), undefined);
});

test('registration templates must contain {dn} and only safe characters', () => {
  assert.equal(validateRegistrationTemplate('genesys_reg_{dn}'), undefined);
  assert.match(validateRegistrationTemplate('genesys_reg') ?? '', /\{dn\}/);
  assert.match(validateRegistrationTemplate('reg {dn}') ?? '', /only/);
});

test('what the generator writes, registration sync reads back: name and client URI both lead to the DN', () => {
  const names = new RegistrationNames('wwe.{dn}.reg', (dn) => dn.startsWith('50'));
  const name = names.nameOf('5001');
  assert.equal(name, 'wwe.5001.reg');
  assert.equal(names.dnOfName(name), '5001');
  assert.equal(names.dnOfClientUri(names.clientUriOf('5001', '10.20.0.7')), '5001');
  assert.equal(names.dnOfClientUri(names.clientUriOf('6001', '10.20.0.7')), undefined, 'not one of ours');
});

test('a client URI Asterisk lists for a DN is learnt, whatever its form', () => {
  const names = new RegistrationNames(undefined, (dn) => /^\d+$/.test(dn));
  assert.equal(names.dnOfClientUri('sip:agent-one@genesys.example'), undefined);
  names.learnClientUri('5001', 'sip:agent-one@genesys.example');
  assert.equal(names.dnOfClientUri('sip:agent-one@genesys.example'), '5001');
  assert.equal(names.dnOfClientUri('sips:5002@genesys.example;transport=tls'), '5002');
  assert.equal(names.dnOfClientUri('sip:5001\r\nX@h'), undefined);
});
