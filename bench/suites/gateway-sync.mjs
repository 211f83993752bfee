// Gateway registration sync at 10,000 DNs, against the AMI simulator running in a child process (so
// the gateway's memory and CPU are its own). Every number has a baseline measured in the same run
// over the same simulator and socket: a plain AMI `Ping` round trip through an AmiClient.
//
//   contact→register latency: ContactStatus written by the simulator → PJSIPRegister received by it
//   storm throughput:         10,000 ContactStatus at once → all 10,000 PJSIPRegisters received
//   RSS per 1,000 DNs:        gateway process, before vs after 10,000 DNs registered
//   reconcile:                reconnect → state rebuilt from 10,000-item lists (5,000 browsers)
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const DNS = 10_000;
const FIRST_DN = 10_000;
const LATENCY_SAMPLES = 2_000;
const self = fileURLToPath(import.meta.url);

if (process.argv.includes('--simulator-child')) await simulatorChild();
else await bench();

async function bench() {
  const { against, outFile, summarize } = await import('../stats.mjs');
  const { AmiClient } = await import('../../packages/gateway/src/ami/client.ts');
  const { RegistrationSync } = await import('../../packages/gateway/src/registration-sync/registration-sync.ts');
  const out = outFile();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');

  const child = fork(self, ['--simulator-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map();
  child.on('message', (message) => {
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  const ask = (command, args = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, command, ...args });
    });

  try {
    const { port } = await ask('start', { dns: DNS, first: FIRST_DN });
    const clientOptions = { host: '127.0.0.1', port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 };

    // Baseline 1: Ping round trips, one at a time, over a plain client.
    const echo = new AmiClient(clientOptions);
    await echo.start();
    for (let i = 0; i < 200; i++) await echo.send('Ping'); // warm-up
    const rtt = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const t0 = performance.now();
      await echo.send('Ping');
      rtt.push(performance.now() - t0);
    }
    const echoRow = summarize('ami echo round trip (baseline)', 'ms', rtt);
    // Baseline 2: 10,000 pipelined Pings.
    let t0 = performance.now();
    await Promise.all(Array.from({ length: DNS }, () => echo.send('Ping', {}, { timeoutMs: 60_000 })));
    const echoPerSecond = DNS / ((performance.now() - t0) / 1000);
    // Baseline 3: the outbound-registration list alone.
    t0 = performance.now();
    await echo.list('PJSIPShowRegistrationsOutbound', {}, { timeoutMs: 60_000 });
    const listMs = performance.now() - t0;
    await echo.stop();

    gc();
    const rssBefore = process.memoryUsage().rss;
    const client = new AmiClient(clientOptions);
    const sync = new RegistrationSync(client, {
      dnRanges: `${FIRST_DN}-${FIRST_DN + DNS - 1}`,
      confirmTimeoutMs: 10_000,
      actionsPerSecond: 100_000, // measure the gateway, not the pacer
      actionBurst: 10_000,
      bootWaitMs: 50,
    });
    sync.start();
    const firstReconcile = new Promise((resolve) => sync.once('reconciled', resolve));
    await client.start();
    await firstReconcile;

    // Latency: one ContactStatus at a time, waiting for its PJSIPRegister.
    const latency = await ask('latency', { count: LATENCY_SAMPLES });
    const latencyRow = summarize('contact→PJSIPRegister latency', 'ms', latency);

    // Storm: every remaining DN's browser at once.
    const storm = await ask('storm');
    const eventsPerSecond = storm.count / (storm.ms / 1000);
    while (sync.counts().registered < DNS) await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
    const rssAfter = process.memoryUsage().rss;
    const rssPer1000 = (rssAfter - rssBefore) / (DNS / 1000) / (1024 * 1024);

    // Reconcile: half the browsers leave while the gateway is away; reconnect.
    await ask('drop', { keep: DNS / 2 });
    const reconciled = await new Promise((resolve) => sync.once('reconciled', resolve));

    await sync.stop();
    await client.stop();

    const rows = [
      echoRow,
      against(latencyRow, echoRow.value),
      { metric: 'contact→PJSIPRegister latency p99 vs echo p99', unit: 'ms', value: latencyRow.p99, baseline: echoRow.p99, ratio: latencyRow.p99 / echoRow.p99 },
      { metric: 'ami echo throughput (baseline)', unit: 'msg/s', value: echoPerSecond },
      against({ metric: `storm: ${storm.count} ContactStatus → PJSIPRegister`, unit: 'events/s', value: eventsPerSecond }, echoPerSecond),
      { metric: 'storm: total time', unit: 'ms', value: storm.ms },
      { metric: 'gateway RSS per 1,000 DNs (10,000 registered)', unit: 'MiB', value: rssPer1000 },
      { metric: 'process RSS before the gateway (tsx, simulator client; baseline)', unit: 'MiB', value: rssBefore / (1024 * 1024) },
      against({ metric: 'process RSS with 10,000 DNs registered', unit: 'MiB', value: rssAfter / (1024 * 1024) }, rssBefore / (1024 * 1024)),
      { metric: 'outbound-registration list, 10,000 items (baseline)', unit: 'ms', value: listMs },
      against({ metric: 'full reconcile, 10,000 DNs', unit: 'ms', value: reconciled.durationMs }, listMs),
    ];
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
    for (const row of rows) console.log(`${row.metric}: ${row.value.toFixed(3)} ${row.unit}${row.p99 !== undefined ? ` (p99 ${row.p99.toFixed(3)})` : ''}${row.ratio !== undefined ? ` ratio ${row.ratio.toFixed(2)}` : ''}`);
  } finally {
    child.kill();
  }
}

async function simulatorChild() {
  const { AmiSimulator, dnRange } = await import('../../packages/gateway/test/support/ami-simulator.ts');
  const { wsContactUri } = await import('../../packages/gateway/test/support/ami-frames.ts');
  let sim;
  let dns = [];
  let used = 0;
  const reply = (id, result) => process.send({ id, result });
  const registerOf = (dn) => (action) => action.action === 'PJSIPRegister' && action.get('Registration') === `genesys_reg_${dn}`;
  process.on('message', async (message) => {
    switch (message.command) {
      case 'start':
        dns = dnRange(message.first, message.dns);
        sim = new AmiSimulator({ dns, registerDelayMs: 1 });
        reply(message.id, { port: await sim.start() });
        break;
      case 'latency': {
        const samples = [];
        for (let i = 0; i < message.count; i++) {
          const dn = dns[used++];
          const t0 = performance.now();
          const seen = sim.waitForAction(registerOf(dn), 10_000);
          sim.addContact(dn, wsContactUri(dn, 40_000));
          const action = await seen;
          samples.push(performance.now() - t0);
          if (sim.actions.length > 1000) sim.actions.splice(0, sim.actions.length - 10); // keep memory flat
          void action;
        }
        reply(message.id, samples);
        break;
      }
      case 'storm': {
        const rest = dns.slice(used);
        sim.actions.length = 0;
        const t0 = performance.now();
        const pending = new Set(rest.map((dn) => `genesys_reg_${dn}`));
        const done = sim.waitForAction((action) => action.action === 'PJSIPRegister' && pending.delete(action.get('Registration')) && pending.size === 0, 60_000);
        for (const dn of rest) sim.addContact(dn, wsContactUri(dn, 40_000));
        await done;
        used = dns.length;
        reply(message.id, { count: rest.length, ms: performance.now() - t0 });
        break;
      }
      case 'drop':
        sim.dropConnections();
        for (const dn of dns.slice(message.keep)) sim.contacts.delete(dn);
        reply(message.id, {});
        break;
    }
  });
}
