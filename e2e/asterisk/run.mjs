#!/usr/bin/env node
// The real-Asterisk suite: Asterisk 22 with the configuration `wwe-gateway asterisk-config` generates,
// `wwe-gateway run`, sipp as Genesys SIP Server (registrar and trunk, at 127.0.0.2) with an RTP peer,
// and the softphone and the widget in headless Chromium, all in a private network namespace.
// Usage: node e2e/asterisk/run.mjs [--counts=<file>] [--only=<substring>]
// Asterisk comes from ASTERISK_PREFIX, ASTERISK_TARBALL, the build beside the checkout
// (../shared/asterisk/), or PATH. Without one the suite is skipped with a sentence saying how to get
// one, except under CI=true, where that is a failure.
import { writeFileSync } from 'node:fs';
import { AsteriskNotFoundError, asteriskAvailable, locateAsterisk } from '../lib/asterisk.mjs';
import { runSuite } from '../lib/runner.mjs';
import { startAsteriskLab } from './environment.mjs';
import { scenarios } from './scenarios/index.mjs';

const countsFile = process.argv.find((arg) => arg.startsWith('--counts='))?.slice('--counts='.length);

if (!asteriskAvailable()) {
  const required = process.env.CI === 'true';
  console.log(`asterisk: ${new AsteriskNotFoundError().message}${required ? '' : ' Skipping the real-Asterisk suite.'}`);
  if (countsFile) writeFileSync(countsFile, `${JSON.stringify({ passed: 0, failed: required ? 1 : 0, skipped: required ? 0 : scenarios.length })}\n`);
  process.exit(required ? 1 : 0);
}

let install;
await runSuite({
  name: 'asterisk',
  scenarios,
  // Setup takes ~15 s, the scenarios 5–8 minutes on a busy 2-core machine. Past this, something hangs.
  limitMs: 660_000,
  async startLab({ step }) {
    install = await step('find Asterisk', () => locateAsterisk(), 60_000);
    console.log(`  using ${install.version} (${install.binary})`);
    const environment = await startAsteriskLab({ step, install });
    const { lab } = environment;
    return {
      ...environment,
      tearDown: async () => {
        await environment.tearDown();
        install.release();
      },
      describeFailure() {
        const trace = process.env.WWE_E2E_SIP_TRACE === '1' ? lab.asterisk.log.split('\n').slice(-120).map((line) => `asterisk| ${line}`) : [];
        return [
          ...trace,
          ...lab.pageErrors().slice(-10).map((line) => `page ${line}`),
          ...lab.asterisk.problems().slice(-8).map((line) => `asterisk ${line}`),
          ...lab.gateway.warnings().slice(-5).map((line) => `gateway ${JSON.stringify(line)}`),
          ...lab.proxyProblems().slice(-5).map((line) => `nginx ${line}`),
        ];
      },
      afterScenario: () => lab.closePages(),
    };
  },
});
