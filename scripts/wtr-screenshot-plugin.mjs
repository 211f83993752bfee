// `executeServerCommand('save-screenshot', { name, clip })` from a browser test: saves a PNG of the test
// page (optionally clipped to a rectangle) under test-results/screenshots/ for review. Chrome launcher only.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const OUT_DIR = resolve('test-results/screenshots');
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,80}$/i;

export function screenshotPlugin() {
  return {
    name: 'save-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      const { name, clip } = payload ?? {};
      if (typeof name !== 'string' || !SAFE_NAME.test(name)) throw new Error(`save-screenshot: bad name ${String(name)}`);
      const page = session.browser.getPage?.(session.id);
      if (!page) throw new Error('save-screenshot needs the Chrome launcher');
      await mkdir(OUT_DIR, { recursive: true });
      const path = join(OUT_DIR, `${name}.png`);
      await page.screenshot({ path, ...(clip ? { clip } : {}) });
      return path;
    },
  };
}
