// Node-side handle on one agent page: starts the agent and waits for what it reports.

export class AgentPage {
  constructor(page, name) {
    this.page = page;
    this.name = name;
    /** Uncaught errors and console errors of the page, shown when a scenario fails. */
    this.errors = [];
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console: ${message.text()}`);
    });
  }

  static async open(browser, url, name) {
    const page = await browser.newPage();
    const agent = new AgentPage(page, name);
    await page.goto(url);
    await page.waitForFunction(() => window.e2e !== undefined, { timeout: 10_000 });
    return agent;
  }

  /** Runs an agent command (call, answer, hangup, hold, …) in the page; throws the page's error. */
  async run(command, ...args) {
    const result = await this.page.evaluate((name, list) => window.e2e.run(name, ...list), command, args);
    if (!result.ok) throw new Error(`${this.name}: ${command}() failed: ${result.code ?? result.name}: ${result.message}`);
    return result.value;
  }

  /** Like run, but returns { ok, code, name, message } instead of throwing. */
  try(command, ...args) {
    return this.page.evaluate((name, list) => window.e2e.run(name, ...list), command, args);
  }

  state() {
    return this.page.evaluate(() => window.e2e.state());
  }

  audioPackets() {
    return this.page.evaluate(() => window.e2e.audioPackets());
  }

  /** The call's selected ICE candidate pair and local candidates (see page/media.js mediaRoute). */
  mediaRoute() {
    return this.page.evaluate(() => window.e2e.mediaRoute());
  }

  events() {
    return this.page.evaluate(() => window.e2e.events);
  }

  /**
   * Waits until the agent has recorded an event of `type` (matching `match` fields) after index
   * `since`; returns it. The error names what was awaited and lists what was seen.
   */
  async waitForEvent(type, { match = {}, since = 0, timeoutMs = 10_000 } = {}) {
    try {
      const handle = await this.page.waitForFunction(
        (wanted, fields, from) =>
          window.e2e.events.slice(from).find((event) => event.type === wanted && Object.entries(fields).every(([key, value]) => event[key] === value)),
        { timeout: timeoutMs, polling: 20 },
        type,
        match,
        since,
      );
      return await handle.jsonValue();
    } catch (error) {
      if (error?.name !== 'TimeoutError') throw error;
      const seen = (await this.events()).slice(since).map((event) => (event.state ? `${event.type}:${event.state}` : event.type));
      throw new Error(`${this.name}: no "${type}" ${JSON.stringify(match)} within ${timeoutMs} ms (saw: ${seen.join(', ') || 'nothing'})`);
    }
  }

  async eventCount() {
    return this.page.evaluate(() => window.e2e.events.length);
  }

  /** Waits until `e2e.state()` returns `state`. */
  async waitForState(state, timeoutMs = 10_000) {
    try {
      await this.page.waitForFunction((wanted) => window.e2e.state() === wanted, { timeout: timeoutMs, polling: 20 }, state);
    } catch (error) {
      if (error?.name !== 'TimeoutError') throw error;
      const now = await this.page.evaluate(() => window.e2e.state());
      throw new Error(`${this.name}: state did not become "${state}" within ${timeoutMs} ms (it is "${now}")`);
    }
  }

  /** Waits until inbound audio packets exceed `minimum` on the current call. */
  async waitForAudio(minimum = 10, timeoutMs = 8000) {
    const deadline = Date.now() + timeoutMs;
    let packets = 0;
    while (Date.now() < deadline) {
      packets = await this.audioPackets();
      if (packets > minimum) return packets;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name}: only ${packets} inbound audio packets after ${timeoutMs} ms`);
  }

  close() {
    return this.page.close().catch(() => undefined);
  }

  /** Reloads the page (its pagehide runs, as in a browser reload) and waits for the test page to be back. */
  async reload() {
    await this.page.reload();
    await this.page.waitForFunction(() => window.e2e !== undefined, { timeout: 10_000 });
  }

  /**
   * Kills the page's renderer (CDP Page.crash), as a tab crash: no pagehide, no unload handler, no
   * un-REGISTER; the browser releases what the page held (its Web Locks, its sockets).
   */
  async crash() {
    const session = await this.page.createCDPSession();
    // The command never answers: the page is gone before it could.
    await Promise.race([session.send('Page.crash').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500))]);
  }
}
