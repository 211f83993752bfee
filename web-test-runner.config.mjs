import { existsSync, readdirSync } from 'node:fs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { findChromium, chromiumArgs } from './scripts/chromium.mjs';
import { jssipPlugin } from './scripts/wtr-jssip-plugin.mjs';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';
import { screenshotPlugin } from './scripts/wtr-screenshot-plugin.mjs';
import { workspacePlugin } from './scripts/wtr-workspace-plugin.mjs';
import { remoteAnswerPlugin } from './scripts/wtr-remote-answer-plugin.mjs';
import { blockRequestsPlugin } from './scripts/wtr-block-requests-plugin.mjs';
import { qualityGatewayPlugin } from './scripts/wtr-quality-gateway-plugin.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';

const executablePath = findChromium();

export default {
  rootDir: '.',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromiumArgs() },
    }),
  ],
  plugins: [jssipPlugin(), workspacePlugin(), screenshotPlugin(), remoteAnswerPlugin(), blockRequestsPlugin(), qualityGatewayPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' })],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countsReporter()],
  // `wtr --group softphone` runs one package; a group without test files yet is left out.
  // WTR_FILES=<glob>[,<glob>…] runs only those files (the groups would otherwise add every test).
  ...(process.env.WTR_FILES ? { files: process.env.WTR_FILES.split(',') } : { groups: groups() }),
};

function groups() {
  return [
    { name: 'softphone', dir: 'packages/softphone/test' },
    { name: 'lab', dir: 'packages/lab/test' },
    { name: 'widget', dir: 'widget/test' },
  ]
    .filter(({ dir }) => hasTests(dir))
    .map(({ name, dir }) => ({ name, files: `${dir}/**/*.test.ts` }));
}

function hasTests(dir) {
  return (
    existsSync(dir) &&
    readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith('.test.ts'))
  );
}
