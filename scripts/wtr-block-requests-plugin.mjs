// `executeServerCommand('block-requests', { pattern })` from a browser test: from then on, every request
// of the test page whose URL contains `pattern` fails as a network error (Chromium's request
// interception, `net::ERR_FAILED`) — a chunk that cannot be fetched, for real. `{ pattern: null }`
// lets everything through again. Chrome launcher only.
export function blockRequestsPlugin() {
  /** Per page: the patterns it blocks. */
  const blocked = new WeakMap();
  return {
    name: 'block-requests',
    async executeCommand({ command, payload, session }) {
      if (command !== 'block-requests') return undefined;
      const pattern = payload?.pattern;
      if (pattern !== null && (typeof pattern !== 'string' || pattern.length === 0)) throw new Error('block-requests: pattern must be a non-empty string or null');
      const page = session.browser.getPage?.(session.id);
      if (!page) throw new Error('block-requests needs the Chrome launcher');
      if (!blocked.has(page)) {
        blocked.set(page, new Set());
        // A module an earlier test file fetched would come from the browser's cache, past interception.
        await page.setCacheEnabled(false);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          if (request.isInterceptResolutionHandled()) return;
          const url = request.url();
          if ([...blocked.get(page)].some((p) => url.includes(p))) void request.abort('failed');
          else void request.continue();
        });
      }
      if (pattern === null) blocked.get(page).clear();
      else blocked.get(page).add(pattern);
      return true;
    },
  };
}
