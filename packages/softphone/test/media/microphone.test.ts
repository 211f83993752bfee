import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { Call, MicrophoneState, Softphone, SoftphoneOptions } from '../../src/index.js';
import { Microphone } from '../../src/media/microphone.js';
import { silentLogger } from '../../src/logger.js';
import { ScriptedMediaDevices } from '../support/media-devices.js';
import { newLab, newPhone, nextEvent, sleep } from '../support/lab-phone.js';

describe('microphone (early media)', () => {
  let lab: SipLab;
  let phone: Softphone;
  let devices: ScriptedMediaDevices;

  function create(options: Partial<SoftphoneOptions> = {}): Softphone {
    phone = newPhone(lab, { ...options, media: { mediaDevices: devices.asMediaDevices(), ...options.media } });
    return phone;
  }

  async function activeCall(): Promise<Call> {
    const arrived = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', { autoAnswer: { signal: 'answer-mode' } });
    const { call } = await arrived;
    await labCall.waitFor('answered');
    if (call.state !== 'active') await nextEvent(call, 'stateChanged', (e) => e.state === 'active');
    return call;
  }

  const audioSender = (call: Call) => call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);

  beforeEach(() => {
    lab = newLab();
    devices = new ScriptedMediaDevices();
  });
  afterEach(async () => {
    await phone?.disconnect();
    phone = undefined as unknown as Softphone;
    lab.close();
  });

  it('opens the microphone on connect() and reuses it for every call', async () => {
    create();
    await phone.connect();
    expect(phone.microphoneState).to.equal('ready');
    expect(devices.getUserMediaCalls).to.equal(1);
    const first = await activeCall();
    first.hangup();
    const second = await activeCall();
    expect(devices.getUserMediaCalls).to.equal(1);
    expect(audioSender(second)?.track?.readyState).to.equal('live');
  });

  it('reports permission denied as a state and a typed error, and does not register', async () => {
    devices.failWith = 'NotAllowedError';
    create();
    const states: { state: MicrophoneState; code?: string }[] = [];
    phone.on('microphoneStateChanged', ({ state, error }) => states.push(error ? { state, code: error.code } : { state }));
    const errors: string[] = [];
    phone.on('error', ({ error }) => errors.push(error.code));
    const error = await phone.connect().catch((e: unknown) => e as { code: string; message: string });
    expect(error?.code).to.equal('MIC_PERMISSION_DENIED');
    expect(error?.message).to.match(/Allow the microphone/);
    expect(phone.microphoneState).to.equal('denied');
    expect(states).to.deep.equal([{ state: 'acquiring' }, { state: 'denied', code: 'MIC_PERMISSION_DENIED' }]);
    expect(errors).to.deep.equal(['MIC_PERMISSION_DENIED']);
    expect(lab.frames).to.deep.equal([]);
    expect(phone.registrationState).to.equal('disconnected');
  });

  it('registers without a microphone when requireMicrophone is false', async () => {
    devices.failWith = 'NotAllowedError';
    create({ media: { requireMicrophone: false } });
    await phone.connect();
    expect(phone.registrationState).to.equal('registered');
    expect(phone.microphoneState).to.equal('denied');
  });

  it('reports a missing microphone as no-device / NO_MICROPHONE', async () => {
    devices.failWith = 'NotFoundError';
    create();
    const error = await phone.connect().catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('NO_MICROPHONE');
    expect(phone.microphoneState).to.equal('no-device');
  });

  it('refuses to answer when the microphone cannot be opened, and releases the call', async () => {
    create({ media: { acquireOnConnect: false } });
    await phone.connect();
    devices.failWith = 'NotReadableError';
    const arrived = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001');
    const { call } = await arrived;
    await labCall.waitFor('ringing');
    const error = await call.answer().catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('MIC_UNAVAILABLE');
    await labCall.waitFor('ended');
    expect(labCall.end?.how).to.equal('480');
  });

  it('switches the input device mid-call with replaceTrack', async () => {
    create();
    await phone.connect();
    const call = await activeCall();
    const before = audioSender(call)?.track;
    const inputs = (await phone.getDevices()).inputs.map((d) => d.deviceId);
    const other = inputs.find((id) => id !== 'default' && id !== phone.inputDeviceId) ?? inputs[0]!;
    const changed = nextEvent(phone, 'inputDeviceChanged');
    await phone.setInputDevice(other);
    expect((await changed).reason).to.equal('requested');
    await sleep(50);
    const after = audioSender(call)?.track;
    expect(after).to.not.equal(before);
    expect(after?.readyState).to.equal('live');
    expect(before?.readyState).to.equal('ended');
  });

  it('refuses an unknown input device', async () => {
    create();
    await phone.connect();
    const error = await phone.setInputDevice('no-such-device').catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('DEVICE_NOT_FOUND');
  });

  it('falls back to the default microphone when the device in use is unplugged mid-call', async () => {
    create();
    await phone.connect();
    const call = await activeCall();
    const before = audioSender(call)?.track;
    const inputs = (await phone.getDevices()).inputs.map((d) => d.deviceId);
    const current = phone.inputDeviceId!;
    const changed = nextEvent(phone, 'inputDeviceChanged');
    const listed = nextEvent(phone, 'devicesChanged');
    devices.unplug(current, inputs);
    expect((await changed).reason).to.equal('device-removed');
    expect((await listed).inputs.map((d) => d.deviceId)).to.not.include(current);
    await sleep(50);
    expect(audioSender(call)?.track).to.not.equal(before);
    expect(audioSender(call)?.track?.readyState).to.equal('live');
    expect(call.state).to.equal('active');
  });

  it('recovers when the track ends (headset pulled) and keeps a muted call muted', async () => {
    create();
    await phone.connect();
    const call = await activeCall();
    call.mute();
    const changed = nextEvent(phone, 'inputDeviceChanged');
    // The shared track fires `ended` when its device goes away.
    sharedTrack(phone).dispatchEvent(new Event('ended'));
    expect((await changed).reason).to.equal('track-ended');
    await sleep(50);
    expect(audioSender(call)?.track?.readyState).to.equal('live');
    expect(audioSender(call)?.track?.enabled).to.equal(false);
    expect(call.isMuted).to.equal(true);
  });

  it('reports a page without the microphone API (not a secure context) as MIC_BLOCKED_BY_POLICY', async () => {
    const microphone = new Microphone(undefined, {}, undefined, silentLogger);
    const error = await microphone.acquire().then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(error?.code).to.equal('MIC_BLOCKED_BY_POLICY');
    expect(microphone.state).to.equal('denied');
  });

  it('releases the microphone on disconnect()', async () => {
    create();
    await phone.connect();
    const track = sharedTrack(phone);
    await phone.disconnect();
    expect(track.readyState).to.equal('ended');
    expect(phone.microphoneState).to.equal('released');
  });
});

function sharedTrack(phone: Softphone): MediaStreamTrack {
  const track = phone.microphoneStream?.getAudioTracks()[0];
  if (!track) throw new Error('no shared microphone track');
  return track;
}
