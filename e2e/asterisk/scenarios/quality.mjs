// Call quality an operator can see, measured on both sides of real Asterisk: the browser samples its
// own getStats() (softphone `callQuality` / `qualityWarning` events), the gateway reads Asterisk's RTCP
// reports on both legs (GET /api/quality, /metrics). The impaired call runs its trunk media through a
// userspace relay (lib/impairment-relay.mjs) that drops and delays packets on command.
import assert from 'node:assert/strict';
import { ImpairmentRelay } from '../../lib/impairment-relay.mjs';
import { LAB, PROXY } from '../lab.mjs';

const AUTO_ANSWER = 'Call-Info: <sip:127.0.0.2>;answer-after=0';
const RELAY_PORT = 7090;

/** The gateway's view of the call with `uuid` once `ready(call)` holds. */
function gatewayCall(lab, uuid, what, ready, timeoutMs = 20_000) {
  return lab.until(
    what,
    async () => {
      const { calls } = await lab.gateway.api('/api/quality');
      const call = calls.find((candidate) => candidate.callUuid === uuid);
      return call && ready(call) ? call : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** Both directions reported, and the round trip known (from a far-end report answering an SR). */
const measuredBothWays = (leg) => leg.toAsterisk !== undefined && leg.fromAsterisk !== undefined && leg.rttMs !== undefined;

/** `name{labels} value` of a Prometheus text exposition, 0 when absent. */
function metric(text, name, labels) {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && wanted.every((pair) => row.includes(pair)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

export const cleanCallQuality = {
  name: 'call quality, clean call: MOS above 4 in the browser and on both legs at the gateway, in /metrics by DN range',
  timeoutMs: 45_000,
  async run(lab) {
    const dn = '5031';
    const agent = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    const uuid = 'QUALITYCLEAN0001';
    const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: AUTO_ANSWER, call_ms: 30_000, hangup: 'agent' }, timeoutMs: 40_000 });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid } });
      // Asterisk reports every 5 s per leg and direction; the Genesys peer answers every 2 s.
      const measured = await gatewayCall(lab, uuid, 'both legs measured both ways at the gateway', (c) => c.legs.length === 2 && c.legs.every(measuredBothWays));
      assert.equal(measured.dn, dn);
      assert.equal(measured.dnRange, '5001-5040');
      for (const leg of measured.legs) {
        for (const direction of ['toAsterisk', 'fromAsterisk']) {
          assert.ok(leg[direction].mos > 4, `${leg.kind} leg ${direction}: MOS ${leg[direction].mos} (jitter ${leg[direction].jitterMs} ms, loss ${leg[direction].packetLoss})`);
        }
        assert.ok(leg.rttMs !== undefined && leg.rttMs < 100, `${leg.kind} leg round trip ${leg.rttMs} ms`);
      }
      assert.deepEqual(measured.legs.map((leg) => leg.kind).sort(), ['browser', 'trunk']);
      const sample = await agent.waitForEvent('quality', { match: { uuid, measured: true }, timeoutMs: 8000 });
      console.log(`    MOS: browser ${sample.mos}; gateway ${measured.legs.map((leg) => `${leg.kind} ${leg.toAsterisk.mos}/${leg.fromAsterisk.mos}`).join(', ')}`);
      await agent.run('hangup');
      const summary = await agent.waitForEvent('qualitySummary', { match: { uuid } });
      assert.ok(summary.samples >= 5, `only ${summary.samples} samples`);
      assert.ok(summary.mos.avg > 4, `browser MOS over the call ${JSON.stringify(summary.mos)}`);
      assert.deepEqual(summary.warnings, [], 'a clean call raises no warning');
      const metrics = await lab.gateway.api('/metrics');
      for (const leg of ['browser', 'trunk']) {
        assert.ok(metric(metrics, 'wwe_gateway_call_mos_count', { leg, direction: 'to_asterisk', dn_range: '5001-5040' }) > 0, `no ${leg} MOS in /metrics`);
      }
      await call.done;
    } finally {
      await call.stop();
    }
  },
};

