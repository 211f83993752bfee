import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { Gateway } from '../../src/gateway.js';
import { qualityExtension } from '../../src/quality/quality-extension.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import { rtcpReceived, rtcpSent, type RtcpChannel } from '../support/ami-frames.js';

const TOKEN = 'quality-extension-token-0123456789';

/** Polls an async `check` (an HTTP read) until it holds, failing with `what` after `timeoutMs`. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const UUID = 'QUALITYTEST00000000000000000001';
const trunk: RtcpChannel = { channel: 'PJSIP/genesys-00000001', uniqueid: '1796175001.1', linkedid: '1796175001.1', exten: '5002', callUuid: UUID };
const browser: RtcpChannel = { channel: 'PJSIP/5002-00000002', uniqueid: '1796175001.2', linkedid: '1796175001.1', callUuid: UUID };

async function startGateway(quality: Record<string, unknown> = {}) {
  const sim = new AmiSimulator({ dns: ['5001', '5002'] });
  const amiPort = await sim.start();
  const config = configSchema.parse({
    ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
    dns: { ranges: '5001-5002' },
    http: { port: 0, token: TOKEN },
    relay: { enabled: false },
    quality,
  });
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info' }, sink);
  const gateway = new Gateway(config, { extensions: [qualityExtension()], logger });
  const { port } = await gateway.start();
  await eventually('AMI connected', () => gateway.client.connected);
  const get = async (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON shapes are asserted field by field
  const json = async (path: string): Promise<any> => (await get(path)).json();
  return { sim, gateway, get, json, lines, stop: async () => (await gateway.stop(), await sim.stop()) };
}

test('RTCP events on both legs become a call in /api/quality and histograms in /metrics; a bad leg is below threshold', async () => {
  const lab = await startGateway();
  try {
    lab.sim.broadcast(rtcpReceived(browser, { fractionLost: 0, jitter: 16 }, 0.0021));
    lab.sim.broadcast(rtcpSent(browser, { fractionLost: 0, jitter: 24 }));
    lab.sim.broadcast(rtcpReceived(trunk, { fractionLost: 0, jitter: 8 }, 0.03));
    await eventually('three reports', async () => (await lab.json('/api/quality')).calls[0]?.legs.length === 2);
    let body = await lab.json('/api/quality');
    assert.equal(body.mosThreshold, 3.5);
    assert.equal(body.calls.length, 1);
    const [call] = body.calls;
    assert.equal(call.callUuid, UUID);
    assert.equal(call.dn, '5002');
    assert.equal(call.dnRange, '5001-5002');
    assert.equal(call.belowThreshold, false);
    assert.ok(call.worstMos > 4.3, `clean call MOS ${call.worstMos}`);
    assert.deepEqual((await lab.json('/api/quality?below=true')).calls, []);

    // Genesys' side starts losing a tenth of its packets.
    lab.sim.broadcast(rtcpSent(trunk, { fractionLost: 26, cumulativeLost: 40, jitter: 480 }));
    await eventually('below threshold', async () => (await lab.json('/api/quality?below=true')).calls.length === 1);
    body = await lab.json('/api/quality?below=true');
    const trunkLeg = body.calls[0].legs.find((leg: { kind: string }) => leg.kind === 'trunk');
    assert.equal(trunkLeg.toAsterisk.jitterMs, 60);
    assert.equal(trunkLeg.toAsterisk.packetLoss, 0.1016);
    assert.ok(trunkLeg.toAsterisk.mos < 3.5);
    assert.equal(trunkLeg.rttMs, 30);

    const metrics = await (await lab.get('/metrics')).text();
    assert.match(metrics, /wwe_gateway_call_mos_count\{leg="browser",direction="from_asterisk",dn_range="5001-5002"\} 1/);
    assert.match(metrics, /wwe_gateway_call_mos_count\{leg="trunk",direction="to_asterisk",dn_range="5001-5002"\} 1/);
    assert.match(metrics, /wwe_gateway_call_mos_bucket\{le="3.5",leg="trunk",direction="to_asterisk",dn_range="5001-5002"\} 1/);
    assert.match(metrics, /wwe_gateway_call_packet_loss_ratio_bucket\{le="0.1",leg="trunk",direction="to_asterisk",dn_range="5001-5002"\} 0/);
    assert.match(metrics, /wwe_gateway_call_jitter_seconds_bucket\{le="0.1",leg="trunk",direction="to_asterisk",dn_range="5001-5002"\} 1/);
    assert.match(metrics, /wwe_gateway_call_rtt_seconds_bucket\{le="0.005",leg="browser",dn_range="5001-5002"\} 1/);
    assert.match(metrics, /wwe_gateway_calls_below_threshold 1/);
    assert.match(metrics, /wwe_gateway_calls_measured 1/);
    assert.match(metrics, /wwe_gateway_rtcp_reports_total\{event="RTCPSent"\} 2/);
    const logged = lab.lines.filter((line) => line.msg === 'call below the quality threshold');
    assert.equal(logged.length, 1);
    assert.deepEqual({ dn: logged[0]!.dn, callUuid: logged[0]!.callUuid, leg: logged[0]!.leg }, { dn: '5002', callUuid: UUID, leg: 'trunk' });
  } finally {
    await lab.stop();
  }
});

test('an unreadable RTCP event is counted, not thrown on; other events are ignored', async () => {
  const lab = await startGateway();
  try {
    lab.sim.broadcast('Event: RTCPSent\r\nPrivilege: reporting,all\r\nChannel: PJSIP/5001-00000001\r\n\r\n');
    lab.sim.broadcast('Event: Newexten\r\nPrivilege: dialplan,all\r\nChannel: PJSIP/5001-00000001\r\n\r\n');
    await eventually('counted', async () => /wwe_gateway_rtcp_reports_total\{event="unreadable"\} 1/.test(await (await lab.get('/metrics')).text()));
    assert.deepEqual((await lab.json('/api/quality')).calls, []);
    assert.equal((await lab.get('/api/quality?below=maybe')).status, 400);
  } finally {
    await lab.stop();
  }
});

test('quality.enabled=false adds no route and no metric', async () => {
  const lab = await startGateway({ enabled: false });
  try {
    assert.equal((await lab.get('/api/quality')).status, 404);
    assert.doesNotMatch(await (await lab.get('/metrics')).text(), /wwe_gateway_call_mos/);
  } finally {
    await lab.stop();
  }
});
