#!/usr/bin/env node
// End-to-end suite against real peers: Kamailio (WebSocket registrar/proxy), headless Chromium running
// the softphone, and sipp playing the Genesys SIP Server, all inside a private loopback-only network
// namespace. Usage: node e2e/run.mjs [--counts=<file>] [--only=<substring>] [--agent=softphone|jssip]
// `--agent=jssip` runs every scenario against plain JsSIP instead of the softphone (checks the lab).
// Writes {"passed":N,"failed":N,"skipped":N} to the counts file; exits non-zero on any failure.
import { startLab } from './lib/environment.mjs';
import { runSuite } from './lib/runner.mjs';
import { scenarios } from './scenarios/index.mjs';

const subject = process.argv.find((arg) => arg.startsWith('--agent='))?.slice('--agent='.length) ?? 'softphone';

await runSuite({
  name: 'e2e',
  scenarios,
  // The suite must stay well under 3 minutes on a shared 2-core machine; past this, something hangs.
  limitMs: 170_000,
  async startLab({ step }) {
    const environment = await startLab({ step, subject });
    const { lab } = environment;
    const { kamailio } = lab;
    return {
      ...environment,
      capabilities: () => step(`load the ${subject} in a page`, () => lab.capabilities()),
      describeFailure() {
        const kamailioErrors = kamailio.log.trim().split('\n').filter((line) => /ERROR|CRITICAL/.test(line));
        return [...lab.pageErrors().slice(-10).map((line) => `page ${line}`), ...kamailioErrors.slice(-5).map((line) => `kamailio ${line}`)];
      },
      async afterScenario() {
        await lab.closePages();
        if (!kamailio.process) await step('restart Kamailio after a scenario left it stopped', () => kamailio.start(), 10_000);
      },
    };
  },
});
