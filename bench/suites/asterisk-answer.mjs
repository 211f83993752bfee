// Answer latency and presence latency through real Asterisk 22 with the generated configuration, measured
// at the Genesys side (sipp's own message trace, µs), ours vs plain JsSIP with the same options (same
// pre-acquired microphone, same ICE servers):
//   invite→200   header auto-answer: Genesys' INVITE (Call-Info answer-after=0) sent → its 200 OK received
//   notify→200   remote answer: Genesys' in-dialog NOTIFY Event: talk sent → the INVITE's 200 OK received
// each (a) without a STUN server, (b) with a STUN server that never answers and (c) relay-only ICE
// (`iceTransportPolicy: 'relay'`) through the lab's coturn, registered through nginx: the softphone
// with TURN credentials from the gateway (`gatewayIceServers` through nginx), plain JsSIP with
// credentials fetched the same way before it starts. Plain JsSIP waits ~40 s for ICE gathering to give
// up on the dead server, so that baseline takes 3 samples per metric in parallel on separate DNs; the
// rest take 15, one after the other. Every relay-only sample is checked: the agent's browser reported
// no TURN error.
//   presence     browser registered (its REGISTER's 200) → the DN's REGISTER at Genesys; baseline: a bare
//                AMI PJSIPRegister sent by hand → its REGISTER at Genesys (Asterisk's own floor, ~1 s).
import { createConnection } from 'node:net';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { runIsolated } from '../../e2e/lib/namespace.mjs';
import { locateAsterisk } from '../../e2e/lib/asterisk.mjs';
import { startAsteriskLab } from '../../e2e/asterisk/environment.mjs';
import { startDeadStun } from '../../e2e/lib/dead-stun.mjs';
import { messageTime } from '../../e2e/lib/sipp.mjs';
import { step } from '../step.mjs';
import { summarize, against, outFile } from '../stats.mjs';

const SAMPLES = Number(process.env.WWE_BENCH_SAMPLES ?? 15);
const SLOW_SAMPLES = 3;
const PRESENCE_SAMPLES = 10;
const out = outFile();
await runIsolated();


let dn = 6000;
const nextDn = () => String((dn += 1));

const okAt = (messages) => messageTime(messages, 'received', /^SIP\/2\.0 200/, 'INVITE');

/** One INVITE→200 sample: a fresh call with a Call-Info auto-answer hint. */
async function inviteSample(lab, user, index) {
  const call = lab.sipp('genesys-call-autoanswer.xml', user, {
    keys: { uuid: `BENCHINV${user}X${index}`, hint: 'Call-Info: <sip:127.0.0.2>;answer-after=0', call_ms: 50 },
    timeoutMs: 60_000,
  });
  const { messages } = await call.done;
  return okAt(messages) - messageTime(messages, 'sent', /^INVITE /);
}

/** One NOTIFY→200 sample: the call rings, and 200 ms later Genesys' NOTIFY talk arrives in its dialog. */
async function notifySample(lab, user, index) {
  const call = lab.sipp('genesys-call.xml', user, { keys: { uuid: `BENCHNTF${user}X${index}`, notify_ms: 200, call_ms: 50 }, timeoutMs: 60_000 });
  const { messages } = await call.done;
  return okAt(messages) - messageTime(messages, 'sent', /^NOTIFY /);
}

/** Throws if the agent's browser reported a STUN/TURN error (a refused or failed relay makes a sample meaningless). */
async function noIceErrors(agent) {
  const errors = (await agent.events()).filter((event) => event.type === 'iceCandidateError');
  if (errors.length > 0) throw new Error(`${agent.name}: ICE server errors during the samples: ${JSON.stringify(errors)}`);
}

async function measureSerial(lab, kind, configuration, samples) {
  const user = nextDn();
  const agent = await configuration.start(lab, kind, user);
  const invite = [];
  const notify = [];
  for (let i = 0; i < samples; i += 1) {
    invite.push(await inviteSample(lab, user, i));
    notify.push(await notifySample(lab, user, i));
  }
  await noIceErrors(agent);
  return { invite, notify };
}

async function measureParallel(lab, kind, configuration, samples) {
  const jobs = [];
  for (let i = 0; i < samples; i += 1) {
    const [inviteUser, notifyUser] = [nextDn(), nextDn()];
    jobs.push(configuration.start(lab, kind, inviteUser).then(() => inviteSample(lab, inviteUser, i)).then((ms) => ['invite', ms]));
    jobs.push(configuration.start(lab, kind, notifyUser).then(() => notifySample(lab, notifyUser, i)).then((ms) => ['notify', ms]));
  }
  const results = await Promise.all(jobs);
  const of = (metric) => results.filter(([name]) => name === metric).map(([, ms]) => ms);
  return { invite: of('invite'), notify: of('notify') };
}

async function measure(lab, kind, configuration) {
  const slow = kind === 'jssip' && configuration.slowBaseline;
  const result = await step(
    `${kind === 'jssip' ? 'plain JsSIP' : kind}, ${configuration.label}: ${slow ? `${SLOW_SAMPLES} samples in parallel` : `${SAMPLES} samples`}`,
    () => (slow ? measureParallel(lab, kind, configuration, SLOW_SAMPLES) : measureSerial(lab, kind, configuration, SAMPLES)),
    180_000,
  );
  await lab.closePages();
  return result;
}

