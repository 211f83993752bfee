// The widget reads presence from another origin, so the CORS path is proven where it matters: headless
// Chromium runs the widget's own `fetchPresence` (widget/src/element/presence.ts) on a page served from
// one origin against a gateway on another, with the presence token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer from 'puppeteer-core';
import ts from 'typescript';
import { Gateway } from '../../src/gateway.js';
import { configSchema } from '../../src/config/schema.js';
import { AmiSimulator, dnRange } from '../support/ami-simulator.js';
import { wsContactUri } from '../support/ami-frames.js';
import { waitFor } from '../support/wait-for.js';

const ADMIN = 'admin-token-for-browser-cors-0123';
const PRESENCE = 'presence-token-browser-cors-4567';
const chromiumModule = new URL('../../../../scripts/chromium.mjs', import.meta.url).href;
const widgetPresence = new URL('../../../../widget/src/element/presence.ts', import.meta.url);

/** A page origin serving an empty document and the widget's presence module as plain JavaScript. */
async function servePage(): Promise<{ origin: string; server: Server }> {
  const presenceJs = ts.transpileModule(readFileSync(widgetPresence, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const server = createServer((req, res) => {
    if (req.url === '/presence.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(presenceJs);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>agent desktop</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test("the widget's presence request works from an allowed origin with the presence token, and is blocked from any other", async () => {
  const { findChromium, chromiumArgs } = (await import(chromiumModule)) as { findChromium(): string; chromiumArgs(extra?: string[]): string[] };
  const allowed = await servePage();
  const foreign = await servePage();
  const sim = new AmiSimulator({ dns: dnRange(5001, 2) });
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: await sim.start(), username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: '5001-5002', confirmTimeoutMs: 1_000 },
      http: { port: 0, token: ADMIN, presenceToken: PRESENCE, corsOrigins: [allowed.origin] },
      relay: { enabled: false },
    }),
  );
  const gatewayUrl = `http://127.0.0.1:${(await gateway.start()).port}`;
  await waitFor('reconciled', () => gateway.sync.ready);
  sim.addContact('5001', wsContactUri('5001', 44000));
  await waitFor('5001 registered', () => gateway.sync.status('5001')?.genesys === 'registered');
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: chromiumArgs() });
  try {
    // Page functions are strings: this package compiles without DOM types.
    const presenceFrom = async (origin: string, dn: string, token: string) => {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      const state = await page.evaluate(`import('/presence.js').then((m) => m.fetchPresence(${JSON.stringify(gatewayUrl)}, ${JSON.stringify(dn)}, ${JSON.stringify(token)}))`);
      // What the page itself can see of the raw request: a readable status, or a network error.
      const raw = await page.evaluate(
        `fetch(${JSON.stringify(`${gatewayUrl}/api/dns/${dn}`)}, { headers: { authorization: 'Bearer ${token}' } }).then((r) => r.status, (e) => e.name)`,
      );
      await page.close();
      return { state, raw };
    };

    assert.deepEqual(await presenceFrom(allowed.origin, '5001', PRESENCE), { state: 'registered', raw: 200 });
    assert.deepEqual(await presenceFrom(allowed.origin, '5002', PRESENCE), { state: 'unregistered', raw: 200 });
    // A refused token is a readable 401 for the allowed origin; the widget shows the gateway as unreachable.
    assert.deepEqual(await presenceFrom(allowed.origin, '5001', 'wrong-token-wrong-token-00'), { state: 'unreachable', raw: 401 });
    // Another origin cannot read anything, even with the right token: the browser blocks the response.
    assert.deepEqual(await presenceFrom(foreign.origin, '5001', PRESENCE), { state: 'unreachable', raw: 'TypeError' });
    // The admin list is not open to other origins at all.
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    assert.equal(await page.evaluate(`fetch(${JSON.stringify(`${gatewayUrl}/api/dns`)}, { headers: { authorization: 'Bearer ${ADMIN}' } }).then((r) => r.status, (e) => e.name)`), 'TypeError');
  } finally {
    await browser.close();
    await gateway.stop();
    await sim.stop();
    allowed.server.close();
    foreign.server.close();
  }
});
