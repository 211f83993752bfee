// The softphone with an iceServersProvider, in Chromium against the lab (a real RTCPeerConnection on
// the far side): servers fetched at connect, refreshed before expiry during a call without
// renegotiating it, a failing provider keeping the last good servers with a typed error, and a TURN
// server's refusal reported as one.
import { expect } from 'chai';
import type { LabCall, SipLab } from '@wwe-webrtc/lab';
import { IceServersError, TurnRefusedError, type Call, type IceServersGrant, type Softphone } from '../../src/index.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

/** TURN servers on a closed loopback port: credentials to hand around, nothing that answers. */
function grant(n: number, ttl: number | undefined): IceServersGrant {
  return { iceServers: [{ urls: [`turn:127.0.0.1:9?transport=udp`], username: `${1_800_000_000 + n}:5001`, credential: `credential-${n}` }], ...(ttl !== undefined && { ttl }) };
}

async function activeCall(lab: SipLab, phone: Softphone): Promise<{ call: Call; labCall: LabCall }> {
  const incoming = nextEvent(phone, 'incomingCall');
  const labCall = lab.call('5001');
  const { call } = await incoming;
  await labCall.waitFor('ringing');
  await call.answer();
  await labCall.waitFor('answered');
  if (call.state !== 'active') await nextEvent(call, 'stateChanged', (e) => e.state === 'active');
  return { call, labCall };
}

const usernames = (pc: RTCPeerConnection | undefined) => (pc?.getConfiguration().iceServers ?? []).map((s) => s.username);

describe('iceServersProvider', () => {
  let lab: SipLab;
  let phone: Softphone | undefined;

  beforeEach(() => {
    lab = newLab();
  });
  afterEach(async () => {
    await phone?.disconnect();
    phone = undefined;
    lab.close();
  });

  it('fetches servers at connect; calls use them', async () => {
    let fetches = 0;
    phone = newPhone(lab, { iceServersProvider: async () => grant(++fetches, 3600) });
    const changed = nextEvent(phone, 'iceServersChanged');
    await phone.connect();
    expect(fetches).to.equal(1);
    const { expiresAt, iceServers } = await changed;
    expect(iceServers[0]?.username).to.equal('1800000001:5001');
    expect(expiresAt).to.be.closeTo(Date.now() + 3_600_000, 5_000);
    const { call } = await activeCall(lab, phone);
    expect(usernames(call.peerConnection)).to.deep.equal(['1800000001:5001']);
  });

  it('refreshes before expiry mid-call: the call gets the new servers, is not renegotiated and keeps its media', async () => {
    let fetches = 0;
    phone = newPhone(lab, { iceServersProvider: async () => grant(++fetches, 2) });
    await phone.connect();
    const { call, labCall } = await activeCall(lab, phone);
    const framesAtAnswer = lab.frames.length;
    const packetsBefore = await labCall.media.packetsReceived();

    // 2 s lifetime → refreshed at 80 %, twice within ~3.5 s, well before each grant expires.
    await nextEvent(phone, 'iceServersChanged', (e) => e.iceServers[0]?.username === '1800000002:5001', 3_000);
    expect(usernames(call.peerConnection)).to.deep.equal(['1800000002:5001']);
    await nextEvent(phone, 'iceServersChanged', (e) => e.iceServers[0]?.username === '1800000003:5001', 3_000);
    expect(usernames(call.peerConnection)).to.deep.equal(['1800000003:5001']);

    expect(call.state).to.equal('active');
    expect(call.peerConnection?.connectionState).to.equal('connected');
    const sentSince = lab.frames.slice(framesAtAnswer).filter((f) => f.direction === 'from-phone').map((f) => f.startLine);
    expect(sentSince.filter((line) => /^(INVITE|UPDATE|BYE)\b/.test(line)), 'no re-INVITE, UPDATE or BYE').to.deep.equal([]);
    await sleep(500);
    expect(await labCall.media.packetsReceived()).to.be.greaterThan(packetsBefore + 10);
  });

  it('a failing provider: a typed error, the last good servers stay in use, and it recovers', async () => {
    let fetches = 0;
    let failing = false;
    phone = newPhone(lab, {
      iceServersProvider: async () => {
        fetches += 1;
        if (failing) throw new TypeError('Failed to fetch');
        return grant(fetches, 1);
      },
    });
    await phone.connect();
    failing = true;
    const { error } = await nextEvent(phone, 'error', (e) => e.error.code === 'ICE_SERVERS_UNAVAILABLE', 3_000);
    expect(error).to.be.instanceOf(IceServersError);
    expect(error.message).to.match(/Failed to fetch.*last ones stay in use/);
    const { call } = await activeCall(lab, phone);
    expect(usernames(call.peerConnection), 'the next call uses the last good servers').to.deep.equal(['1800000001:5001']);
    failing = false;
    const recovered = await nextEvent(phone, 'iceServersChanged', undefined, 5_000);
    expect(recovered.iceServers[0]?.username).to.match(/^18000000\d\d:5001$/);
    expect(call.state).to.equal('active');
  });

  it('connect() does not wait forever nor fail when the provider fails; registration goes on', async () => {
    phone = newPhone(lab, { iceServers: [{ urls: 'stun:127.0.0.1:9' }], iceServersProvider: async () => Promise.reject(new Error('gateway down')) });
    const failed = nextEvent(phone, 'error', (e) => e.error.code === 'ICE_SERVERS_UNAVAILABLE');
    await phone.connect();
    await failed;
    expect(phone.registrationState).to.equal('registered');
    const { call } = await activeCall(lab, phone);
    expect(call.peerConnection?.getConfiguration().iceServers?.[0]?.urls).to.deep.equal(['stun:127.0.0.1:9']);
  });

  it('refuses a malformed answer from the provider with a typed error', async () => {
    const answers: unknown[] = [{ iceServers: 'turn:x' }, { iceServers: [{ urls: ['http://evil.example'] }] }, { iceServers: [], ttl: -5 }, null];
    phone = newPhone(lab, { iceServersProvider: async () => answers.shift() as IceServersGrant });
    const failed = nextEvent(phone, 'error', (e) => e.error.code === 'ICE_SERVERS_UNAVAILABLE');
    await phone.connect();
    expect((await failed).error.message).to.match(/no iceServers array/);
  });

  it('a TURN server refusing the credentials (the icecandidateerror Chromium fires): the error TURN_REFUSED, the call goes on', async () => {
    phone = newPhone(lab, { iceServersProvider: async () => grant(1, 3600) });
    await phone.connect();
    const { call } = await activeCall(lab, phone);
    const url = 'turn:127.0.0.1:9?transport=udp';
    const reported = nextEvent(phone, 'error', (e) => e.error.code === 'TURN_REFUSED');
    call.peerConnection?.dispatchEvent(new RTCPeerConnectionIceErrorEvent('icecandidateerror', { url, errorCode: 401, errorText: 'Unauthorized.' }));
    const { error } = await reported;
    expect(error).to.be.instanceOf(TurnRefusedError);
    expect((error as TurnRefusedError).url).to.equal(url);
    expect(call.state).to.equal('active');
  });

  it('disconnect() stops refreshing', async () => {
    let fetches = 0;
    phone = newPhone(lab, { iceServersProvider: async () => grant(++fetches, 1) });
    await phone.connect();
    await phone.disconnect();
    const after = fetches;
    await sleep(1_200);
    expect(fetches).to.equal(after);
  });
});
