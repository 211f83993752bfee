// A 10,000-agent registration storm as Asterisk mirrors it over HEP (40,000 SIP messages: REGISTER,
// 401, REGISTER with credentials, 200) plus Asterisk's own NOTIFYs to browsers, fed through the
// gateway's HepListener and relay. Everyday traffic must cost next to nothing: it is classified by
// its start line and addresses, never parsed. Baseline in the same run: decoding the HEP3 packets only.
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { summarize, against, outFile } from '../stats.mjs';
import { decodeHep3, encodeHep3 } from '../../packages/gateway/src/hep/hep3.ts';
import { HepListener } from '../../packages/gateway/src/hep/hep-listener.ts';
import { parsePeerAddress } from '../../packages/gateway/src/relay/peer-address.ts';
import { RemoteAnswerMetrics } from '../../packages/gateway/src/relay/remote-answer-metrics.ts';
import { RemoteAnswerRelay } from '../../packages/gateway/src/relay/remote-answer-relay.ts';
import { asteriskNotifyToBrowser, browserRegister } from '../../packages/gateway/test/sip/fixtures/genesys-flows.ts';

const { Registry } = createRequire(new URL('../../packages/gateway/package.json', import.meta.url))('prom-client');
const out = outFile();
const AGENTS = 10_000;
const REPEATS = 7;

const browser = { address: '127.0.0.1', port: 45602 };
const asterisk = { address: '127.0.0.1', port: 8088 };
const hep = (payload, inbound) =>
  encodeHep3({ source: inbound ? browser : asterisk, destination: inbound ? asterisk : browser, authKey: 'storm', payload });
const ok = (dn, status) => `SIP/2.0 ${status}\r\nVia: SIP/2.0/WS labefc7480a.invalid;rport=45602;received=127.0.0.1;branch=z9hG4bK1\r\nCall-ID: c${dn}\r\nFrom: <sip:${dn}@127.0.0.1>;tag=87ca82e\r\nTo: <sip:${dn}@127.0.0.1>;tag=z9hG4bK1\r\nCSeq: 1 REGISTER\r\nContent-Length:  0\r\n\r\n`;
const packets = [];
for (let i = 0; i < AGENTS; i += 1) {
  const dn = String(100_000 + i);
  packets.push(hep(browserRegister(dn), true), hep(ok(dn, '401 Unauthorized'), false), hep(browserRegister(dn), true), hep(ok(dn, '200 OK'), false));
  if (i % 10 === 0) packets.push(hep(asteriskNotifyToBrowser(dn, 'UIVB8J6JE91C53UIM3VI59VHQ4000015'), false));
}

const relay = new RemoteAnswerRelay(
  { genesysAddresses: [parsePeerAddress('192.0.2.81')], isAgentDn: () => true, notifyResponder: false },
  { delegate: { hasBrowser: () => true, sendNotify: async () => {} }, metrics: new RemoteAnswerMetrics(new Registry()) },
);
const listener = new HepListener({ password: 'storm', maxPacketsPerSecond: 1e9, burstPackets: 1e9 }, relay.hepDelegate());

const relayRuns = [];
const baselineRuns = [];
for (let r = 0; r < REPEATS; r += 1) {
  let start = performance.now();
  for (const packet of packets) listener.receive(packet, start);
  relayRuns.push(performance.now() - start);
  start = performance.now();
  for (const packet of packets) decodeHep3(packet);
  baselineRuns.push(performance.now() - start);
}
relayRuns.shift(); // warm-up
baselineRuns.shift();

const perPacket = (runs) => runs.map((ms) => (ms * 1000) / packets.length);
const relayRow = summarize(`relay: ${packets.length} mirrored storm messages, per message`, 'µs', perPacket(relayRuns));
const baselineRow = summarize('baseline: HEP3 decode only, per message', 'µs', perPacket(baselineRuns));
const results = [against(relayRow, baselineRow.p50), baselineRow];
console.log(JSON.stringify(results, null, 2));
writeFileSync(out, JSON.stringify(results, null, 2));
