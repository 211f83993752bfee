// One headless Chromium for the whole run; every agent is a page in it.
import puppeteer from 'puppeteer-core';
import { findChromium, chromiumArgs } from '../../scripts/chromium.mjs';

/** `extraArgs`: more Chromium flags (the Asterisk lab adds --ignore-certificate-errors for its self-signed WSS). */
export async function launchBrowser(extraArgs = []) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs(['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', ...extraArgs]),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: 60_000,
  });
  const pid = browser.process()?.pid;
  return {
    browser,
    /** Closes the browser, and kills it by PID if it does not go within 3 s. */
    async close() {
      const closed = browser.close().catch(() => undefined);
      const timer = new Promise((resolve) => setTimeout(resolve, 3000, 'timeout'));
      if ((await Promise.race([closed, timer])) === 'timeout' && pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}
