// The dashboard runs in a browser, so it is tested in one: headless Chromium against a gateway whose
// AMI is the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { QUALITY_PROOF, agentProofHeader } from '../../src/agent-auth/agent-proof.js';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { qualityExtension } from '../../src/quality/quality-extension.js';
import { rtcpReceived, rtcpSent, wsContactUri } from '../support/ami-frames.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'dashboard-browser-token-0123456789';
const chromiumModule = new URL('../../../../scripts/chromium.mjs', import.meta.url).href;

test('the dashboard asks for the token, shows the DN grid, follows changes live and lists calls below the quality threshold', async () => {
  const { findChromium, chromiumArgs } = (await import(chromiumModule)) as { findChromium(): string; chromiumArgs(extra?: string[]): string[] };
  const dir = mkdtempSync(join(tmpdir(), 'wwe-dashboard-'));
  const passwordsFile = join(dir, 'secrets.json');
  writeFileSync(passwordsFile, JSON.stringify({ agents: { '5003': 'sip-password-of-5003' } }));
  const sim = new AmiSimulator({ dns: dnRange(5001, 5) });
  const amiPort = await sim.start();
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5005', confirmTimeoutMs: 1_000 },
      http: { port: 0, token: TOKEN },
      relay: { enabled: false },
      quality: { browserReports: { enabled: true, agentPasswordsFile: passwordsFile } },
    }),
    { extensions: [qualityExtension()] },
  );
  const { port } = await gateway.start();
  await waitFor('reconciled', () => gateway.sync.ready);
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: chromiumArgs() });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !/401/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`http://127.0.0.1:${port}/`);
    // Page functions are strings: this package compiles without DOM types.
    await page.waitForFunction(`document.getElementById('status')?.textContent === 'token refused'`);

    await page.type('#token', TOKEN);
    await page.click('#auth button');
    await page.waitForFunction(`document.querySelectorAll('#grid .dn').length === 5`);
    assert.equal(await page.$eval('#status', (el) => el.textContent), 'live');

    sim.addContact('5003', wsContactUri('5003', 42000));
    await page.waitForFunction(`[...document.querySelectorAll('#grid .dn')].some((el) => el.textContent === '5003' && el.classList.contains('browser') && el.classList.contains('g-registered'))`);
    const log = await page.$eval('#log', (el) => el.textContent ?? '');
    assert.match(log, /5003 registered \(browser\)/);
    await page.waitForFunction(`/browser: 1/.test(document.getElementById('counts').textContent) && /registered: 1/.test(document.getElementById('counts').textContent)`);

    // Call quality: a clean call is counted but not listed; a lossy trunk leg is.
    await page.waitForFunction(`!document.getElementById('quality').hidden && document.getElementById('quality-none').hidden === false`);
    const browserLeg = { channel: 'PJSIP/5003-00000002', uniqueid: '9.2', linkedid: '9.1', callUuid: 'DASHBOARDQUALITY0000000000000001' };
    const trunkLeg = { channel: 'PJSIP/genesys-00000001', uniqueid: '9.1', linkedid: '9.1', exten: '5003', callUuid: browserLeg.callUuid };
    sim.broadcast(rtcpReceived(browserLeg, { fractionLost: 0, jitter: 8 }, 0.002));
    sim.broadcast(rtcpSent(trunkLeg, { fractionLost: 40, cumulativeLost: 60, jitter: 320 }));
    await page.waitForFunction(`document.querySelectorAll('#quality-calls tbody tr').length === 1`, { timeout: 10_000 });
    const row = await page.$eval('#quality-calls tbody tr', (el) => [...el.children].map((td) => td.textContent));
    assert.equal(row[0], '5003');
    assert.equal(row[1], browserLeg.callUuid);
    assert.match(row[2] ?? '', /^trunk \(PJSIP\/genesys-00000001\)$/);
    assert.equal(row[3], 'to Asterisk');
    assert.ok(Number(row[4]) < 3.5, `MOS ${row[4]}`);
    assert.equal(row[6], '15.6');
    assert.equal(row[9], '–', 'no browser report yet');

    // The agent's browser reports the call when it ends: its view shows beside Asterisk's.
    const base = `http://127.0.0.1:${port}`;
    const { nonce } = (await (await fetch(`${base}/api/quality/nonce`)).json()) as { nonce: string };
    const report = {
      callUuid: browserLeg.callUuid,
      samples: 30,
      candidate: { local: 'relay', networkType: 'wifi' },
      mos: { min: 2.9, avg: 3.4, max: 4.1 },
      warnings: [{ name: 'constant-audio-input-level', raisedAt: Date.now() - 5_000 }],
    };
    const posted = await fetch(`${base}/api/dns/5003/quality`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: agentProofHeader('sip-password-of-5003', '5003', nonce, QUALITY_PROOF) },
      body: JSON.stringify(report),
    });
    assert.equal(posted.status, 202);
    await page.waitForFunction(`/MOS 3[.]40/.test(document.querySelector('#quality-calls tbody tr td:last-child')?.textContent ?? '')`, { timeout: 10_000 });
    const browserCell = await page.$eval('#quality-calls tbody tr td:last-child', (el) => el.textContent);
    assert.equal(browserCell, 'MOS 3.40 · relay/wifi · constant-audio-input-level');
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
  } finally {
    await browser.close();
    await gateway.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