export const impairedCallQuality = {
  name: 'call quality, impaired call: loss and jitter on the trunk raise the browser’s warnings and clear them after; the gateway lists the call below threshold and counts it in /metrics',
  timeoutMs: 90_000,
  async run(lab) {
    const dn = '5032';
    const agent = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    const relay = new ImpairmentRelay({ listen: { host: LAB.genesysHost, port: RELAY_PORT }, target: { host: LAB.genesysHost, port: LAB.genesysRtpPort } });
    await relay.start();
    const uuid = 'QUALITYIMPAIRED1';
    const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: AUTO_ANSWER, call_ms: 80_000, hangup: 'agent', rtp_port: RELAY_PORT }, timeoutMs: 85_000 });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid } });
      await agent.waitForEvent('quality', { match: { uuid, measured: true }, timeoutMs: 8000 });
      const before = await agent.eventCount();
      const metricsBefore = await lab.gateway.api('/metrics');
      const poorBefore = metric(metricsBefore, 'wwe_gateway_call_mos_bucket', { le: '3.5', leg: 'trunk', direction: 'to_asterisk', dn_range: '5001-5040' });

      relay.set({ loss: 0.15, jitterMs: 80 });
      const raised = await agent.waitForEvent('qualityWarning', { match: { uuid, name: 'high-packet-loss', state: 'raised' }, since: before, timeoutMs: 20_000 });
      // The browser leg's own report (what the browser hears, forwarded trunk loss included) may take the
      // call below threshold first; wait for Asterisk's measurement of the trunk itself too.
      const lossyTrunk = (c) => c.legs.some((leg) => leg.kind === 'trunk' && leg.toAsterisk?.packetLoss > 0.03);
      const below = await gatewayCall(lab, uuid, 'the call below threshold, with loss measured on the trunk, at the gateway', (c) => c.belowThreshold && lossyTrunk(c));
      const trunk = below.legs.find((leg) => leg.kind === 'trunk');
      console.log(`    impaired: browser warned ${raised.name} at ${raised.value}; gateway worst MOS ${below.worstMos}, trunk to Asterisk ${JSON.stringify(trunk.toAsterisk)}`);
      const raisedNames = (await agent.events()).slice(before).filter((e) => e.type === 'qualityWarning' && e.state === 'raised').map((e) => e.name);
      // Each RTCP report covers one interval, whose loss varies around the relay's 15 %: wait, while the
      // network stays bad, for /metrics to count a trunk report below the threshold and one over 3 % loss.
      const trunkLabels = { leg: 'trunk', direction: 'to_asterisk', dn_range: '5001-5040' };
      let poor = poorBefore;
      let lossy = 0;
      await lab.until('/metrics counting a poor trunk report (MOS below 3.5, loss over 3 %)', async () => {
        const metrics = await lab.gateway.api('/metrics');
        poor = metric(metrics, 'wwe_gateway_call_mos_bucket', { le: '3.5', ...trunkLabels });
        lossy = metric(metrics, 'wwe_gateway_call_packet_loss_ratio_count', trunkLabels) - metric(metrics, 'wwe_gateway_call_packet_loss_ratio_bucket', { le: '0.03', ...trunkLabels });
        return poor > poorBefore && lossy > 0;
      }, { timeoutMs: 30_000, intervalMs: 500 }).catch((error) => {
        throw new Error(`${error.message} (trunk reports below MOS 3.5: ${poorBefore} before, ${poor} now; over 3 % loss: ${lossy})`);
      });

      relay.clear();
      const cleared = await agent.waitForEvent('qualityWarning', { match: { uuid, name: 'high-packet-loss', state: 'cleared' }, since: before, timeoutMs: 20_000 });
      await lab.until('every warning raised cleared again', async () => {
        const events = (await agent.events()).slice(before).filter((e) => e.type === 'qualityWarning');
        return [...new Set(raisedNames)].every((name) => events.some((e) => e.name === name && e.state === 'cleared'));
      }, { timeoutMs: 20_000, intervalMs: 250 });
      console.log(`    cleared ${cleared.name} ${((cleared.at - raised.at) / 1000).toFixed(1)} s after it was raised; raised: ${[...new Set(raisedNames)].join(', ')}`);
      await gatewayCall(lab, uuid, 'the call back above threshold at the gateway', (c) => !c.belowThreshold);


      await agent.run('hangup');
      const summary = await agent.waitForEvent('qualitySummary', { match: { uuid } });
      const episode = summary.warnings.find((warning) => warning.name === 'high-packet-loss');
      assert.ok(episode?.clearedAt, `the summary lists the loss warning as raised and cleared: ${JSON.stringify(summary.warnings)}`);
      assert.ok(summary.mos.min < 3.5 && summary.mos.max > 4, `summary MOS ${JSON.stringify(summary.mos)}`);
      await call.done;
    } finally {
      await call.stop();
      await relay.stop();
    }
  },
};

