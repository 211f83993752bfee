// Call quality at floor scale: 2,000 calls in progress, two legs each, each leg reporting RTCP both
// ways every 5 s — 1,600 AMI RTCPSent/RTCPReceived events a second — read by the gateway's quality
// extension (decode, join the legs, E-model MOS, histograms). Baseline in the same run: parsing the
// same AMI frames only, which the gateway does for every event anyway.
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { summarize, against, outFile } from '../stats.mjs';
import { AmiParser } from '../../packages/gateway/src/ami/codec.ts';
import { DnRanges } from '../../packages/gateway/src/registration-sync/dn-ranges.ts';
import { CallQualityTable } from '../../packages/gateway/src/quality/call-quality-table.ts';
import { QualityMetrics } from '../../packages/gateway/src/quality/quality-metrics.ts';
import { decodeRtcpReport } from '../../packages/gateway/src/quality/rtcp-report.ts';
import { rtcpReceived, rtcpSent } from '../../packages/gateway/test/support/ami-frames.ts';

const { Registry } = createRequire(new URL('../../packages/gateway/package.json', import.meta.url))('prom-client');
const out = outFile();
const CALLS = 2000;
const REPEATS = 7;

// One round of reports: every call's two legs, both directions (what Asterisk raises in 5 s).
const frames = [];
for (let i = 0; i < CALLS; i += 1) {
  const dn = String(5000 + i);
  const uuid = `BENCHQUALITY${String(i).padStart(20, '0')}`;
  const trunk = { channel: `PJSIP/genesys-${(2 * i).toString(16).padStart(8, '0')}`, uniqueid: `1796175001.${2 * i}`, linkedid: `1796175001.${2 * i}`, exten: dn, callUuid: uuid };
  const browser = { channel: `PJSIP/${dn}-${(2 * i + 1).toString(16).padStart(8, '0')}`, uniqueid: `1796175001.${2 * i + 1}`, linkedid: trunk.linkedid, callUuid: uuid };
  const loss = i % 50 === 0 ? 30 : 0;
  frames.push(rtcpSent(trunk, { fractionLost: loss, jitter: 40 }), rtcpReceived(trunk, { fractionLost: 0, jitter: 16 }, 0.021));
  frames.push(rtcpSent(browser, { fractionLost: 0, jitter: 24 }), rtcpReceived(browser, { fractionLost: 0, jitter: 8 }, 0.004));
}
const stream = frames.join('');
const ranges = DnRanges.parse('5000-6999');
const table = new CallQualityTable({ isAgentDn: (dn) => ranges.contains(dn), rangeOf: (dn) => ranges.rangeOf(dn) });
const metrics = new QualityMetrics(new Registry(), table);

const qualityRuns = [];
const baselineRuns = [];
let now = Date.now();
for (let r = 0; r < REPEATS; r += 1) {
  now += 5000;
  let start = performance.now();
  for (const parsed of new AmiParser({ expectBanner: false }).push(stream)) {
    if (parsed.kind !== 'message') continue;
    const report = decodeRtcpReport(parsed.message);
    if (!report) throw new Error('a frame did not decode');
    const observation = table.record(report, now);
    if (observation) metrics.observe(observation);
  }
  qualityRuns.push(performance.now() - start);
  start = performance.now();
  new AmiParser({ expectBanner: false }).push(stream);
  baselineRuns.push(performance.now() - start);
}
qualityRuns.shift(); // warm-up
baselineRuns.shift();
if (table.size !== CALLS || table.belowThreshold().length !== CALLS / 50) throw new Error(`expected ${CALLS} calls, ${CALLS / 50} below threshold; got ${table.size}, ${table.belowThreshold().length}`);

const perEvent = (runs) => runs.map((ms) => (ms * 1000) / frames.length);
const qualityRow = summarize(`quality: ${frames.length} AMI RTCP events (${CALLS} calls × 2 legs × 2 directions), per event`, 'µs', perEvent(qualityRuns));
const baselineRow = summarize('baseline: AMI parsing only, per event', 'µs', perEvent(baselineRuns));
// 1,600 events/s at 2,000 calls: the share of one core the quality extension takes.
const coreShare = { metric: 'quality: share of one core at 2,000 calls (1,600 events/s)', unit: '%', value: Math.round(((qualityRow.p50 * 1600) / 1e6) * 1000) / 10 };
const results = [against(qualityRow, baselineRow.p50), baselineRow, coreShare];
console.log(JSON.stringify(results, null, 2));
writeFileSync(out, JSON.stringify(results, null, 2));
