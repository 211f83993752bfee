import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type SocketType } from 'node:dgram';
import { once } from 'node:events';
import { Registry } from 'prom-client';
import { decodeHep3, encodeHep3 } from '../../src/hep/hep3.js';
import { parsePeerAddress } from '../../src/relay/peer-address.js';
import { RemoteAnswerMetrics } from '../../src/relay/remote-answer-metrics.js';
import { RemoteAnswerRelay } from '../../src/relay/remote-answer-relay.js';
import { UdpSipResponder } from '../../src/relay/sip-responder.js';
import { callShape, notify } from '../sip/fixtures/genesys-flows.js';

async function peer(type: SocketType, host: string) {
  const socket = createSocket(type);
  socket.bind(0, host);
  await once(socket, 'listening');
  return socket;
}

test('sends to IPv4 and IPv6 destinations from ephemeral ports', async (t) => {
  const responder = new UdpSipResponder();
  const v4 = await peer('udp4', '127.0.0.1');
  let v6: Awaited<ReturnType<typeof peer>> | undefined;
  try {
    v6 = await peer('udp6', '::1');
  } catch {
    t.diagnostic('no IPv6 loopback here; IPv6 part skipped');
  }
  try {
    const got4 = once(v4, 'message');
    await responder.send('SIP/2.0 200 OK\r\n\r\n', { transport: 'UDP', host: '127.0.0.1', port: v4.address().port });
    const [data4, from4] = (await got4) as [Buffer, { port: number }];
    assert.equal(data4.toString(), 'SIP/2.0 200 OK\r\n\r\n');
    assert.notEqual(from4.port, 5060);
    if (v6) {
      const got6 = once(v6, 'message');
      await responder.send('SIP/2.0 200 OK\r\n\r\n', { transport: 'UDP', host: '::1', port: v6.address().port });
      assert.equal(((await got6) as [Buffer])[0].toString(), 'SIP/2.0 200 OK\r\n\r\n');
    }
  } finally {
    v4.close();
    v6?.close();
    await responder.close();
  }
});

test('a send that cannot go out rejects', async () => {
  const responder = new UdpSipResponder();
  try {
    // Larger than any UDP datagram: refused locally (EMSGSIZE), nothing leaves the machine.
    await assert.rejects(responder.send('x'.repeat(70_000), { transport: 'UDP', host: '127.0.0.1', port: 9 }));
  } finally {
    await responder.close();
  }
});

test('a 200 OK that cannot be sent is counted as failed; the relay itself stands', async () => {
  const registry = new Registry();
  const sent: string[] = [];
  const relay = new RemoteAnswerRelay(
    { genesysAddresses: [parsePeerAddress('192.0.2.81')], isAgentDn: () => true },
    {
      delegate: { hasBrowser: () => true, sendNotify: async (dn) => void sent.push(dn) },
      responder: { send: async () => Promise.reject(new Error('EHOSTUNREACH')), close: async () => undefined },
      metrics: new RemoteAnswerMetrics(registry),
    },
  );
  const call = callShape();
  await relay.handlePacket(decodeHep3(encodeHep3({ source: call.genesys, destination: call.asterisk, payload: notify(call) })));
  assert.deepEqual(sent, ['1002']);
  assert.match(await registry.metrics(), /wwe_gateway_remote_answer_sip_responses_total\{result="failed"\} 1/);
});
