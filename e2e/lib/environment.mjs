// Starts the whole lab (page bundle, Kamailio, page server, Chromium) and tears it down by PID;
// shared by the end-to-end runner and the answer-latency benchmark.
import { Kamailio } from './kamailio.mjs';
import { bundlePage, servePage } from './page-server.mjs';
import { launchBrowser } from './browser.mjs';
import { stopAll } from './processes.mjs';
import { killNamespaceProcesses } from './namespace.mjs';
import { Lab } from './lab.mjs';

/**
 * Brings the lab up step by step through `step(name, fn, timeoutMs)` (which names a failing step) and
 * returns { lab, tearDown }. If a step fails, what was already started is released before rethrowing.
 */
export async function startLab({ step, subject }) {
  const resources = [];
  const tearDown = async () => {
    for (const release of resources.reverse()) await release().catch((error) => console.error(`teardown: ${error.message}`));
    resources.length = 0;
    await stopAll();
    killNamespaceProcesses();
  };
  try {
    const bundle = await step('bundle the test page (esbuild)', bundlePage);
    const kamailio = new Kamailio();
    resources.push(async () => {
      await kamailio.stop();
      kamailio.cleanUp();
    });
    await step('start Kamailio', () => kamailio.start(), 10_000);
    const server = await step('serve the test page', () => servePage(bundle));
    resources.push(server.close);
    const chromium = await step('launch Chromium', launchBrowser);
    resources.push(chromium.close);
    return { lab: new Lab({ kamailio, pageUrl: server.url, browser: chromium.browser, subject }), tearDown };
  } catch (error) {
    await tearDown();
    throw error;
  }
}