/**
 * The three ways agents start: straight to Asterisk without STUN, with a dead STUN server, and at
 * home (relay only, through nginx). Plain JsSIP at home gets credentials from the gateway the way a
 * browser does, fetched before it starts; the softphone fetches its own with `gatewayIceServers`.
 */
function configurations(deadStunUrl) {
  return [
    { label: 'no STUN', start: (lab, kind, user) => lab.agent(kind, user, { iceServers: [] }) },
    { label: 'dead STUN', slowBaseline: true, start: (lab, kind, user) => lab.agent(kind, user, { iceServers: [{ urls: deadStunUrl }] }) },
    {
      label: 'relay-only TURN (coturn, via nginx)',
      start: async (lab, kind, user) =>
        kind === 'jssip' ? lab.remoteAgent(kind, user, { iceServers: (await lab.fetchTurnCredentials(user)).iceServers }) : lab.remoteAgent(kind, user),
    },
  ];
}

/** A minimal AMI session (MD5 login) for the presence baseline: sends one action, resolves on its response. */
async function amiSession(gateway) {
  const socket = createConnection({ host: gateway.config.ami.host, port: gateway.config.ami.port });
  let buffer = '';
  const waiting = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    let end;
    while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const id = /ActionID: (\S+)/.exec(text)?.[1];
      const index = waiting.findIndex((entry) => entry.id === id);
      if (index >= 0) waiting.splice(index, 1)[0].resolve(text);
    }
  });
  await new Promise((resolve) => socket.once('data', resolve)); // banner
  let next = 0;
  const send = (fields) =>
    new Promise((resolve) => {
      const id = `bench-${(next += 1)}`;
      waiting.push({ id, resolve });
      socket.write(`${Object.entries({ ...fields, ActionID: id }).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    });
  const challenge = /Challenge: (\S+)/.exec(await send({ Action: 'Challenge', AuthType: 'MD5' }))[1];
  const key = createHash('md5').update(challenge + gateway.env.WWE_GATEWAY_AMI_SECRET).digest('hex');
  const login = await send({ Action: 'Login', AuthType: 'MD5', Username: gateway.config.ami.username, Key: key, Events: 'off' });
  if (!/Success/.test(login)) throw new Error(`AMI login failed: ${login}`);
  return { send, close: () => socket.destroy() };
}

/** Waits for a REGISTER with a non-zero expiry for `user` at Genesys after `since`; returns its time. */
async function registeredAt(lab, user, since) {
  const entry = await lab.until(`REGISTER of ${user} at Genesys`, () => lab.genesys.registers(user).find((r) => r.at >= since && r.expires > 0), { timeoutMs: 15_000, intervalMs: 20 });
  return entry.at;
}

async function measurePresence(lab) {
  const ours = [];
  for (let i = 0; i < PRESENCE_SAMPLES; i += 1) {
    const user = nextDn();
    const agent = await lab.agent('softphone', user);
    const registered = (await agent.waitForEvent('registered')).at;
    ours.push((await registeredAt(lab, user, registered - 50)) - registered);
  }
  await lab.closePages();
  const ami = await amiSession(lab.gateway);
  const baseline = [];
  try {
    for (let i = 0; i < PRESENCE_SAMPLES; i += 1) {
      const user = nextDn();
      const sent = Date.now();
      await ami.send({ Action: 'PJSIPRegister', Registration: `genesys_reg_${user}` });
      baseline.push((await registeredAt(lab, user, sent)) - sent);
      await ami.send({ Action: 'PJSIPUnregister', Registration: `genesys_reg_${user}` });
    }
  } finally {
    ami.close();
  }
  return { ours, baseline };
}

const rows = [];
let environment;
let stun;
let install;
try {
  install = await step('find Asterisk', () => locateAsterisk(), 60_000);
  environment = await startAsteriskLab({ step, install, dns: '6001-6200' });
  const { lab } = environment;
  stun = await step('start a STUN server that never answers', startDeadStun);
  for (const configuration of configurations(stun.url)) {
    const { label } = configuration;
    const ours = await measure(lab, 'softphone', configuration);
    const baseline = await measure(lab, 'jssip', configuration);
    for (const metric of ['invite', 'notify']) {
      const name = metric === 'invite' ? 'invite→200 (header auto-answer)' : 'notify→200 (remote answer)';
      const base = summarize(`asterisk ${name}, ${label}, plain JsSIP (n=${baseline[metric].length})`, 'ms', baseline[metric]);
      rows.push(against(summarize(`asterisk ${name}, ${label}, softphone (n=${ours[metric].length})`, 'ms', ours[metric]), base.value));
      rows.push(base);
    }
  }
  const presence = await step('presence latency', () => measurePresence(lab), 120_000);
  const floor = summarize(`asterisk presence: bare PJSIPRegister → REGISTER at Genesys (n=${presence.baseline.length})`, 'ms', presence.baseline);
  rows.push(against(summarize(`asterisk presence: browser registered → REGISTER at Genesys (n=${presence.ours.length})`, 'ms', presence.ours), floor.value));
  rows.push(floor);
  console.log(`dead STUN server received ${stun.requests} binding requests`);
} finally {
  await stun?.close();
  await environment?.tearDown();
  install?.release();
}

writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
for (const row of rows) {
  const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toPrecision(3)}`;
  console.log(`${row.metric}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms${ratio}`);
}
process.exit(0);
