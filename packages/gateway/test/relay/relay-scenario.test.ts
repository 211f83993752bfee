import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRelayScenario } from './support/relay-scenario.js';

test('the browser test harness returns the PJSIPNotify for the answered call only', async () => {
  const action = await runRelayScenario({
    dn: '5001',
    ringingCallUuids: ['UIVB8J6JE91C53UIM3VI59VHQ4000A01', 'UIVB8J6JE91C53UIM3VI59VHQ4000B02'],
    answeredCallUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000B02',
  });
  assert.equal(action.endpoint, '5001');
  assert.deepEqual(action.variables, ['Event=talk', 'X-Genesys-CallUUID=UIVB8J6JE91C53UIM3VI59VHQ4000B02']);
  assert.match(action.raw, /^Action: PJSIPNotify\r\nActionID: [^\r\n]+\r\nEndpoint: 5001\r\n/);
});
