import { expect } from 'chai';
import { SipSocket } from '../../src/sip/socket.js';

/** A WebSocket stand-in that the test opens and closes by hand. */
class FakeWebSocket {
  static created: FakeWebSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { wasClean: boolean; code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string | string[],
  ) {
    FakeWebSocket.created.push(this);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ wasClean: false, code: 1006, reason: '' });
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
}

function socket(delays: number[] = [0]) {
  FakeWebSocket.created = [];
  const scheduled: [number, number][] = [];
  const sip = new SipSocket(
    'wss://pbx.example.com:8089/ws',
    (url, protocols) => new FakeWebSocket(url, protocols) as unknown as WebSocket,
    (attempt) => delays[Math.min(attempt - 1, delays.length - 1)] ?? 0,
    { reconnectScheduled: (attempt, delay) => scheduled.push([attempt, delay]), opened: () => {} },
  );
  return { sip, scheduled };
}

describe('SipSocket', () => {
  it('derives the SIP URI and Via transport from the URL', () => {
    const { sip } = socket();
    expect(sip.sip_uri).to.equal('sip:pbx.example.com:8089;transport=ws');
    expect(sip.via_transport).to.equal('WSS');
  });

  it('opens with the "sip" subprotocol and relays frames both ways', () => {
    const { sip } = socket();
    const data: unknown[] = [];
    sip.ondata = (d) => data.push(d);
    sip.connect();
    const ws = FakeWebSocket.created[0]!;
    expect(ws.protocols).to.equal('sip');
    expect(sip.isConnecting()).to.equal(true);
    ws.open();
    expect(sip.isConnected()).to.equal(true);
    expect(sip.send('OPTIONS')).to.equal(true);
    expect(ws.sent).to.deep.equal(['OPTIONS']);
    ws.onmessage?.({ data: 'SIP/2.0 200 OK' });
    expect(data).to.deep.equal(['SIP/2.0 200 OK']);
  });

  it('waits its backoff before reopening after a drop, and counts attempts', async () => {
    const { sip, scheduled } = socket([60]);
    let disconnects = 0;
    sip.ondisconnect = () => (disconnects += 1);
    sip.connect();
    FakeWebSocket.created[0]!.open();
    FakeWebSocket.created[0]!.drop();
    expect(disconnects).to.equal(1);
    sip.connect();
    expect(scheduled).to.deep.equal([[1, 60]]);
    expect(FakeWebSocket.created).to.have.length(1);
    expect(sip.isConnecting()).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(FakeWebSocket.created).to.have.length(2);
  });

  it('skips the wait when the browser comes back online', () => {
    const { sip } = socket([60_000]);
    sip.connect();
    FakeWebSocket.created[0]!.drop();
    sip.connect();
    expect(FakeWebSocket.created).to.have.length(1);
    sip.connectNow();
    expect(FakeWebSocket.created).to.have.length(2);
    sip.disconnect();
  });

  it('reports a factory that throws as a failed attempt, not an exception', async () => {
    const sip = new SipSocket('wss://x/ws', () => {
      throw new Error('blocked');
    }, () => 0, { reconnectScheduled: () => {}, opened: () => {} });
    let error: boolean | undefined;
    sip.ondisconnect = (e) => (error = e);
    expect(() => sip.connect()).not.to.throw();
    await Promise.resolve();
    expect(error).to.equal(true);
    expect(sip.failures).to.equal(1);
  });
});
