// The bridge across real windows: this test page is the host, the widget side runs in an iframe.
import { expect } from 'chai';
import { connectSoftphoneFrame, type SoftphoneFrame } from '../../src/host.js';
import { BRIDGE_PROTOCOL, BRIDGE_VERSION, type CommandType } from '../../src/bridge/protocol.js';
import { WindowTransport } from '../../src/bridge/transport.js';
import { WidgetBridge, type WidgetBridgeDelegate } from '../../src/bridge/widget-bridge.js';
import type { RecordedCommand } from '../fixtures/bridge-widget.js';
import type { CallSummary } from '../../src/state.js';

const FIXTURE = new URL('../fixtures/bridge-widget.html', import.meta.url).pathname;

interface FixtureWindow extends Window {
  bridgeFixture?: { received: RecordedCommand[]; bridge: WidgetBridge; call: CallSummary };
}

function addFrame(attributes: Record<string, string>): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  for (const [name, value] of Object.entries(attributes)) frame.setAttribute(name, value);
  document.body.append(frame);
  return frame;
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects bridge messages posted to this window by `source`. */
function collect(source: () => Window | null): unknown[] {
  const messages: unknown[] = [];
  window.addEventListener('message', (event) => {
    if (event.source === source()) messages.push(event.data);
  });
  return messages;
}

const raw = (type: string, id: string, payload: unknown = {}) => ({
  protocol: BRIDGE_PROTOCOL,
  version: BRIDGE_VERSION,
  type,
  id,
  payload,
});

