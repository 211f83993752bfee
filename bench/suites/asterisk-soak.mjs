// Soak through real Asterisk 22 (not part of `pnpm test`): WWE_SOAK_MINUTES (default 30) of steady load,
// then the gateway's memory and event-loop lag are compared with the start.
//   presence churn  every 10 s, 100 agents (sipp, UDP) register; 10 s later they leave
//   calls           four browser agents take Genesys calls in turn, answered by remote answer (NOTIFY talk
//                   relayed by the gateway), one every 2 s, 2 s long; every 5th call the agent's page
//                   disconnects and reconnects first (presence through the browser too)
// Sampled every 10 s: the gateway's RSS (/proc/<pid>/status) and its event-loop lag p99 (/metrics).
// Reported: RSS after warm-up (the baseline) and at the end, the slope of RSS over the second half, lag
// p50/p99 over the samples, and calls answered/failed. Nothing may grow without bound.
import { readFileSync, writeFileSync } from 'node:fs';
import { runIsolated } from '../../e2e/lib/namespace.mjs';
import { locateAsterisk } from '../../e2e/lib/asterisk.mjs';
import { startAsteriskLab, STORM_DNS } from '../../e2e/asterisk/environment.mjs';
import { withTimeout } from '../../e2e/lib/suite.mjs';
import { summarize, against, outFile } from '../stats.mjs';

const MINUTES = Number(process.env.WWE_SOAK_MINUTES ?? 30);
const WARMUP_MS = Math.min(120_000, (MINUTES * 60_000) / 5);
const AGENT_DNS = ['5031', '5032', '5033', '5034'];
const CHURN_DNS = STORM_DNS.slice(0, 100);
const out = outFile();
await runIsolated();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const step = async (name, fn, ms = 60_000) => {
  console.log(`▶ ${name}`);
  return withTimeout(fn(), ms, name);
};

const rssMiB = (pid) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const num = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const den = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const rows = [];
let environment;
let install;
try {
  install = await step('find Asterisk', () => locateAsterisk());
  environment = await startAsteriskLab({ step, install });
  const { lab } = environment;
  const agents = await step('agents', () => Promise.all(AGENT_DNS.map((dn) => lab.agent('softphone', dn))));
  const end = Date.now() + MINUTES * 60_000;
  const counts = { answered: 0, failed: 0, churns: 0 };
  const samples = [];

  const churn = (async () => {
    while (Date.now() < end) {
      await lab.registerAgents(CHURN_DNS, { rate: 200 }).catch(() => undefined);
      await sleep(10_000);
      await lab.registerAgents(CHURN_DNS, { expires: 0, rate: 200 }).catch(() => undefined);
      counts.churns += 1;
      await sleep(10_000);
    }
  })();

  const calls = (async () => {
    for (let n = 0; Date.now() < end; n += 1) {
      const index = n % agents.length;
      const agent = agents[index];
      try {
        if (n % 5 === 4) {
          await agent.run('disconnect');
          await agent.run('connect');
        }
        await lab.sipp('genesys-call.xml', AGENT_DNS[index], { keys: { uuid: `SOAK${String(n).padStart(12, '0')}`, notify_ms: 200, call_ms: 2000 }, timeoutMs: 30_000 }).done;
        counts.answered += 1;
      } catch (error) {
        counts.failed += 1;
        console.log(`  call ${n} failed: ${error.message.split('\n')[0]}`);
      }
      await sleep(2000);
    }
  })();

  const pid = lab.gateway.process.child.pid;
  const started = Date.now();
  while (Date.now() < end) {
    await sleep(10_000);
    const lag = await lab.metric('wwe_gateway_nodejs_eventloop_lag_p99_seconds');
    samples.push({ at: Date.now() - started, rss: rssMiB(pid), lagMs: lag * 1000 });
    const last = samples.at(-1);
    if (samples.length % 6 === 0) console.log(`  ${(last.at / 60_000).toFixed(1)} min: RSS ${last.rss.toFixed(1)} MiB, lag p99 ${last.lagMs.toFixed(1)} ms, calls ${counts.answered} ok / ${counts.failed} failed, churn ${counts.churns}`);
  }
  await Promise.all([churn, calls]);

  const afterWarmup = samples.filter((sample) => sample.at >= WARMUP_MS);
  const secondHalf = samples.filter((sample) => sample.at >= (MINUTES * 60_000) / 2);
  const baseline = afterWarmup[0]?.rss ?? samples[0].rss;
  const final = samples.at(-1).rss;
  const mibPerHour = slope(secondHalf.map((sample) => [sample.at / 3_600_000, sample.rss]));
  rows.push(against({ metric: `asterisk soak ${MINUTES} min: gateway RSS at the end (baseline: after warm-up)`, unit: 'MiB', value: final }, baseline));
  rows.push({ metric: `asterisk soak ${MINUTES} min: gateway RSS slope over the second half`, unit: 'MiB/h', value: mibPerHour });
  rows.push(summarize(`asterisk soak ${MINUTES} min: gateway event-loop lag p99 (10 s samples)`, 'ms', samples.map((sample) => sample.lagMs)));
  rows.push({ metric: `asterisk soak ${MINUTES} min: remote-answer calls answered`, unit: 'count', value: counts.answered });
  rows.push({ metric: `asterisk soak ${MINUTES} min: calls failed`, unit: 'count', value: counts.failed });
  rows.push({ metric: `asterisk soak ${MINUTES} min: presence churns of ${CHURN_DNS.length} agents`, unit: 'count', value: counts.churns });
} finally {
  await environment?.tearDown();
  install?.release();
}
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
process.exit(0);
