import type { Router } from './router.js';

/**
 * The live dashboard at `/`: a DN grid coloured by state, the latest changes, and the calls below the
 * quality threshold or whose browser reported a warning (when call quality is on). The page and its
 * script hold no data and need no token; they ask for one and send it as a bearer token to `/api/*`
 * (a browser's EventSource cannot send headers, so the script reads the SSE stream with fetch).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wwe-gateway</title>
<style>
  :root { font: 14px/1.4 system-ui, sans-serif; color-scheme: light dark; }
  body { margin: 1rem 1.5rem; }
  header { display: flex; gap: 1.5rem; align-items: baseline; flex-wrap: wrap; }
  h1 { font-size: 1.2rem; margin: 0; }
  .counts span { margin-right: 1rem; }
  #grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(4.2rem, 1fr)); gap: 3px; margin: 1rem 0; }
  .dn { padding: 2px 4px; border-radius: 3px; font: 12px ui-monospace, monospace; background: #8883; }
  .dn.browser { outline: 2px solid #2a7; }
  .g-registered { background: #2a74; } .g-registering, .g-unregistering { background: #db35; }
  .g-rejected, .g-failed { background: #d335; }
  #log { font: 12px ui-monospace, monospace; max-height: 30vh; overflow: auto; }
  form { display: inline; }
  #quality table { border-collapse: collapse; font: 12px ui-monospace, monospace; }
  #quality th, #quality td { text-align: left; padding: 2px 8px; border-bottom: 1px solid #8884; }
  #quality .poor { color: #d33; font-weight: bold; }
</style>
</head>
<body>
<header>
  <h1>wwe-gateway</h1>
  <div class="counts" id="counts" aria-live="polite"></div>
  <form id="auth"><label>Token <input id="token" type="password" autocomplete="off"></label> <button>Connect</button></form>
  <span id="status" role="status"></span>
</header>
<p>Outline: a browser is registered on Asterisk. Colour: Genesys registration (green registered, amber in progress, red rejected/failed).</p>
<div id="grid" role="list" aria-label="DNs"></div>
<section id="quality" hidden>
<h2>Calls below the quality threshold or with browser warnings <span id="quality-threshold"></span></h2>
<p id="quality-none">None: every measured call is above the threshold, and no browser reported a warning.</p>
<table id="quality-calls" hidden><thead><tr><th>DN</th><th>Call UUID</th><th>Leg</th><th>Direction</th><th>MOS</th><th>Jitter ms</th><th>Loss %</th><th>RTT ms</th><th>Below since</th><th>Browser's view</th></tr></thead><tbody></tbody></table>
</section>
<h2>Recent changes</h2>
<ol id="log" reversed></ol>
<script type="module" src="/dashboard.js"></script>
</body>
</html>
`;

const SCRIPT = `const grid = document.getElementById('grid');
const log = document.getElementById('log');
const counts = document.getElementById('counts');
const statusEl = document.getElementById('status');
const tokenInput = document.getElementById('token');
const cells = new Map();
let abort;
tokenInput.value = sessionStorage.getItem('wwe-gateway-token') ?? '';

function render(dn) {
  let cell = cells.get(dn.dn);
  if (!cell) {
    cell = document.createElement('div');
    cell.setAttribute('role', 'listitem');
    cells.set(dn.dn, cell);
    grid.append(cell);
  }
  cell.className = 'dn g-' + dn.genesys + (dn.browser ? ' browser' : '');
  cell.textContent = dn.dn;
  cell.title = dn.dn + ': ' + dn.genesys + (dn.browser ? ', browser online' : '') + (dn.lastError ? ' — ' + dn.lastError.message : '');
}
function renderCounts(c) {
  counts.textContent = '';
  for (const [k, v] of Object.entries(c)) {
    const s = document.createElement('span');
    s.textContent = k + ': ' + v;
    counts.append(s);
  }
}
function note(dn) {
  const li = document.createElement('li');
  li.textContent = new Date(dn.lastChange).toLocaleTimeString() + ' ' + dn.dn + ' ' + dn.genesys + (dn.browser ? ' (browser)' : '') + (dn.lastError ? ' — ' + dn.lastError.message : '');
  log.prepend(li);
  while (log.children.length > 200) log.lastChild.remove();
}
async function connect() {
  abort?.abort();
  abort = new AbortController();
  const token = tokenInput.value.trim();
  sessionStorage.setItem('wwe-gateway-token', token);
  const headers = token ? { authorization: 'Bearer ' + token } : {};
  statusEl.textContent = 'connecting…';
  try {
    const res = await fetch('/api/events', { headers, signal: abort.signal });
    if (!res.ok) { statusEl.textContent = res.status === 401 ? 'token refused' : 'error ' + res.status; return; }
    statusEl.textContent = 'live';
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        const body = JSON.parse(data);
        if (type === 'snapshot') { grid.textContent = ''; cells.clear(); body.dns.forEach(render); renderCounts(body.counts); }
        if (type === 'dn') { render(body); note(body); scheduleCounts(headers); }
      }
    }
    statusEl.textContent = 'disconnected; retrying';
  } catch (e) {
    if (e.name === 'AbortError') return;
    statusEl.textContent = 'disconnected; retrying';
  }
  setTimeout(connect, 2000);
}
let countsTimer;
// Counts follow changes at most every 300 ms, so a storm of 10,000 changes is a few dozen requests.
function scheduleCounts(headers) {
  if (countsTimer) return;
  countsTimer = setTimeout(async () => {
    countsTimer = undefined;
    const res = await fetch('/api/summary', { headers });
    if (res.ok) renderCounts((await res.json()).counts);
  }, 300);
}
// Calls below the MOS threshold or with browser warnings (GET /api/quality?attention=true), every 5 s;
// hidden when quality is off.
const quality = document.getElementById('quality');
const qualityRows = document.querySelector('#quality-calls tbody');
function worstStream(call) {
  let worst;
  for (const leg of call.legs) {
    for (const [direction, stream] of [['to Asterisk', leg.toAsterisk], ['from Asterisk', leg.fromAsterisk]]) {
      if (stream && (!worst || stream.mos < worst.stream.mos)) worst = { leg, direction, stream };
    }
  }
  return worst;
}
function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
}
// The browser's own summary: its MOS, its candidate (relay = through TURN) and network, its warnings.
function browserView(browser) {
  if (!browser) return '–';
  const parts = [];
  if (browser.mos) parts.push('MOS ' + browser.mos.avg.toFixed(2));
  if (browser.candidate) parts.push([browser.candidate.local, browser.candidate.networkType].filter(Boolean).join('/'));
  const warnings = [...new Set(browser.warnings.map((w) => w.name))];
  parts.push(warnings.length > 0 ? warnings.join(', ') : 'no warnings');
  return parts.filter(Boolean).join(' · ');
}
async function pollQuality() {
  const token = tokenInput.value.trim();
  try {
    const res = await fetch('/api/quality?attention=true', { headers: token ? { authorization: 'Bearer ' + token } : {} });
    if (res.status === 404) { quality.hidden = true; return; }
    if (!res.ok) return;
    const body = await res.json();
    quality.hidden = false;
    document.getElementById('quality-threshold').textContent = '(MOS < ' + body.mosThreshold + ', ' + body.measured + ' calls measured)';
    document.getElementById('quality-none').hidden = body.calls.length > 0;
    document.getElementById('quality-calls').hidden = body.calls.length === 0;
    qualityRows.textContent = '';
    for (const call of body.calls) {
      const worst = worstStream(call);
      const row = document.createElement('tr');
      cell(row, call.dn ?? '?');
      cell(row, call.callUuid ?? call.key);
      if (worst) {
        cell(row, worst.leg.kind + ' (' + worst.leg.channel + ')');
        cell(row, worst.direction);
        cell(row, worst.stream.mos.toFixed(2), call.belowThreshold ? 'poor' : '');
        cell(row, String(worst.stream.jitterMs));
        cell(row, (worst.stream.packetLoss * 100).toFixed(1));
        cell(row, worst.leg.rttMs === undefined ? '–' : String(worst.leg.rttMs));
      } else {
        for (let i = 0; i < 6; i++) cell(row, '–');
      }
      cell(row, call.belowSince ? new Date(call.belowSince).toLocaleTimeString() : '');
      cell(row, browserView(call.browser), call.browser && call.browser.warnings.length > 0 ? 'poor' : '');
      qualityRows.append(row);
    }
  } catch {
    // The live stream above reports connection trouble; try again on the next tick.
  }
}
setInterval(pollQuality, 5000);
document.getElementById('auth').addEventListener('submit', (e) => { e.preventDefault(); connect(); pollQuality(); });
connect();
pollQuality();
`;

export function addDashboardRoutes(router: Router): void {
  const csp = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  router.add(
    'GET',
    '/',
    ({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-cache' });
      res.end(PAGE);
    },
    { auth: false },
  );
  router.add(
    'GET',
    '/dashboard.js',
    ({ res }) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(SCRIPT);
    },
    { auth: false },
  );
}
