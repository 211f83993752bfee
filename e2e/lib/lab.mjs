// The lab every scenario runs in: a registrar (Kamailio, or Asterisk in the real-Asterisk lab), the
// served test page and one Chromium, plus helpers to open agents (pages) and run sipp as the Genesys side.
import { AgentPage } from './agent.mjs';
import { runSipp } from './sipp.mjs';

export class Lab {
  /** `registrar`: { wsUrl, domain, passwordFor(user) } of what agents register to (default Kamailio). */
  constructor({ kamailio, registrar = kamailio, pageUrl, browser, subject = 'softphone' }) {
    /** The kind of agent under test: 'softphone' (ours) or 'jssip' (plain JsSIP, to check the lab). */
    this.subject = subject;
    /** What the subject reports where the two kinds differ. */
    this.expect = { authFailedCode: subject === 'jssip' ? 'Authentication Error' : 'AUTH_FAILED' };
    this.kamailio = kamailio;
    this.registrar = registrar;
    this.pageUrl = pageUrl;
    this.browser = browser;
    this.pages = new Set();
  }

  /** Options every agent needs to reach the registrar as `user`. */
  account(user, overrides = {}) {
    return {
      user,
      password: this.registrar.passwordFor(user),
      wsUrl: this.registrar.wsUrl,
      domain: this.registrar.domain ?? '127.0.0.1',
      ...overrides,
    };
  }

  /**
   * Opens a page (at `pageUrl`, default the lab's page) and starts an agent in it: kind 'jssip' (plain
   * JsSIP), 'softphone' (ours) or 'widget'. Resolves to { page, result } where result is { ok } or the
   * start error's { name, code, message }.
   */
  async tryAgent(kind, user, overrides = {}, { pageUrl = this.pageUrl } = {}) {
    const page = await AgentPage.open(this.browser, pageUrl, `${kind} ${user}`);
    this.pages.add(page);
    const result = await page.page.evaluate((k, options) => window.e2e.start(k, options), kind, this.account(user, overrides));
    return { page, result };
  }

  /** Reloads `page` and starts a `kind` agent for `user` in it again, as an agent reloading WWE does. */
  async reloadAgent(page, kind, user, overrides = {}) {
    await page.reload();
    const result = await page.page.evaluate((k, options) => window.e2e.start(k, options), kind, this.account(user, overrides));
    if (!result.ok) throw new Error(`${kind} ${user} did not connect after the reload: ${result.code ?? result.name}: ${result.message}`);
    return page;
  }

  /** Like tryAgent, but throws unless the agent connected and registered. */
  async agent(kind, user, overrides = {}, where = {}) {
    const { page, result } = await this.tryAgent(kind, user, overrides, where);
    if (!result.ok) throw new Error(`${kind} ${user} did not connect: ${result.code ?? result.name}: ${result.message}`);
    return page;
  }

  /** Commands the subject supports (call, hold, transfer, …), read from a page that loaded it. */
  async capabilities() {
    const page = await AgentPage.open(this.browser, this.pageUrl, 'probe');
    try {
      const result = await page.page.evaluate((kind) => window.e2e.capabilities(kind), this.subject);
      if (!result.ok) throw new Error(`${result.code ?? result.name}: ${result.message}`);
      return result.value;
    } finally {
      await page.close();
    }
  }

  /** Runs a sipp scenario as the Genesys SIP Server towards Kamailio's UDP port. */
  sipp(scenario, service, options = {}) {
    return runSipp(scenario, { target: `127.0.0.1:${this.kamailio.sipPort}`, service, ...options });
  }

  /** Errors the open pages reported, one line each, prefixed with the agent's name. */
  pageErrors() {
    return [...this.pages].flatMap((page) => page.errors.map((line) => `${page.name}: ${line}`));
  }

  /** Closes every page a scenario opened (their agents' sockets close with them). */
  async closePages() {
    const pages = [...this.pages];
    this.pages.clear();
    await Promise.all(pages.map((page) => page.close()));
  }
}
