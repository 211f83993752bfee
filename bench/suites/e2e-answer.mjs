// Answer latency on the real path (sipp as Genesys → Kamailio → headless Chromium), ours vs plain JsSIP
// with the same options (same pre-acquired microphone, same ICE servers):
//   invite→200  sipp's INVITE (with Call-Info answer-after=0) sent → its 200 OK received
//   notify→200  sipp's NOTIFY Event: talk sent → the 200 OK of the ringing INVITE received
// each (a) without a STUN server and (b) with a STUN server that never answers. Times come from sipp's
// own message trace (µs). Plain JsSIP waits for ICE gathering to give up on the dead server (~40 s),
// so that baseline takes 3 samples per metric, all in parallel on separate DNs; the rest take 15, one
// after the other.
import { writeFileSync } from 'node:fs';
import { runIsolated } from '../../e2e/lib/namespace.mjs';
import { startLab } from '../../e2e/lib/environment.mjs';
import { startDeadStun } from '../../e2e/lib/dead-stun.mjs';
import { messageTime } from '../../e2e/lib/sipp.mjs';
import { step } from '../step.mjs';
import { summarize, against, outFile } from '../stats.mjs';

// `--subject=jssip` measures plain JsSIP against itself (checks the bench without the softphone).
const SUBJECT = process.argv.find((arg) => arg.startsWith('--subject='))?.slice('--subject='.length) ?? 'softphone';
const SAMPLES = 15;
const SLOW_SAMPLES = 3;
const out = outFile();
await runIsolated();


let dn = 6000;
const nextDn = () => String((dn += 1));

/** One INVITE→200 sample: a fresh call to `agent`'s DN with an auto-answer hint. */
async function inviteSample(lab, user, index) {
  const call = lab.sipp('genesys-call-autoanswer.xml', user, {
    keys: { uuid: `BENCHINV${user}${index}`, caller: '1003', hint: 'Call-Info: <sip:127.0.0.1>;answer-after=0' },
    durationMs: 50,
    timeoutMs: 60_000,
  });
  const { messages } = await call.done;
  return messageTime(messages, 'received', /^SIP\/2\.0 200/, 'INVITE') - messageTime(messages, 'sent', /^INVITE /);
}

/** One NOTIFY→200 sample: the call rings, then Genesys' remote answer arrives. */
async function notifySample(lab, agent, user, index) {
  const uuid = `BENCHNTF${user}${index}`;
  const since = await agent.eventCount();
  const call = lab.sipp('genesys-call.xml', user, { keys: { uuid, caller: '1003' }, durationMs: 50, timeoutMs: 60_000 });
  try {
    await agent.waitForEvent('call', { since, match: { uuid } });
    await agent.waitForState('ringing');
    const { messages: notifyMessages } = await lab.sipp('genesys-notify-talk.xml', user, { keys: { uuid } }).done;
    const { messages } = await call.done;
    return messageTime(messages, 'received', /^SIP\/2\.0 200/, 'INVITE') - messageTime(notifyMessages, 'sent', /^NOTIFY /);
  } finally {
    await call.stop();
  }
}

/** Samples both metrics for `kind` with `iceServers`, serially on one agent. */
async function measureSerial(lab, kind, iceServers, samples) {
  const user = nextDn();
  const agent = await lab.agent(kind, user, { iceServers });
  const invite = [];
  const notify = [];
  for (let i = 0; i < samples; i += 1) {
    invite.push(await inviteSample(lab, user, i));
    notify.push(await notifySample(lab, agent, user, i));
  }
  return { invite, notify };
}

/** Samples both metrics for `kind`, every sample at once on its own agent (for the ~40 s case). */
async function measureParallel(lab, kind, iceServers, samples) {
  const jobs = [];
  for (let i = 0; i < samples; i += 1) {
    const inviteUser = nextDn();
    const notifyUser = nextDn();
    jobs.push(lab.agent(kind, inviteUser, { iceServers }).then(() => inviteSample(lab, inviteUser, i)).then((ms) => ({ metric: 'invite', ms })));
    jobs.push(
      lab.agent(kind, notifyUser, { iceServers }).then((agent) => notifySample(lab, agent, notifyUser, i)).then((ms) => ({ metric: 'notify', ms })),
    );
  }
  const results = await Promise.all(jobs);
  return {
    invite: results.filter((result) => result.metric === 'invite').map((result) => result.ms),
    notify: results.filter((result) => result.metric === 'notify').map((result) => result.ms),
  };
}

/** Plain JsSIP with a dead STUN server takes ~40 s an answer: few samples, in parallel. */
async function measure(lab, kind, label, iceServers) {
  const slow = kind === 'jssip' && iceServers.length > 0;
  const name = kind === 'jssip' ? 'plain JsSIP' : kind;
  const result = await step(
    `${name}, ${label}: ${slow ? `${SLOW_SAMPLES} samples in parallel` : `${SAMPLES} samples`}`,
    () => (slow ? measureParallel(lab, kind, iceServers, SLOW_SAMPLES) : measureSerial(lab, kind, iceServers, SAMPLES)),
    100_000,
  );
  await lab.closePages();
  return result;
}

const rows = [];
let environment;
let stun;
try {
  environment = await startLab({ step, subject: SUBJECT });
  const { lab } = environment;
  stun = await step('start a STUN server that never answers', startDeadStun);
  const cases = [
    { label: 'no STUN', iceServers: [] },
    { label: 'dead STUN', iceServers: [{ urls: stun.url }] },
  ];
  for (const { label, iceServers } of cases) {
    const ours = await measure(lab, SUBJECT, label, iceServers);
    const baseline = await measure(lab, 'jssip', label, iceServers);
    for (const metric of ['invite', 'notify']) {
      const name = metric === 'invite' ? 'invite→200' : 'notify→200';
      const base = summarize(`e2e answer ${name}, ${label}, plain JsSIP (n=${baseline[metric].length})`, 'ms', baseline[metric]);
      rows.push(against(summarize(`e2e answer ${name}, ${label}, ${SUBJECT} (n=${ours[metric].length})`, 'ms', ours[metric]), base.value));
      rows.push(base);
    }
  }
  console.log(`dead STUN server received ${stun.requests} binding requests`);
} finally {
  await stun?.close();
  await environment?.tearDown();
}

writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
for (const row of rows) {
  const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toPrecision(3)}`;
  console.log(`${row.metric}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms${ratio}`);
}
process.exit(0);
