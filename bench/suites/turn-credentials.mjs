// TURN credentials the gateway issues per second, and their latency, against the gateway's plain
// /healthz on the same server, in the same run, with the same client. The gateway runs in a child
// process of its own (the built package, with the V8 flags of the wwe-gateway executable), AMI
// against the simulator in that child (idle after the first reconcile). The load comes from this
// process: CONCURRENCY keep-alive connections, each repeating what an agent's browser does —
// GET /api/turn/nonce, HMAC of the SIP password, GET /api/turn/credentials — for 2,000 DNs in turn.
// The rate limits are lifted (in production turn.globalPerSecond, default 200/s, sets the rate).
//
//   issuance:  nonce + credentials pairs per second   vs  two /healthz requests per second
//   latency:   one GET /api/turn/credentials (p50/p95/p99)  vs  one GET /healthz
import { execFileSync, fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DNS = 2_000;
const FIRST_DN = 5_000;
const CONCURRENCY = 16;
const WARMUP_MS = 1_500;
const MEASURE_MS = 5_000;
const self = fileURLToPath(import.meta.url);
const gatewayDir = fileURLToPath(new URL('../../packages/gateway/', import.meta.url));
const password = (dn) => `bench-sip-password-of-${dn}`;

if (process.argv.includes('--gateway-child')) await gatewayChild();
else await bench();

function binNodeFlags() {
  const words = readFileSync(join(gatewayDir, 'bin/wwe-gateway.js'), 'utf8').split('\n')[0].split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

function builtGateway() {
  const dist = join(gatewayDir, 'dist/index.js');
  const newest = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((max, e) => Math.max(max, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  if (!existsSync(dist) || statSync(dist).mtimeMs < newest(join(gatewayDir, 'src'))) execFileSync('pnpm', ['run', 'build'], { cwd: gatewayDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dist;
}

async function gatewayChild() {
  const dist = process.argv[process.argv.indexOf('--gateway-child') + 1];
  const passwordsFile = process.argv[process.argv.indexOf('--gateway-child') + 2];
  const lib = await import(dist);
  const { AmiSimulator, dnRange } = await import('../../packages/gateway/test/support/ami-simulator.ts');
  const sim = new AmiSimulator({ dns: dnRange(FIRST_DN, DNS) });
  const amiPort = await sim.start();
  const config = lib.loadConfig({
    env: {
      WWE_GATEWAY_AMI_PORT: String(amiPort), WWE_GATEWAY_AMI_USERNAME: 'gateway', WWE_GATEWAY_AMI_SECRET: 'simulated-secret',
      WWE_GATEWAY_DN_RANGES: `${FIRST_DN}-${FIRST_DN + DNS - 1}`, WWE_GATEWAY_HTTP_PORT: '0', WWE_GATEWAY_RELAY_ENABLED: 'false', WWE_GATEWAY_LOG_LEVEL: 'silent',
      WWE_GATEWAY_TURN_ENABLED: 'true', WWE_GATEWAY_TURN_SECRET: 'bench-turn-secret-0123456789abcdef', WWE_GATEWAY_TURN_URLS: 'turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349?transport=tcp',
      WWE_GATEWAY_TURN_AGENT_PASSWORDS_FILE: passwordsFile,
    },
  });
  config.turn.globalPerSecond = 100_000;
  config.turn.globalBurst = 100_000;
  config.turn.perDnPerMinute = 10_000;
  config.turn.perDnBurst = 10_000;
  const gateway = new lib.Gateway(config, { extensions: [lib.turnExtension()] });
  const { port } = await gateway.start();
  while (!gateway.sync.ready) await new Promise((resolve) => setTimeout(resolve, 20));
  process.send({ port });
  process.on('message', async () => {
    await gateway.stop();
    await sim.stop();
    process.exit(0);
  });
}

function get(agent, port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${path}: HTTP ${res.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `iteration` on CONCURRENCY connections: a warm-up, then MEASURE_MS counted. */
async function load(iteration) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let completed = 0;
  let measuring = false;
  let stop = false;
  const worker = async (w) => {
    for (let i = w; !stop; i += CONCURRENCY) {
      const sample = await iteration(agent, FIRST_DN + (i % DNS));
      if (measuring && !stop) {
        completed += 1;
        latencies.push(sample);
      }
    }
  };
  const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  measuring = true;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  stop = true;
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(workers);
  agent.destroy();
  return { perSecond: completed / seconds, latencies };
}

async function bench() {
  const { against, outFile, summarize } = await import('../stats.mjs');
  const out = outFile();
  const dir = mkdtempSync(join(tmpdir(), 'wwe-bench-turn-'));
  const passwordsFile = join(dir, 'secrets.json');
  const agents = Object.fromEntries(Array.from({ length: DNS }, (_, i) => [String(FIRST_DN + i), password(FIRST_DN + i)]));
  writeFileSync(passwordsFile, JSON.stringify({ agents }), { mode: 0o600 });
  const child = fork(self, ['--gateway-child', builtGateway(), passwordsFile], { execArgv: [...process.execArgv, ...binNodeFlags()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { port } = await new Promise((resolve) => child.once('message', resolve));

    const healthz = async (agent) => {
      await get(agent, port, '/healthz');
      const t0 = performance.now();
      await get(agent, port, '/healthz');
      return performance.now() - t0;
    };
    const credentials = async (agent, dn) => {
      const { nonce } = JSON.parse(await get(agent, port, '/api/turn/nonce'));
      const proof = createHmac('sha256', password(dn)).update(`wwe-turn-v1\n${dn}\n${nonce}`).digest('base64url');
      const t0 = performance.now();
      const body = JSON.parse(await get(agent, port, '/api/turn/credentials', { authorization: `WWE-TURN dn="${dn}", nonce="${nonce}", proof="${proof}"` }));
      const ms = performance.now() - t0;
      if (!body.iceServers?.[0]?.username?.endsWith(`:${dn}`)) throw new Error(`unexpected credential for ${dn}: ${JSON.stringify(body)}`);
      return ms;
    };

    const base = await load(healthz);
    const turn = await load(credentials);
    const baseLatency = summarize('healthz', 'ms', base.latencies);
    const turnLatency = summarize('turn credentials request latency', 'ms', turn.latencies);
    const rows = [
      against({ metric: 'turn credential issuances per second (nonce + credentials)', unit: 'per s', value: turn.perSecond }, base.perSecond),
      against({ ...turnLatency, metric: 'turn credentials request latency (p50; baseline /healthz p50)' }, baseLatency.p50),
      against({ metric: 'turn credentials request latency p99 (baseline /healthz p99)', unit: 'ms', value: turnLatency.p99 }, baseLatency.p99),
    ];
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
    for (const row of rows) console.log(`${row.metric}: ${row.value.toFixed(2)} ${row.unit} (baseline ${row.baseline.toFixed(2)}, ratio ${row.ratio.toFixed(2)})`);
    console.log(`samples: ${turn.latencies.length} credential requests, ${base.latencies.length} healthz pairs; ${CONCURRENCY} connections`);
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
