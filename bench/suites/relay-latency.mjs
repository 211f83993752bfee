// Remote-answer relay hop: a HEP3 packet carrying Genesys' NOTIFY leaves "Asterisk" → the gateway's
// HepListener decodes it, parses the SIP, decides, checks the DN has a browser and writes
// `PJSIPNotify` on its AMI connection → the AMI peer has the whole frame. Timed from the UDP send to
// the frame's arrival, one packet at a time, in the same process (one clock).
// Baseline, same run and path: a UDP socket receives the same datagram and writes it unchanged to a
// TCP socket (no parsing, no logic) — what the two socket hops alone cost on this machine.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { summarize, against, outFile } from '../stats.mjs';
import { AmiClient } from '../../packages/gateway/src/ami/client.ts';
import { encodeHep3 } from '../../packages/gateway/src/hep/hep3.ts';
import { HepListener } from '../../packages/gateway/src/hep/hep-listener.ts';
import { amiRemoteAnswerDelegate } from '../../packages/gateway/src/relay/ami-ports.ts';
import { parsePeerAddress } from '../../packages/gateway/src/relay/peer-address.ts';
import { RemoteAnswerMetrics } from '../../packages/gateway/src/relay/remote-answer-metrics.ts';
import { RemoteAnswerRelay } from '../../packages/gateway/src/relay/remote-answer-relay.ts';
import { UdpSipResponder } from '../../packages/gateway/src/relay/sip-responder.ts';
import { AmiSimulator } from '../../packages/gateway/test/support/ami-simulator.ts';
import { callShape, invite, notify } from '../../packages/gateway/test/sip/fixtures/genesys-flows.ts';

// prom-client is the gateway's dependency, not the workspace root's.
const { Registry } = createRequire(new URL('../../packages/gateway/package.json', import.meta.url))('prom-client');

const out = outFile();
const ROUNDS = 20;
const PER_ROUND = 100; // 2,000 samples of each, interleaved so both see the same machine load
const WARMUP = 300;
const PASSWORD = 'bench-capture-password';

const sender = createSocket('udp4');
const genesysSink = createSocket('udp4'); // receives the 200 OKs
genesysSink.bind(0, '127.0.0.1');
await once(genesysSink, 'listening');
const genesys = { address: '127.0.0.1', port: genesysSink.address().port };
const asterisk = { address: '127.0.0.1', port: 5060 };

// --- relay under test ---------------------------------------------------------------------------
const dns = Array.from({ length: 100 }, (_, i) => String(5000 + i));
const sim = new AmiSimulator({ dns });
let arrived = () => {};
sim.script('PJSIPNotify', () => {
  arrived(performance.now());
  return undefined; // the built-in `NOTIFY sent` reply
});
await sim.start();
const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
await client.start();
const responder = new UdpSipResponder();
const relay = new RemoteAnswerRelay(
  {
    genesysAddresses: [parsePeerAddress(`127.0.0.1:${genesys.port}`)],
    isAgentDn: (dn) => /^50\d\d$/.test(dn),
    // Each DN is answered every ~100 samples here, far above a real agent's rate.
    maxRelaysPerDnPerSecond: 1e6,
    relayBurstPerDn: 1e6,
  },
  { delegate: amiRemoteAnswerDelegate(client, { hasBrowserContacts: () => true }), responder, metrics: new RemoteAnswerMetrics(new Registry()) },
);
const listener = new HepListener({ port: 0, password: PASSWORD }, relay.hepDelegate());
const relayPort = (await listener.start()).port;

// --- baseline: UDP in → TCP out, no parsing -------------------------------------------------------
let echoed = () => {};
const sink = createServer((socket) => socket.on('data', () => echoed(performance.now())));
sink.listen(0, '127.0.0.1');
await once(sink, 'listening');
const echoSocket = connect(sink.address().port, '127.0.0.1');
echoSocket.setNoDelay(true);
await once(echoSocket, 'connect');
const echoUdp = createSocket('udp4');
echoUdp.on('message', (data) => echoSocket.write(data));
echoUdp.bind(0, '127.0.0.1');
await once(echoUdp, 'listening');
const echoPort = echoUdp.address().port;

// Each sample is a fresh call (fresh Call-ID), so no NOTIFY is deduplicated.
function packetFor(i) {
  const call = callShape({ genesys, asterisk, dn: dns[i % dns.length] });
  const hep = (payload) => encodeHep3({ source: genesys, destination: asterisk, authKey: PASSWORD, captureId: 2001, payload });
  return { invite: hep(invite(call, { withSdp: false })), notify: hep(notify(call)) };
}

const send = (data, port) => new Promise((resolve) => sender.send(data, port, '127.0.0.1', resolve));

async function timeOne(packet, port, setHook) {
  const done = new Promise((resolve) => setHook(resolve));
  const start = performance.now();
  await send(packet, port);
  const end = await done;
  return end - start;
}

async function relaySample(i) {
  const { invite: invitePacket, notify: notifyPacket } = packetFor(i);
  // Flow B: the INVITE goes just before the NOTIFY, so its handling may overlap the timed hop, as live.
  await send(invitePacket, relayPort);
  return timeOne(notifyPacket, relayPort, (resolve) => (arrived = resolve));
}

async function baselineSample(i) {
  return timeOne(packetFor(i).notify, echoPort, (resolve) => (echoed = resolve));
}

for (let i = 0; i < WARMUP; i += 1) {
  await relaySample(i);
  await baselineSample(i);
}
const relayMs = [];
const baselineMs = [];
let n = WARMUP;
for (let round = 0; round < ROUNDS; round += 1) {
  for (let i = 0; i < PER_ROUND; i += 1) relayMs.push(await relaySample(n++));
  for (let i = 0; i < PER_ROUND; i += 1) baselineMs.push(await baselineSample(n++));
}

const relayRow = summarize('relay: HEP NOTIFY in → PJSIPNotify on AMI', 'ms', relayMs);
const baselineRow = summarize('baseline: UDP in → TCP out, no parsing', 'ms', baselineMs);
const results = [
  against(relayRow, baselineRow.p50),
  baselineRow,
  against({ metric: 'relay p99 vs baseline p99', unit: 'ms', value: relayRow.p99 }, baselineRow.p99),
];
console.log(JSON.stringify(results, null, 2));
writeFileSync(out, JSON.stringify(results, null, 2));

sender.close();
genesysSink.close();
echoUdp.close();
echoSocket.destroy();
sink.close();
await listener.close();
await responder.close();
await client.stop(50);
await sim.stop();
