import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnRanges } from '../../src/registration-sync/dn-ranges.js';
import { CallQualityTable } from '../../src/quality/call-quality-table.js';
import type { RtcpReport } from '../../src/quality/rtcp-report.js';

const ranges = DnRanges.parse('5001-5040,6100-6199');
const table = (options: Partial<ConstructorParameters<typeof CallQualityTable>[0]> = {}) =>
  new CallQualityTable({ isAgentDn: (e) => ranges.contains(e), rangeOf: (dn) => ranges.rangeOf(dn), ...options });

function report(over: Partial<RtcpReport> & Pick<RtcpReport, 'channel' | 'uniqueid'>): RtcpReport {
  return {
    direction: 'to_asterisk',
    endpoint: /^PJSIP\/(.+)-[0-9a-f]{8}$/.exec(over.channel)?.[1],
    linkedid: '100.1',
    exten: undefined,
    callerIdNum: undefined,
    callUuid: 'UUID0000000000000000000000000001',
    codec: 'ulaw',
    rttSeconds: undefined,
    block: { fractionLost: 0, cumulativeLost: 0, jitterSamples: 16 },
    ...over,
  };
}

const trunk = { channel: 'PJSIP/genesys-00000001', uniqueid: '100.1', exten: '5007' };
const browser = { channel: 'PJSIP/5007-00000002', uniqueid: '100.2' };

test('joins the trunk and browser legs of a call by its Genesys UUID, names the DN and its range', () => {
  const t = table();
  t.record(report({ ...trunk, linkedid: '100.1' }), 1000);
  // Another Linkedid (say, after a transfer inside Asterisk), same UUID: still the same call.
  t.record(report({ ...browser, linkedid: '200.9' }), 1100);
  const [call] = t.calls();
  assert.equal(t.size, 1);
  assert.equal(call?.key, 'UUID0000000000000000000000000001');
  assert.equal(call?.dn, '5007');
  assert.equal(call?.dnRange, '5001-5040');
  assert.deepEqual(call?.legs.map((leg) => [leg.kind, leg.endpoint]), [['trunk', 'genesys'], ['browser', '5007']]);
});

test('joins a call without a UUID (an agent dialling out) by Linkedid, and finds the DN as the caller', () => {
  const t = table();
  t.record(report({ channel: 'PJSIP/6150-0000000a', uniqueid: '300.1', linkedid: '300.1', callUuid: undefined }), 0);
  t.record(report({ channel: 'PJSIP/genesys-0000000b', uniqueid: '300.2', linkedid: '300.1', callUuid: undefined, callerIdNum: '6150', exten: '4000' }), 0);
  const [call] = t.calls();
  assert.equal(call?.key, 'linkedid:300.1');
  assert.equal(call?.legs.length, 2);
  assert.equal(call?.dnRange, '6100-6199');
  const trunkOnly = table();
  trunkOnly.record(report({ channel: 'PJSIP/genesys-0000000b', uniqueid: '300.2', linkedid: '300.1', callUuid: undefined, callerIdNum: '6150' }), 0);
  assert.equal(trunkOnly.calls()[0]?.dn, '6150');
});

test('turns each report into jitter (ms at the codec clock), loss and an E-model MOS per direction', () => {
  const t = table();
  t.record(report({ ...trunk, direction: 'from_asterisk', rttSeconds: 0.04, block: { fractionLost: 0, cumulativeLost: 0, jitterSamples: 40 } }), 1000);
  const observation = t.record(report({ ...trunk, direction: 'to_asterisk', block: { fractionLost: 26 / 256, cumulativeLost: 30, jitterSamples: 400 } }), 2000);
  assert.equal(observation?.leg, 'trunk');
  assert.equal(observation?.dnRange, '5001-5040');
  assert.equal(observation?.stream?.jitterMs, 50); // 400 samples at 8 kHz
  assert.equal(observation?.stream?.packetLoss, 0.1016);
  const leg = t.calls()[0]!.legs[0]!;
  assert.equal(leg.rttMs, 40);
  assert.equal(leg.fromAsterisk?.jitterMs, 5);
  assert.ok(leg.fromAsterisk!.mos > 4.3, `clean direction ${leg.fromAsterisk!.mos}`);
  assert.ok(leg.toAsterisk!.mos < 3.5, `lossy direction ${leg.toAsterisk!.mos}`);
  const opus = table().record(report({ ...browser, codec: 'opus', block: { fractionLost: 0, cumulativeLost: 0, jitterSamples: 480 } }), 0);
  assert.equal(opus?.stream?.jitterMs, 10); // 480 samples at 48 kHz
});

test('lists a call below the MOS threshold once its worst direction drops, and says when it went below', () => {
  const t = table({ mosThreshold: 3.5 });
  const clean = t.record(report({ ...browser }), 1000);
  assert.equal(clean?.wentBelow, false);
  assert.deepEqual(t.belowThreshold(), []);
  const bad = t.record(report({ ...trunk, block: { fractionLost: 0.1, cumulativeLost: 50, jitterSamples: 400 } }), 2000);
  assert.equal(bad?.wentBelow, true);
  assert.equal(t.record(report({ ...trunk, block: { fractionLost: 0.1, cumulativeLost: 60, jitterSamples: 400 } }), 3000)?.wentBelow, false);
  const [below] = t.belowThreshold();
  assert.equal(below?.dn, '5007');
  assert.equal(below?.belowSince, 2000);
  assert.ok(below!.worstMos! < 3.5);
  t.record(report({ ...trunk }), 4000);
  assert.deepEqual(t.belowThreshold(), []);
});

test('ends legs and calls that stopped reporting', () => {
  const t = table({ legTimeoutMs: 15_000 });
  t.record(report({ ...trunk }), 0);
  t.record(report({ ...browser }), 0);
  t.record(report({ channel: 'PJSIP/5008-00000009', uniqueid: '400.1', linkedid: '400.1', callUuid: 'UUID0000000000000000000000000002' }), 10_000);
  t.record(report({ ...browser }), 10_000);
  assert.deepEqual(t.sweep(14_000), []);
  const ended = t.sweep(16_000);
  assert.deepEqual(ended, []);
  assert.deepEqual(t.calls().find((c) => c.dn === '5007')?.legs.map((l) => l.kind), ['browser'], 'the quiet trunk leg is gone');
  assert.deepEqual(t.sweep(26_000).map((c) => c.key).sort(), ['UUID0000000000000000000000000001', 'UUID0000000000000000000000000002']);
  assert.equal(t.size, 0);
});

test('ignores channels that are no PJSIP leg, and bounds how many calls it tracks', () => {
  const t = table({ maxCalls: 3 });
  assert.equal(t.record(report({ channel: 'Local/5001@from-agents-00000001;1', uniqueid: '1.1', endpoint: undefined }), 0), undefined);
  for (let i = 0; i < 10; i++) t.record(report({ channel: `PJSIP/50${10 + i}-0000000${i}`, uniqueid: `9.${i}`, linkedid: `9.${i}`, callUuid: undefined }), i);
  assert.equal(t.size, 3);
  assert.deepEqual(t.calls().map((c) => c.key), ['linkedid:9.7', 'linkedid:9.8', 'linkedid:9.9']);
});
