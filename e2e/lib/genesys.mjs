// The Genesys SIP Server side of the real-Asterisk lab, at its own address (127.0.0.2): one long-running
// sipp (`e2e/asterisk/sipp/genesys-server.xml`) is the DNs' registrar and the trunk agents dial out to;
// the RTP peer is its media. sipp's message trace is the record of what reached Genesys on the wire.
import { mkdtempSync, openSync, readSync, closeSync, fstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop } from './processes.mjs';
import { RtpPeer } from './rtp-peer.mjs';

const SCENARIOS = fileURLToPath(new URL('../asterisk/sipp/', import.meta.url));
const HEADER = /^-{20,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{6})\n(\w+) message (sent|received)[^\n]*\n\n/gm;

export class GenesysServer {
  constructor({ host = '127.0.0.2', sipPort = 5080, rtpPort = 7078 } = {}) {
    this.host = host;
    this.sipPort = sipPort;
    this.scenarioDir = SCENARIOS;
    this.rtp = new RtpPeer({ host, port: rtpPort });
    this.dir = mkdtempSync(join(tmpdir(), 'wwe-genesys-'));
    this.messageFile = join(this.dir, 'messages.log');
    this.process = null;
    this.#messages = [];
    this.#offset = 0;
    this.#pending = '';
  }

  #messages;
  #offset;
  #pending;

  get address() {
    return `${this.host}:${this.sipPort}`;
  }

  async start() {
    await this.rtp.start();
    this.process = start(
      'sipp',
      [
        '-sf', join(SCENARIOS, 'genesys-server.xml'), '-i', this.host, '-p', String(this.sipPort),
        '-mi', this.host, '-mp', '6100', '-key', 'rtp_ip', this.host, '-key', 'rtp_port', String(this.rtp.port),
        '-l', '100000', '-nostdin', '-trace_msg', '-message_file', this.messageFile, '-trace_err', '-error_file', join(this.dir, 'errors.log'),
        '-max_recv_loops', '100000', '-max_sched_loops', '100000', '-watchdog_minor_threshold', '2000',
      ],
      { name: 'sipp genesys-server' },
    );
    // sipp binds at once; give it a moment and check it did not exit (port in use, bad scenario).
    const exited = await Promise.race([this.process.exited, sleep(300).then(() => null)]);
    if (exited) throw new Error(`sipp (Genesys SIP Server) exited at start: ${this.process.output.trim().split('\n').slice(-5).join(' | ')}`);
  }

  async stop() {
    if (this.process) await stop(this.process);
    this.process = null;
    await this.rtp.stop().catch(() => undefined);
  }

  cleanUp() {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every SIP message sipp sent or received so far: { at (ms), direction, firstLine, text }. */
  messages() {
    let fd;
    try {
      fd = openSync(this.messageFile, 'r');
    } catch {
      return this.#messages;
    }
    try {
      const size = fstatSync(fd).size;
      if (size > this.#offset) {
        const chunk = Buffer.alloc(size - this.#offset);
        readSync(fd, chunk, 0, chunk.length, this.#offset);
        this.#offset = size;
        this.#pending += chunk.toString('utf8');
        this.#parsePending();
      }
    } finally {
      closeSync(fd);
    }
    return this.#messages;
  }

  /** Parses every complete message in the pending text; the last one may still be being written. */
  #parsePending() {
    const text = this.#pending.replace(/\r/g, '');
    const starts = [...text.matchAll(HEADER)];
    let consumed = 0;
    for (let i = 0; i < starts.length; i++) {
      const bodyStart = starts[i].index + starts[i][0].length;
      const body = text.slice(bodyStart, i + 1 < starts.length ? starts[i + 1].index : undefined);
      if (i + 1 === starts.length && !isComplete(body)) break;
      this.#messages.push(parseOne(starts[i], body));
      consumed = i + 1 < starts.length ? starts[i + 1].index : text.length;
    }
    this.#pending = text.slice(consumed);
  }

  /** REGISTERs that reached Genesys for `dn` (all DNs when omitted): [{ at, dn, expires }]. */
  registers(dn) {
    return this.messages()
      .filter((message) => message.direction === 'received' && message.method === 'REGISTER')
      .map((message) => ({ at: message.at, dn: /^To:\s*<?sip:([^@>;]+)@/im.exec(message.text)?.[1], expires: expiresOf(message.text) }))
      .filter((entry) => dn === undefined || entry.dn === dn);
  }

  /** Whether Genesys holds a registration for `dn`: its last REGISTER had a non-zero expiry. */
  isRegistered(dn) {
    const last = this.registers(dn).at(-1);
    return last !== undefined && last.expires > 0;
  }

  /** DNs whose last REGISTER left them registered. */
  registeredDns() {
    const last = new Map();
    for (const entry of this.registers()) last.set(entry.dn, entry.expires > 0);
    return [...last].filter(([, registered]) => registered).map(([dn]) => dn).sort();
  }

  /** Requests Genesys received with `method`, optionally only after `since` (ms). */
  requests(method, since = 0) {
    return this.messages().filter((message) => message.direction === 'received' && message.method === method && message.at >= since);
  }
}

/** A traced message is complete once its headers end and its body is as long as Content-Length says. */
function isComplete(text) {
  const split = text.indexOf('\n\n');
  if (split < 0) return false;
  const length = Number(/^Content-Length:\s*(\d+)/im.exec(text.slice(0, split))?.[1] ?? 0);
  return Buffer.byteLength(text.slice(split + 2)) >= length;
}

function parseOne(header, body) {
  const [, date, time, micros, , direction] = header;
  const text = body.replace(/\n+$/, '\n');
  const firstLine = text.split('\n')[0];
  const method = /^([A-Z]+) sip:/.exec(firstLine)?.[1];
  return { at: Date.parse(`${date}T${time}Z`) + Number(micros) / 1000, direction, firstLine, method, text };
}

/** The expiry a REGISTER asks for: the Contact's expires parameter, else the Expires header. */
function expiresOf(text) {
  const contact = /^Contact:[^\n]*;\s*expires=(\d+)/im.exec(text);
  if (contact) return Number(contact[1]);
  const header = /^Expires:\s*(\d+)/im.exec(text);
  return header ? Number(header[1]) : undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
