// The dashboard runs in a browser, so it is tested in one: headless Chromium against a gateway whose
// AMI is the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'dashboard-browser-token-0123456789';
const chromiumModule = new URL('../../../../scripts/chromium.mjs', import.meta.url).href;

test('the dashboard asks for the token, shows the DN grid and follows changes live', async () => {
  const { findChromium, chromiumArgs } = (await import(chromiumModule)) as { findChromium(): string; chromiumArgs(extra?: string[]): string[] };
  const sim = new AmiSimulator({ dns: dnRange(5001, 5) });
  const amiPort = await sim.start();
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5005', confirmTimeoutMs: 1_000 },
      http: { port: 0, token: TOKEN },
      relay: { enabled: false },
    }),
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
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
  } finally {
    await browser.close();
    await gateway.stop();
    await sim.stop();
  }
});
