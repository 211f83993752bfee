// Gateway registration sync at 10,000 DNs against the AMI simulator. The gateway runs in a child
// process of its own, as in production: the built package (rebuilt first when a source is newer), with
// the V8 flags the wwe-gateway executable starts Node with. The simulator runs in this process. Every number has a baseline measured in the same run over the same simulator and socket:
// a plain AMI `Ping` round trip from the gateway's process.
//
//   contact→register latency: ContactStatus written by the simulator → PJSIPRegister received by it
//   storm throughput:         all remaining DNs' ContactStatus at once → every PJSIPRegister received
//   RSS:                      gateway process at start, with 10,000 DNs idle, its peak through the storm
//                             (VmHWM), and settled after the storm (no forced GC: what production sees)
//   reconcile:                reconnect → state rebuilt from 10,000-item lists (5,000 browsers)
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { builtPackage } from '../../scripts/built-package.mjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DNS = 10_000;
const FIRST_DN = 10_000;
const LATENCY_SAMPLES = 2_000;
const SETTLE_MS = 12_000; // V8's memory reducer gives unused heap back about 8 s after activity stops
const WARMUP = 200;
const self = fileURLToPath(import.meta.url);
const gatewayDir = fileURLToPath(new URL('../../packages/gateway/', import.meta.url));

if (process.argv.includes('--gateway-child')) await gatewayChild();
else await bench();

