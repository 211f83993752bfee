import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { configSchema } from '../../src/config/schema.js';
import { Gateway } from '../../src/gateway.js';
import { encodeHep3 } from '../../src/hep/hep3.js';
import { remoteAnswerExtension } from '../../src/relay/remote-answer-extension.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { freeUdpPort } from '../support/free-udp-port.js';
import { waitFor } from '../support/wait-for.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

const TOKEN = 'relay-extension-token-0123456789';
const HEP_PASSWORD = 'relay-extension-hep-password';

test('the gateway with the relay extension: HEP → PJSIPNotify for a DN whose browser is registered, answer API, /metrics', async () => {
  const sim = new AmiSimulator({ dns: ['5001', '5002'] });
  const amiPort = await sim.start();
  const genesys = createSocket('udp4');
  genesys.bind(0, '127.0.0.1');
  await once(genesys, 'listening');
  const genesysAddress = { address: '127.0.0.1', port: genesys.address().port };
  const hepPort = await freeUdpPort();
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001-5002', unregisterDebounceMs: 20, confirmTimeoutMs: 500 },
    http: { port: 0, token: TOKEN },
    relay: { hep: { port: hepPort, password: HEP_PASSWORD }, genesysAddresses: [`127.0.0.1:${genesysAddress.port}`] },
  });
  const gateway = new Gateway(config, { extensions: [remoteAnswerExtension()] });
  const sender = createSocket('udp4');
  try {
    const { port } = await gateway.start();
    await waitFor('reconciled', () => gateway.sync.ready);
    sim.addContact('5001', wsContactUri('5001', 41000));
    await waitFor('5001 online', () => gateway.sync.hasBrowserContacts('5001'));

    // 5002 has no browser: its NOTIFY is counted, not relayed. 5001's is relayed and answered.
    const offline = callShape({ dn: '5002', genesys: genesysAddress, asterisk: { address: '127.0.0.1', port: 5060 } });
    const online = callShape({ dn: '5001', genesys: genesysAddress, asterisk: { address: '127.0.0.1', port: 5060 } });
    const answered = once(genesys, 'message');
    for (const call of [offline, online]) {
      sender.send(encodeHep3({ source: genesysAddress, destination: { address: '127.0.0.1', port: 5060 }, authKey: HEP_PASSWORD, payload: notify(call) }), hepPort, '127.0.0.1');
    }
    const action = await sim.waitForAction((a) => a.action === 'PJSIPNotify');
    assert.equal(action.get('Endpoint'), '5001');
    assert.deepEqual(action.message.getAll('Variable'), ['Event=talk', `X-Genesys-CallUUID=${online.callUuid}`]);
    const [response] = (await answered) as [Buffer];
    assert.match(response.toString(), new RegExp(`^SIP/2\\.0 200 OK\\r\\nVia: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${genesysAddress.port};branch=${online.branchBase}-150\\r\\n`));

    const post = (dn: string) => fetch(`http://127.0.0.1:${port}/api/dns/${dn}/answer`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal((await post('5001')).status, 200);
    assert.equal((await post('5002')).status, 409);
    assert.equal((await post('7000')).status, 404);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    assert.match(metrics, /wwe_gateway_remote_answer_requests_total\{source="hep",event="talk",outcome="relayed"\} 1/);
    assert.match(metrics, /wwe_gateway_remote_answer_requests_total\{source="hep",event="talk",outcome="no_browser"\} 1/);
    assert.match(metrics, /wwe_gateway_remote_answer_sip_responses_total\{result="sent"\} 1/);
    assert.equal(sim.actionsNamed('PJSIPNotify').length, 2);
  } finally {
    sender.close();
    genesys.close();
    await gateway.stop();
    await sim.stop();
  }
});

test('relay.enabled=false starts no listener', async () => {
  const sim = new AmiSimulator({ dns: ['5001'] });
  const amiPort = await sim.start();
  const hepPort = await freeUdpPort();
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001' },
    http: { port: 0 },
    relay: { enabled: false, hep: { port: hepPort } },
  });
  const gateway = new Gateway(config, { extensions: [remoteAnswerExtension()] });
  try {
    await gateway.start();
    const probe = createSocket('udp4');
    probe.bind(hepPort, '127.0.0.1'); // would fail with EADDRINUSE if the relay had bound it
    await once(probe, 'listening');
    probe.close();
  } finally {
    await gateway.stop();
    await sim.stop();
  }
});
