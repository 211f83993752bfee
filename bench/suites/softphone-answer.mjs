// Answer latency inside Chromium, against the in-page lab (simulated Asterisk + Genesys over
// mock-socket, real RTCPeerConnection): time from the frame asking for an answer reaching the
// softphone's socket to the INVITE's 200 OK leaving it —
//   invite→200   INVITE with Call-Info answer-after=0 (header auto-answer)
//   notify→200   out-of-dialog NOTIFY Event: talk for the ringing call (remote answer)
// for @wwe-webrtc/softphone and, as the baseline in the same run, plain JsSIP answer() with the same
// pre-acquired microphone and ICE servers: (a) no STUN server, (b) one STUN server that reads and never
// replies (a Node UDP socket on 127.0.0.1). Plain JsSIP waits for Chromium to give up on that server
// (~40 s), so that baseline takes few samples, all at once on separate DNs.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { findChromium, chromiumArgs } from '../../scripts/chromium.mjs';
import { summarize, against, outFile } from '../stats.mjs';

const SAMPLES = 20;
const SLOW_SAMPLES = 3;
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = outFile();

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./softphone-answer-page.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  alias: {
    '@wwe-webrtc/softphone': `${root}packages/softphone/src/index.ts`,
    '@wwe-webrtc/lab': `${root}packages/lab/src/index.ts`,
  },
  nodePaths: [`${root}packages/softphone/node_modules`, `${root}packages/lab/node_modules`, `${root}node_modules`],
});
const script = bundle.outputFiles[0].text;

// The dead STUN server: reads binding requests and never answers (a closed port would answer ICMP at once).
const stun = createSocket('udp4');
let stunRequests = 0;
stun.on('message', () => (stunRequests += 1));
await new Promise((resolve) => stun.bind(0, '127.0.0.1', resolve));
const deadStun = [{ urls: `stun:127.0.0.1:${stun.address().port}` }];

// localhost is a secure context, so getUserMedia works.
const http = createServer((request, response) => {
  if (request.url === '/bench.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
  }
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));

const browser = await puppeteer.launch({ executablePath: findChromium(), args: chromiumArgs(), headless: true });
const rows = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${http.address().port}/`);
  await page.waitForFunction('typeof window.benchRun === "function"', { timeout: 30_000 });
  const measure = (request) => page.evaluate((r) => window.benchRun(r), request);

  for (const trigger of ['invite', 'notify']) {
    for (const [label, iceServers] of [['no STUN', []], ['dead STUN', deadStun]]) {
      const slow = label === 'dead STUN';
      console.log(`▶ ${trigger}→200, ${label}`);
      const ours = await measure({ subject: 'softphone', trigger, iceServers, samples: SAMPLES, parallel: false });
      const plain = await measure({ subject: 'jssip', trigger, iceServers, samples: slow ? SLOW_SAMPLES : SAMPLES, parallel: slow });
      const baseline = summarize('', 'ms', plain);
      rows.push(summarize(`softphone-answer ${trigger}→200 (plain JsSIP, ${label})`, 'ms', plain));
      rows.push(against(summarize(`softphone-answer ${trigger}→200 (softphone, ${label})`, 'ms', ours), baseline.value));
      const speedup = baseline.value / rows.at(-1).value;
      console.log(`  softphone p50 ${rows.at(-1).p50.toFixed(1)} ms p95 ${rows.at(-1).p95.toFixed(1)} ms; plain JsSIP p50 ${baseline.p50.toFixed(1)} ms → ${speedup.toFixed(1)}× faster`);
    }
  }
  rows.push({ metric: 'softphone-answer dead STUN binding requests seen', unit: 'count', value: stunRequests });
} finally {
  await browser.close();
  http.close();
  stun.close();
}
writeFileSync(out, JSON.stringify(rows, null, 2));