export const browserQualityReport = {
  name: "call quality, the browser's own view: an agent at home reports its call's summary through nginx when it ends; the gateway joins it with Asterisk's two legs by call UUID and counts it in /metrics",
  timeoutMs: 60_000,
  async run(lab) {
    const dn = '5034';
    const agent = await lab.remoteAgent(lab.subject, dn, { qualityReportUrl: PROXY.gatewayUrl });
    await lab.online(dn);
    const uuid = 'QUALITYBROWSER01';
    const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: AUTO_ANSWER, call_ms: 30_000, hangup: 'agent' }, timeoutMs: 40_000 });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid } });
      await agent.waitForEvent('quality', { match: { uuid, measured: true }, timeoutMs: 15_000 });
      await gatewayCall(lab, uuid, 'both legs measured both ways at the gateway', (c) => c.legs.length === 2 && c.legs.every(measuredBothWays));
      const metricsBefore = await lab.gateway.api('/metrics');
      await agent.run('hangup');
      await agent.waitForEvent('qualityReported', { match: { uuid }, timeoutMs: 10_000 });
      const joined = await gatewayCall(lab, uuid, "the browser's view beside Asterisk's legs", (c) => c.browser !== undefined);
      assert.deepEqual(joined.legs.map((leg) => leg.kind).sort(), ['browser', 'trunk'], 'one call: the report joined the legs');
      const { browser } = joined;
      assert.equal(browser.dn, dn);
      assert.equal(browser.callUuid, uuid);
      assert.equal(browser.candidate.local, 'relay', 'an agent at home sends through TURN');
      assert.ok(browser.samples >= 3, `only ${browser.samples} samples`);
      assert.ok(browser.mos.avg > 4, `browser MOS ${JSON.stringify(browser.mos)}`);
      assert.ok(browser.audioInputLevel.max > 0, `the fake microphone is not silent: ${JSON.stringify(browser.audioInputLevel)}`);
      console.log(`    browser's view: MOS ${browser.mos.avg} over ${browser.samples} samples via ${browser.candidate.local}/${browser.candidate.relayProtocol ?? '?'}; Asterisk's worst ${joined.worstMos}`);
      const metrics = await lab.gateway.api('/metrics');
      const reported = (text) => metric(text, 'wwe_gateway_browser_call_mos_count', { dn_range: '5001-5040', candidate: 'relay' });
      assert.equal(reported(metrics) - reported(metricsBefore), 1, 'one browser report in /metrics');
      assert.equal(metric(metrics, 'wwe_gateway_browser_quality_requests_total', { route: 'report', result: 'proof_invalid' }), 0);
      await call.done;
    } finally {
      await call.stop();
    }
  },
};

export const preflightThroughAsterisk = {
  name: "preflight: every check against real Asterisk, the test call answered by the generated echo extension and measured",
  needs: ['preflight'],
  timeoutMs: 40_000,
  async run(lab) {
    const dn = '5033';
    const agent = await lab.agent(lab.subject, dn);
    const report = await agent.run('preflight');
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    assert.deepEqual(report.checks.map((check) => check.name), ['microphone', 'connection', 'ice', 'turn', 'echo-call']);
    for (const name of ['microphone', 'connection', 'ice']) assert.equal(byName[name].status, 'passed', `${name}: ${byName[name].message}`);
    // The echo must answer with audio; on a loaded 2-core CI box its jitter may earn a warning.
    assert.ok(['passed', 'warning'].includes(byName['echo-call'].status), `echo-call: ${byName['echo-call'].message}`);
    assert.equal(byName.turn.status, 'skipped', 'no TURN server in this lab');
    const echo = byName['echo-call'].details;
    console.log(`    echo call: ${byName['echo-call'].status}, MOS ${echo.mos}, RTT ${echo.rttMs} ms, jitter up to ${echo.jitterMs} ms, echo level ${echo.echoLevel}, ${echo.summary.samples} samples`);
    assert.ok(echo.echoLevel > 0, 'the echo came back silent');
    assert.ok(echo.mos > 3.5 && echo.rttMs < 100, `echo MOS ${echo.mos}, RTT ${echo.rttMs} ms`);
    await agent.waitForState('idle');
  },
};
