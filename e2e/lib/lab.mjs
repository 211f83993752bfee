// The lab every scenario runs in: Kamailio, the served test page and one Chromium, plus helpers to
// open agents (pages) and run sipp as the Genesys side.
import { AgentPage } from './agent.mjs';
import { runSipp } from './sipp.mjs';

export class Lab {
  constructor({ kamailio, pageUrl, browser }) {
    this.kamailio = kamailio;
    this.pageUrl = pageUrl;
    this.browser = browser;
    this.pages = new Set();
  }

  /** Options every agent needs to reach Kamailio as `user`. */
  account(user, overrides = {}) {
    return {
      user,
      password: this.kamailio.passwordFor(user),
      wsUrl: this.kamailio.wsUrl,
      domain: '127.0.0.1',
      ...overrides,
    };
  }

  /** Opens a page and starts an agent in it: kind 'jssip' (plain JsSIP) or 'softphone' (ours). */
  async agent(kind, user, overrides = {}) {
    const page = await AgentPage.open(this.browser, this.pageUrl, `${kind} ${user}`);
    this.pages.add(page);
    const start = kind === 'jssip' ? 'startJssip' : 'startSoftphone';
    try {
      await page.evaluate(`(e2e, options) => e2e.${start}(options)`, this.account(user, overrides));
    } catch (error) {
      throw new Error(`${kind} ${user} did not start: ${error.message.split('\n')[0]}`);
    }
    return page;
  }

  /** Runs a sipp scenario as the Genesys SIP Server towards Kamailio's UDP port. */
  sipp(scenario, service, options = {}) {
    return runSipp(scenario, { target: `127.0.0.1:${this.kamailio.sipPort}`, service, ...options });
  }

  /** Closes every page a scenario opened (their agents' sockets close with them). */
  async closePages() {
    const pages = [...this.pages];
    this.pages.clear();
    await Promise.all(pages.map((page) => page.close()));
  }
}
