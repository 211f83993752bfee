import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContactStatus, decodeFullyBooted, decodeRegistry, isContactPresent } from '../../src/ami/events.js';
import { AmiMessage } from '../../src/ami/message.js';

const message = (fields: Record<string, string>) => new AmiMessage(Object.entries(fields));

test('ContactStatus: every status but Removed means present, including the pre-2017 Created', () => {
  for (const status of ['NonQualified', 'Created', 'Reachable', 'Unreachable']) {
    assert.equal(decodeContactStatus(message({ Event: 'ContactStatus', URI: 'sip:5001@h', ContactStatus: status, AOR: '5001' }))?.present, true, status);
  }
  assert.equal(decodeContactStatus(message({ Event: 'ContactStatus', URI: 'sip:5001@h', ContactStatus: 'Removed', AOR: '5001' }))?.present, false);
  assert.equal(decodeContactStatus(message({ Event: 'ContactStatus', ContactStatus: 'Removed', AOR: '5001' })), undefined, 'no URI');
  assert.equal(decodeContactStatus(message({ Event: 'PeerStatus', Peer: 'PJSIP/5001' })), undefined);
});

test('ContactStatus fails closed: a value Asterisk does not send is ignored, never a browser', () => {
  for (const status of ['Bogus', '', 'removed', 'NonQualified ', 'Reachable\u0000']) {
    assert.equal(decodeContactStatus(message({ Event: 'ContactStatus', URI: 'sip:5001@h', ContactStatus: status, AOR: '5001' })), undefined, JSON.stringify(status));
  }
  assert.equal(isContactPresent('Bogus'), undefined);
  assert.equal(isContactPresent('Unknown'), true, 'qualify has not run yet: the contact is there');
  assert.equal(isContactPresent('Removed'), false);
});

test('Registry: PJSIP only, known statuses only, with the cause when given', () => {
  assert.deepEqual(decodeRegistry(message({ Event: 'Registry', ChannelType: 'PJSIP', Username: 'sip:5001@g', Domain: 'sip:g:5060', Status: 'Rejected', Cause: '403 Forbidden' })), {
    clientUri: 'sip:5001@g',
    serverUri: 'sip:g:5060',
    status: 'Rejected',
    cause: '403 Forbidden',
  });
  assert.equal(decodeRegistry(message({ Event: 'Registry', ChannelType: 'IAX2', Username: 'x', Status: 'Registered' })), undefined);
  assert.equal(decodeRegistry(message({ Event: 'Registry', ChannelType: 'PJSIP', Username: 'x', Status: 'Sideways' })), undefined);
});

test('FullyBooted: Uptime and LastReload as numbers, tolerant of missing fields', () => {
  assert.deepEqual(decodeFullyBooted(message({ Event: 'FullyBooted', Uptime: '0', LastReload: '0' })), { uptime: 0, lastReload: 0 });
  assert.deepEqual(decodeFullyBooted(message({ Event: 'FullyBooted', Status: 'Fully Booted' })), { uptime: undefined, lastReload: undefined });
  assert.deepEqual(decodeFullyBooted(message({ Event: 'FullyBooted', Uptime: 'soon' })), { uptime: undefined, lastReload: undefined });
});
