import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Registry } from 'prom-client';
import { AmiClient } from '../../src/ami/client.js';
import { encodeHep3 } from '../../src/hep/hep3.js';
import { GatewayHttpServer } from '../../src/http/server.js';
import { RemoteAnswerService } from '../../src/relay/remote-answer-service.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

test('wired service: HEP in → PJSIPNotify, the HTTP answer route, metrics on the shared registry', async () => {
  const sim = new AmiSimulator({ dns: ['5001'] });
  await sim.start();
  const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
  await client.start();
  const registry = new Registry();
  const http = new GatewayHttpServer({ port: 0, token: 'service-test-token-0123456789' });
  const service = await RemoteAnswerService.start(
    { hep: { port: 0, password: 'service-test-hep' }, genesysAddresses: ['192.0.2.81'], notifyResponder: false },
    { client, directory: { hasBrowserContacts: (dn) => dn === '5001', isManaged: (dn) => dn === '5001' }, registry, router: http.router },
  );
  const { port: httpPort } = await http.start();
  const sender = createSocket('udp4');
  try {
    const call = callShape({ dn: '5001' });
    const packet = encodeHep3({ source: call.genesys, destination: call.asterisk, authKey: 'service-test-hep', payload: notify(call) });
    sender.send(packet, service.listener.address().port, '127.0.0.1');
    const viaHep = await sim.waitForAction((a) => a.action === 'PJSIPNotify');
    assert.deepEqual(viaHep.message.getAll('Variable'), ['Event=talk', `X-Genesys-CallUUID=${call.callUuid}`]);

    const response = await fetch(`http://127.0.0.1:${httpPort}/api/dns/5001/answer`, {
      method: 'POST',
      headers: { authorization: 'Bearer service-test-token-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ callUuid: 'CTI0000000000000000000000000001' }),
    });
    assert.equal(response.status, 200);
    assert.equal(sim.actionsNamed('PJSIPNotify').length, 2);
    const text = await registry.metrics();
    assert.match(text, /wwe_gateway_remote_answer_requests_total\{source="hep",event="talk",outcome="relayed"\} 1/);
    assert.match(text, /wwe_gateway_remote_answer_requests_total\{source="http",event="talk",outcome="relayed"\} 1/);
  } finally {
    sender.close();
    await service.stop();
    await http.stop();
    await client.stop(50);
    await sim.stop();
  }
});

test('refuses addresses that are not IP literals', async () => {
  await assert.rejects(
    RemoteAnswerService.start(
      { hep: { port: 0 }, genesysAddresses: ['sipserver.example.com'] },
      { client: {} as AmiClient, directory: { hasBrowserContacts: () => false, isManaged: () => false } },
    ),
    TypeError,
  );
});