/** The Node flags on the wwe-gateway executable's `#!/usr/bin/env -S node …` line. */
function binNodeFlags() {
  const shebang = readFileSync(join(gatewayDir, 'bin/wwe-gateway.js'), 'utf8').split('\n')[0];
  const words = shebang.split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

/** The built package, built first unless it is newer than every source file. Measuring the sources
 *  through tsx instead would add the compiler's own memory to the gateway's. */
function builtGateway() {
  return builtPackage(gatewayDir);
}

async function bench() {
  const { against, outFile, summarize } = await import('../stats.mjs');
  const { AmiSimulator, dnRange } = await import('../../packages/gateway/test/support/ami-simulator.ts');
  const { wsContactUri } = await import('../../packages/gateway/test/support/ami-frames.ts');
  const out = outFile();
  const dns = dnRange(FIRST_DN, DNS);
  const sim = new AmiSimulator({ dns, registerDelayMs: 1 });
  const port = await sim.start();
  const child = fork(self, ['--gateway-child', String(port), builtGateway()], {
    execArgv: ['--expose-gc', ...binNodeFlags()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map();
  child.on('message', (message) => {
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  const ask = (command) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, command });
    });
  const trim = () => {
    if (sim.actions.length > 1000) sim.actions.splice(0, sim.actions.length - 10); // keep memory flat
  };

  try {
    const rssStart = await ask('rss');
    await ask('startGateway');
    const rssIdle = await ask('rss');
    const registerOf = (dn) => (action) => action.action === 'PJSIPRegister' && action.get('Registration') === `genesys_reg_${dn}`;

    // Latency: one ContactStatus at a time, waiting for its PJSIPRegister (after the same warm-up as
    // the echo baseline gets).
    const rtt = await ask('echoRtt');
    const latency = [];
    for (let i = 0; i < WARMUP + LATENCY_SAMPLES; i++) {
      const dn = dns[i];
      const t0 = performance.now();
      const seen = sim.waitForAction(registerOf(dn), 10_000);
      sim.addContact(dn, wsContactUri(dn, 40_000));
      await seen;
      if (i >= WARMUP) latency.push(performance.now() - t0);
      trim();
    }

    // Storm: every remaining DN's browser at once.
    const rest = dns.slice(WARMUP + LATENCY_SAMPLES);
    sim.actions.length = 0;
    const pending = new Set(rest.map((dn) => `genesys_reg_${dn}`));
    let t0 = performance.now();
    const done = sim.waitForAction((a) => a.action === 'PJSIPRegister' && pending.delete(a.get('Registration')) && pending.size === 0, 60_000);
    for (const dn of rest) sim.addContact(dn, wsContactUri(dn, 40_000));
    await done;
    const stormMs = performance.now() - t0;
    sim.actions.length = 0;
    await ask('waitRegistered');
    const rssPeak = await ask('rssPeak');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssSettled = await ask('rssNow');

    // Reconcile: half the browsers leave while the gateway is away; it reconnects.
    const reconciled = ask('nextReconcile');
    sim.dropConnections();
    for (const dn of dns.slice(DNS / 2)) sim.contacts.delete(dn);
    const reconcileMs = await reconciled;
    const echo = await ask('echoBulk'); // last, so its 10,000 pending Pings do not inflate the gateway's RSS
    await ask('stop');

    const MiB = 1024 * 1024;
    const echoRow = summarize('ami echo round trip (baseline)', 'ms', rtt);
    const latencyRow = summarize('contact→PJSIPRegister latency', 'ms', latency);
    const stormPerSecond = rest.length / (stormMs / 1000);
    const rows = [
      echoRow,
      against(latencyRow, echoRow.value),
      { metric: 'contact→PJSIPRegister latency p99 vs echo p99', unit: 'ms', value: latencyRow.p99, baseline: echoRow.p99, ratio: latencyRow.p99 / echoRow.p99 },
      { metric: 'ami echo throughput, pipelined Pings (baseline)', unit: 'msg/s', value: echo.perSecond },
      against({ metric: `storm: ${rest.length} ContactStatus → PJSIPRegister`, unit: 'events/s', value: stormPerSecond }, echo.perSecond),
      { metric: 'storm: total time', unit: 'ms', value: stormMs },
      { metric: 'gateway process RSS at start (baseline)', unit: 'MiB', value: rssStart / MiB },
      against({ metric: 'gateway process RSS, 10,000 DNs reconciled (no browsers)', unit: 'MiB', value: rssIdle / MiB }, rssStart / MiB),
      ...(rssPeak === undefined ? [] : [against({ metric: 'gateway process peak RSS through reconcile and storm (VmHWM)', unit: 'MiB', value: rssPeak / MiB }, rssStart / MiB)]),
      against({ metric: `gateway process RSS ${SETTLE_MS / 1000} s after the storm, 10,000 registered`, unit: 'MiB', value: rssSettled / MiB }, rssStart / MiB),
      { metric: 'gateway RSS per 1,000 registered DNs (settled)', unit: 'MiB', value: (rssSettled - rssStart) / MiB / (DNS / 1000) },
      { metric: 'outbound-registration list, 10,000 items (baseline)', unit: 'ms', value: echo.listMs },
      against({ metric: 'full reconcile, 10,000 DNs', unit: 'ms', value: reconcileMs }, echo.listMs),
    ];
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
    void t0;
  } finally {
    child.kill();
    await sim.stop();
  }
}

async function gatewayChild() {
  const port = Number(process.argv[process.argv.indexOf('--gateway-child') + 1]);
  const dist = process.argv[process.argv.indexOf('--gateway-child') + 2];
  const lib = await import(dist);
  const clientOptions = { host: '127.0.0.1', port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 };
  let client;
  let sync;
  const commands = {
    rss: () => {
      globalThis.gc();
      const m = process.memoryUsage();
      return m.rss;
    },
    rssNow: () => process.memoryUsage().rss,
    /** The kernel's high-water mark of the process's resident set (Linux), in bytes. */
    rssPeak: () => {
      const kib = /^VmHWM:\s+(\d+) kB$/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '')?.[1];
      return kib === undefined ? undefined : Number(kib) * 1024;
    },
    echoRtt: async () => {
      const echo = new lib.AmiClient(clientOptions);
      await echo.start();
      for (let i = 0; i < WARMUP; i++) await echo.send('Ping');
      const rtt = [];
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const t0 = performance.now();
        await echo.send('Ping');
        rtt.push(performance.now() - t0);
      }
      await echo.stop();
      return rtt;
    },
    echoBulk: async () => {
      const echo = new lib.AmiClient(clientOptions);
      await echo.start();
      let t0 = performance.now();
      await Promise.all(Array.from({ length: DNS }, () => echo.send('Ping', {}, { timeoutMs: 60_000 })));
      const perSecond = DNS / ((performance.now() - t0) / 1000);
      t0 = performance.now();
      await echo.list('PJSIPShowRegistrationsOutbound', {}, { timeoutMs: 60_000 });
      const listMs = performance.now() - t0;
      await echo.stop();
      return { perSecond, listMs };
    },
    startGateway: async () => {
      client = new lib.AmiClient({ ...clientOptions, reconnect: { initialDelayMs: 5, maxDelayMs: 50 } });
      sync = new lib.RegistrationSync(client, {
        dnRanges: `${FIRST_DN}-${FIRST_DN + DNS - 1}`,
        confirmTimeoutMs: 10_000,
        actionsPerSecond: 100_000, // measure the gateway, not the pacer
        actionBurst: 10_000,
        bootWaitMs: 50,
      });
      sync.start();
      const reconciled = new Promise((resolve) => sync.once('reconciled', resolve));
      await client.start();
      await reconciled;
    },
    waitRegistered: async () => {
      while (sync.counts().registered < DNS) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    nextReconcile: () => new Promise((resolve) => sync.once('reconciled', (r) => resolve(r.durationMs))),
    stop: async () => {
      await sync.stop();
      await client.stop();
    },
  };
  process.on('message', async ({ id, command }) => process.send({ id, result: await commands[command]() }));
}
