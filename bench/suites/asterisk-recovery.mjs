// Network blips and tabs through real Asterisk 22 with the generated configuration, each against a
// baseline measured in the same run:
//   media blackhole → audio back   the browser ↔ Asterisk media path silenced for 5 s mid-call (lib/
//                                  media-blackhole.mjs); from the moment it comes back until audio flows
//                                  both ways again (browser inbound RTP and packets at the Genesys peer).
//                                  Baseline: plain JsSIP told the exact moment the network is back (an
//                                  oracle no real app has) and sending its ICE restart re-INVITE at once.
//                                  Without any restart the audio never came back in the runs that
//                                  established the fact (e2e/README.md), so that is no baseline.
//   WebSocket reset → reconnected  the call's WebSocket reset (ss -K); until the call is reconnected (the
//                                  re-INVITE over the new connection answered, media flowing). Baseline:
//                                  reset → re-registered over the new WebSocket, the floor it builds on.
//   tab handover                   the owning tab crashes (CDP Page.crash) → the next tab registered; and
//                                  "use here" → the new tab registered and owning the DN. Baseline: a fresh
//                                  tab's connect() → registered (microphone, WebSocket, REGISTER).
import { writeFileSync } from 'node:fs';
import { runIsolated } from '../../e2e/lib/namespace.mjs';
import { locateAsterisk } from '../../e2e/lib/asterisk.mjs';
import { startAsteriskLab } from '../../e2e/asterisk/environment.mjs';
import { step } from '../step.mjs';
import { summarize, against, outFile } from '../stats.mjs';

const SAMPLES = Number(process.env.WWE_BENCH_SAMPLES ?? 10);
const OUTAGE_MS = 5000;
const HINT = 'Call-Info: <sip:127.0.0.2>;answer-after=0';
const out = outFile();
await runIsolated();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let dn = 6200;
const nextDn = () => String((dn += 1));

/** A Genesys call to a fresh agent of `kind` that lasts until the agent hangs up; resolves once audio flows. */
async function liveCall(lab, kind, overrides = {}) {
  const user = nextDn();
  const agent = await lab.agent(kind, user, overrides);
  await lab.online(user);
  const since = Date.now();
  const call = lab.sipp('genesys-call-autoanswer.xml', user, { keys: { uuid: `BENCHREC${user}`, hint: HINT, hangup: 'agent' }, timeoutMs: 600_000 });
  await agent.waitForEvent('confirmed');
  await lab.audioBothWays(agent, since);
  return { agent, call };
}

const genesysPackets = (lab) => [...lab.genesys.rtp.streams.values()].reduce((sum, stream) => sum + stream.audio, 0);

/** Milliseconds from now until audio grew both ways (a few packets each); polls every 10 ms. */
async function audioBack(lab, agent, timeoutMs = 30_000) {
  const started = Date.now();
  const [browser, genesys] = [await agent.audioPackets(), genesysPackets(lab)];
  let browserAt;
  let genesysAt;
  while (Date.now() - started < timeoutMs) {
    const now = Date.now();
    if (browserAt === undefined && (await agent.audioPackets()) - browser >= 3) browserAt = now;
    if (genesysAt === undefined && genesysPackets(lab) - genesys >= 3) genesysAt = now;
    if (browserAt !== undefined && genesysAt !== undefined) return Math.max(browserAt, genesysAt) - started;
    await sleep(10);
  }
  throw new Error(`audio did not come back both ways within ${timeoutMs} ms`);
}

/** Blackholes the media of `agent`'s call for OUTAGE_MS; `back()` runs the moment it ends; resolves to ms until audio. */
async function blackholeSample(lab, agent, back = () => undefined) {
  lab.blackhole.on();
  await sleep(OUTAGE_MS);
  lab.blackhole.off();
  back();
  return audioBack(lab, agent);
}

async function measureMediaOutage(lab) {
  const ours = [];
  const oracle = [];
  const softphone = await liveCall(lab, 'softphone', { callRecovery: { timeoutMs: 60_000 } });
  for (let i = 0; i < SAMPLES; i += 1) {
    const mark = await softphone.agent.eventCount();
    ours.push(await blackholeSample(lab, softphone.agent));
    await softphone.agent.waitForEvent('reconnected', { since: mark, timeoutMs: 30_000 });
    await sleep(1000);
  }
  await softphone.agent.run('hangup');
  await softphone.call.done.catch(() => undefined);
  const jssip = await liveCall(lab, 'jssip');
  for (let i = 0; i < SAMPLES; i += 1) {
    oracle.push(await blackholeSample(lab, jssip.agent, () => void jssip.agent.run('restartIce').catch(() => undefined)));
    await sleep(1000);
  }
  await jssip.agent.run('hangup');
  await jssip.call.done.catch(() => undefined);
  await lab.closePages();
  return { ours, oracle };
}

