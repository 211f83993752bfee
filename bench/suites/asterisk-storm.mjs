// A registration storm through real Asterisk 22 with the generated configuration: 1,000 agents register
// over UDP with digest auth within ~2 s (sipp; the gateway sees the same AMI events as for browsers),
// then all leave. Measured at Genesys (sipp's registrar trace):
//   storm → all registered     first agent REGISTER → every DN's REGISTER at Genesys, and the PJSIPRegister
//                              retries the gateway needed (silent losses it caught)
//   leave → all unregistered   first agent un-REGISTER → every DN's un-REGISTER at Genesys
// Baseline, same run: the storm itself (first agent REGISTER sent → sipp saw every agent's 200 OK).
// Three rounds; the table gives the median.
import { writeFileSync } from 'node:fs';
import { runIsolated } from '../../e2e/lib/namespace.mjs';
import { locateAsterisk } from '../../e2e/lib/asterisk.mjs';
import { startAsteriskLab, STORM_DNS } from '../../e2e/asterisk/environment.mjs';
import { withTimeout } from '../../e2e/lib/suite.mjs';
import { summarize, against, outFile } from '../stats.mjs';

const ROUNDS = 3;
const out = outFile();
await runIsolated();

const step = async (name, fn, ms = 60_000) => {
  console.log(`▶ ${name}`);
  return withTimeout(fn(), ms, name);
};

/** Resolves once Genesys's registrar holds all of `dns` (or none, with `registered: false`). */
async function genesysHolds(lab, dns, registered) {
  const wanted = new Set(dns);
  await lab.until(`all ${registered ? 'registered' : 'unregistered'}`, () => {
    const now = new Set(lab.genesys.registeredDns());
    return [...wanted].every((dn) => now.has(dn) === registered);
  }, { timeoutMs: 90_000, intervalMs: 100 });
  return Date.now();
}

const rows = [];
let environment;
let install;
try {
  install = await step('find Asterisk', () => locateAsterisk());
  environment = await startAsteriskLab({ step, install });
  const { lab } = environment;
  const samples = { storm: [], registered: [], leave: [], unregistered: [], retries: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    await step(`round ${round + 1} of ${ROUNDS}`, async () => {
      const retriesBefore = await lab.metric('wwe_gateway_registration_retries_total');
      let started = Date.now();
      await lab.registerAgents(STORM_DNS, { rate: 500 });
      samples.storm.push(Date.now() - started);
      samples.registered.push((await genesysHolds(lab, STORM_DNS, true)) - started);
      samples.retries.push((await lab.metric('wwe_gateway_registration_retries_total')) - retriesBefore);
      started = Date.now();
      await lab.registerAgents(STORM_DNS, { expires: 0, rate: 500 });
      samples.leave.push(Date.now() - started);
      samples.unregistered.push((await genesysHolds(lab, STORM_DNS, false)) - started);
      console.log(`  registered at Genesys after ${samples.registered.at(-1)} ms (storm ${samples.storm.at(-1)} ms, ${samples.retries.at(-1)} retries); unregistered after ${samples.unregistered.at(-1)} ms`);
    }, 240_000);
  }
  const storm = summarize(`asterisk storm: ${STORM_DNS.length} agents registered at Asterisk (sipp, 500/s)`, 'ms', samples.storm);
  rows.push(against(summarize(`asterisk storm: ${STORM_DNS.length} DNs registered at Genesys (n=${ROUNDS})`, 'ms', samples.registered), storm.value), storm);
  rows.push(summarize(`asterisk storm: PJSIPRegister retries per ${STORM_DNS.length}-DN storm`, 'count', samples.retries));
  const leave = summarize(`asterisk storm: ${STORM_DNS.length} agents unregistered at Asterisk (sipp, 500/s)`, 'ms', samples.leave);
  rows.push(against(summarize(`asterisk storm: ${STORM_DNS.length} DNs unregistered at Genesys (n=${ROUNDS})`, 'ms', samples.unregistered), leave.value), leave);
} finally {
  await environment?.tearDown();
  install?.release();
}
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
process.exit(0);
