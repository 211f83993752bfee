// Locates the system Chromium and the flags every headless run here needs.
// Shared by the browser test runner, the end-to-end suite and the benchmarks.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

export class BrowserNotFoundError extends Error {
  code = 'BROWSER_NOT_FOUND';
  constructor() {
    super(
      'No Chromium found: install it with `sudo apt-get install chromium` (Debian) or set CHROME_PATH to a Chrome/Chromium binary.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

/** CHROME_PATH first, then Debian's chromium, then Chrome. Never downloads a browser. */
export function findChromium(env = process.env) {
  if (env.CHROME_PATH) {
    if (existsSync(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new BrowserNotFoundError();
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new BrowserNotFoundError();
  return found;
}

/**
 * Flags for a headless Chromium on a closed network: fake microphone/camera without a prompt,
 * no background traffic, ICE on loopback, and no sandbox when running as root (CI).
 */
export function chromiumArgs(extra = []) {
  const args = [
    '--headless=new',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-gpu',
    '--disable-quic',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--mute-audio',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return [...args, ...extra];
}