async function measureWebsocketReset(lab) {
  const ours = [];
  const floor = [];
  const { agent, call } = await liveCall(lab, 'softphone');
  for (let i = 0; i < SAMPLES; i += 1) {
    const mark = await agent.eventCount();
    const reset = Date.now();
    lab.killConnections(8089);
    const registered = await agent.waitForEvent('registered', { since: mark, timeoutMs: 30_000 });
    const reconnected = await agent.waitForEvent('reconnected', { since: mark, timeoutMs: 30_000 });
    floor.push(registered.at - reset);
    ours.push(reconnected.at - reset);
    await sleep(500);
  }
  await agent.run('hangup');
  await call.done.catch(() => undefined);
  await lab.closePages();
  return { ours, floor };
}

async function measureTabs(lab) {
  const crash = [];
  const takeover = [];
  const fresh = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const user = nextDn();
    const owner = await lab.agent('softphone', user);
    fresh.push((await owner.waitForEvent('registered')).at - (await owner.waitForEvent('start')).at);
    const second = await lab.agent('softphone', user);
    await second.waitForEvent('tab', { match: { state: 'standby' } });
    const third = await lab.agent('softphone', user);
    await third.waitForEvent('tab', { match: { state: 'standby' } });
    const crashed = Date.now();
    await owner.crash();
    lab.pages.delete(owner);
    crash.push((await second.waitForEvent('registered')).at - crashed);
    const asked = Date.now();
    await third.run('takeover');
    takeover.push(Date.now() - asked);
    await lab.closePages();
  }
  return { crash, takeover, fresh };
}

const rows = [];
let environment;
let install;
try {
  install = await step('find Asterisk', () => locateAsterisk(), 60_000);
  environment = await startAsteriskLab({ step, install, dns: '6201-6400' });
  const { lab } = environment;

  const media = await step(`media blackhole of ${OUTAGE_MS / 1000} s, ${SAMPLES} samples each`, () => measureMediaOutage(lab), 600_000);
  const oracle = summarize(`asterisk media blackhole ${OUTAGE_MS / 1000} s: network back → audio both ways, plain JsSIP restarting ICE the moment it is back (oracle) (n=${media.oracle.length})`, 'ms', media.oracle);
  rows.push(against(summarize(`asterisk media blackhole ${OUTAGE_MS / 1000} s: network back → audio both ways, softphone (n=${media.ours.length})`, 'ms', media.ours), oracle.value));
  rows.push(oracle);

  const ws = await step(`WebSocket reset mid-call, ${SAMPLES} samples`, () => measureWebsocketReset(lab), 300_000);
  const floor = summarize(`asterisk WebSocket reset mid-call: reset → re-registered (n=${ws.floor.length})`, 'ms', ws.floor);
  rows.push(against(summarize(`asterisk WebSocket reset mid-call: reset → call reconnected (n=${ws.ours.length})`, 'ms', ws.ours), floor.value));
  rows.push(floor);

  const tabs = await step(`tabs, ${SAMPLES} samples`, () => measureTabs(lab), 300_000);
  const cold = summarize(`asterisk tabs: a fresh tab connect() → registered (n=${tabs.fresh.length})`, 'ms', tabs.fresh);
  rows.push(against(summarize(`asterisk tabs: owner crashed → next tab registered (n=${tabs.crash.length})`, 'ms', tabs.crash), cold.value));
  rows.push(against(summarize(`asterisk tabs: "use here" → the new tab registered and owning the DN (n=${tabs.takeover.length})`, 'ms', tabs.takeover), cold.value));
  rows.push(cold);
} finally {
  await environment?.tearDown();
  install?.release();
}

writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
for (const row of rows) {
  const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toPrecision(3)}`;
  console.log(`${row.metric}: p50 ${row.p50.toFixed(0)} ms, p95 ${row.p95.toFixed(0)} ms${ratio}`);
}
process.exit(0);