describe('bridge between a host page and the widget frame', () => {
  let frame: HTMLIFrameElement;
  let phone: SoftphoneFrame;
  const fixture = () => (frame.contentWindow as FixtureWindow).bridgeFixture;

  beforeEach(async () => {
    frame = addFrame({ src: FIXTURE, title: 'softphone' });
    phone = connectSoftphoneFrame(frame, { origin: location.origin, timeoutMs: 2000 });
    await phone.ready;
  });

  afterEach(() => {
    phone.close();
    frame.remove();
  });

  it('says hello and receives the widget state', async () => {
    const state = await phone.ready;
    expect(state).to.include({ connection: 'registered', dn: '5001' });
    expect(fixture()?.bridge.subscribers).to.deep.equal([location.origin]);
  });

  it('delivers each command with its payload and resolves with its reply', async () => {
    const sent: Array<[CommandType, Record<string, unknown>]> = [
      ['getState', {}],
      ['configure', { server: 'wss://pbx.example.test/ws', dn: '5002', password: 'secret' }],
      ['connect', {}],
      ['disconnect', {}],
      ['answer', { callId: 'c1' }],
      ['hangup', { callId: 'c1' }],
      ['hold', { hold: true }],
      ['hold', { hold: false }],
      ['mute', { muted: true }],
      ['dial', { target: '1003' }],
      ['dtmf', { tones: '12#' }],
      ['setAutoAnswer', { enabled: true }],
      ['transfer', { target: '5002', callId: 'c1' }],
      ['takeover', {}],
    ];
    fixture()!.received.length = 0; // forget the hellos' state reads
    const results: unknown[] = [];
    for (const [type, payload] of sent) {
      results.push(await (phone.request as (t: string, p: unknown) => Promise<unknown>)(type, payload));
    }
    expect(fixture()?.received).to.deep.equal(sent.map(([type, payload]) => ({ type, payload })));
    expect(results[1]).to.include({ dn: '5002' });
    expect(results[3]).to.include({ connection: 'disconnected' });
    expect(results[6]).to.include({ state: 'held' });
    expect(results[7]).to.include({ state: 'active' });
    expect(results[9]).to.include({ direction: 'outgoing', remote: '1003' });
    expect(results[11]).to.deep.equal({ enabled: true });
    expect(results[12]).to.include({ id: 'c1', state: 'ended' });
    expect(results[13]).to.include({ tab: 'owner' });
  });

  it('rejects with the widget error code when a command fails', async () => {
    const error = await phone.request('answer', { callId: 'missing' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.include({ code: 'CALL_NOT_FOUND', name: 'BridgeError' });
  });

  it('receives widget events after hello', async () => {
    const incoming: CallSummary[] = [];
    phone.on('incoming', (call) => incoming.push(call));
    fixture()?.bridge.emit('incoming', fixture()!.call);
    await until(() => incoming.length > 0, 'the incoming event');
    expect(incoming[0]).to.include({ id: 'c1', remote: '1003' });
  });

  it('answers malformed and unknown messages with an error reply carrying their id, and runs nothing', async () => {
    fixture()!.received.length = 0;
    const replies = collect(() => frame.contentWindow); // also holds late hello replies: filtered below
    const post = (data: unknown) => frame.contentWindow!.postMessage(data, location.origin);
    post(raw('format-disk', 'm1'));
    post({ ...raw('answer', 'm2'), version: 99 });
    post(raw('dial', 'm3', { target: '1003\r\nBYE' }));
    post(raw('answer', 'm4', 'now'));
    post({ protocol: BRIDGE_PROTOCOL, version: BRIDGE_VERSION, type: 'answer' });
    post('not even an object');
    post({ protocol: 'someone-else', type: 'answer', id: 'm6' });
    await until(() => replies.filter((r) => (r as { payload: { ok?: boolean } }).payload.ok === false).length >= 5, 'five error replies');
    await new Promise((resolve) => setTimeout(resolve, 100)); // any stray reply would land now
    const errors = replies.filter((r) => (r as { payload: { ok?: boolean } }).payload.ok === false);
    const summary = errors.map((r) => {
      const reply = r as { id: string; type: string; payload: { ok: boolean; error: { code: string } } };
      return [reply.id, reply.type, reply.payload.ok, reply.payload.error.code];
    });
    expect(summary).to.deep.equal([
      ['m1', 'reply', false, 'UNKNOWN_TYPE'],
      ['m2', 'reply', false, 'UNSUPPORTED_VERSION'],
      ['m3', 'reply', false, 'INVALID_PAYLOAD'],
      ['m4', 'reply', false, 'MALFORMED_MESSAGE'],
      ['invalid', 'reply', false, 'MALFORMED_MESSAGE'],
    ]);
    expect(fixture()?.received).to.deep.equal([]);
  });

  it('times out a request the widget never answers, with a typed error', async () => {
    const silent = addFrame({ srcdoc: '<p>not a softphone</p>' });
    const lonely = connectSoftphoneFrame(silent, { origin: location.origin, timeoutMs: 200 });
    const error = await lonely.request('hello').then(() => null, (e: unknown) => e);
    expect(error).to.include({ code: 'TIMEOUT' });
    lonely.close();
    silent.remove();
  });
});

describe('bridge origin checks', () => {
  const recording = () => {
    const received: string[] = [];
    const delegate = new Proxy({} as WidgetBridgeDelegate, {
      get: (_target, type: string) => (payload: unknown) => {
        received.push(type);
        return type === 'getState' ? { connection: 'disconnected', calls: [] } : payload;
      },
    });
    return { received, delegate };
  };
  /** A frame that posts one dial command to this page, from its own realm so the source is the frame. */
  const attacker = (sandboxed: boolean) =>
    addFrame({
      ...(sandboxed ? { sandbox: 'allow-scripts' } : {}),
      srcdoc: `<script>parent.postMessage(${JSON.stringify(raw('dial', 'evil-1', { target: '900' }))}, '*')</script>`,
    });

  it('ignores commands from a foreign origin but runs the same command from an allowed one', async () => {
    const foreign = recording();
    const foreignFrame = attacker(true); // sandboxed: an opaque, foreign origin
    const foreignBridge = new WidgetBridge(
      new WindowTransport({ receiver: window, peer: () => foreignFrame.contentWindow, allowedOrigins: [location.origin] }),
      foreign.delegate,
    );
    const allowed = recording();
    const allowedFrame = attacker(false); // srcdoc without sandbox: this page's own origin
    const allowedBridge = new WidgetBridge(
      new WindowTransport({ receiver: window, peer: () => allowedFrame.contentWindow, allowedOrigins: [location.origin] }),
      allowed.delegate,
    );
    await until(() => allowed.received.length > 0, 'the allowed command');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(allowed.received).to.deep.equal(['dial']);
    expect(foreign.received).to.deep.equal([]);
    foreignBridge.close();
    allowedBridge.close();
    foreignFrame.remove();
    allowedFrame.remove();
  });

  it('ignores an allowed origin posting from a window other than its peer', async () => {
    const bystander = recording();
    const peerFrame = addFrame({ srcdoc: '<p>the real host</p>' });
    const bridge = new WidgetBridge(
      new WindowTransport({ receiver: window, peer: () => peerFrame.contentWindow, allowedOrigins: [location.origin] }),
      bystander.delegate,
    );
    const other = attacker(false);
    await new Promise((resolve) => other.addEventListener('load', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bystander.received).to.deep.equal([]);
    bridge.close();
    other.remove();
    peerFrame.remove();
  });

  it('never posts to an origin outside the allow-list', () => {
    const transport = new WindowTransport({ receiver: window, peer: () => window, allowedOrigins: ['https://wwe.example.com'] });
    expect(() => transport.send({}, '*')).to.throw().with.property('code', 'INVALID_ORIGIN');
    expect(() => transport.send({}, 'https://evil.example.com')).to.throw().with.property('code', 'INVALID_ORIGIN');
    expect(() => new WindowTransport({ receiver: window, peer: () => window, allowedOrigins: ['*'] })).to.throw().with.property('code', 'INVALID_ORIGIN');
    transport.close();
  });
});
