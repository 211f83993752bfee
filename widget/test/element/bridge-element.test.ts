// The real softphone page of the WWE example (examples/wwe-embed/widget.html, lab inside) in an iframe,
// driven by the host helper: every command, and the events a host hears.
import { expect } from 'chai';
import type { LabCall, SipLab } from '@wwe-webrtc/lab';
import { connectSoftphoneFrame, type BridgeEvents, type SoftphoneFrame } from '../../src/host.js';
import { until } from '../support/dom.js';

interface WidgetPage extends Window {
  wweLab?: { lab: SipLab; currentCall: LabCall | undefined };
}

describe('host bridge to <wwe-softphone> in a frame', () => {
  let frame: HTMLIFrameElement;
  let phone: SoftphoneFrame;
  const heard: Array<{ type: keyof BridgeEvents; payload: unknown }> = [];

  before(async () => {
    frame = document.createElement('iframe');
    frame.src = '/examples/wwe-embed/widget.html';
    frame.setAttribute('allow', 'microphone; autoplay');
    frame.style.cssText = 'width:300px;height:500px;border:0';
    document.body.append(frame);
    phone = connectSoftphoneFrame(frame, { origin: location.origin });
    for (const type of ['state', 'incoming', 'answered', 'ended', 'error'] as const) {
      phone.on(type, (payload) => heard.push({ type, payload }));
    }
    await phone.ready;
  });

  after(() => {
    phone.close();
    frame.remove();
  });

  const lab = () => (frame.contentWindow as WidgetPage).wweLab!;
  const heardOf = <K extends keyof BridgeEvents>(type: K) =>
    heard.filter((event) => event.type === type).map((event) => event.payload as BridgeEvents[K]);

  it('configures and connects, reporting state as events', async () => {
    const configured = await phone.request('configure', { displayName: 'Agent 5001', gatewayToken: 'presence-token-0123456789', gatewayTurn: true });
    expect(configured.dn).to.equal('5001');
    const element = frame.contentDocument!.querySelector('wwe-softphone') as HTMLElement & { gatewayToken: string; gatewayTurn: boolean };
    expect(element.gatewayToken).to.equal('presence-token-0123456789');
    expect(element.gatewayTurn).to.equal(true);
    const state = await phone.request('connect');
    expect(state.connection).to.equal('registered');
    await until(() => heardOf('state').some((s) => s.connection === 'registered'), 'a registered state event');
  });

  it('hears an incoming call, answers, holds, resumes, mutes, sends DTMF and hangs up', async () => {
    const labCall = lab().lab.call('5001', { from: '1003' });
    const incoming = await until(() => heardOf('incoming').at(-1), 'the incoming event');
    expect(incoming).to.include({ remote: '1003', genesysCallUuid: labCall.genesysCallUuid });

    const answered = await phone.request('answer');
    expect(answered.id).to.equal(incoming.id);
    await until(() => heardOf('answered').length > 0, 'the answered event');
    await labCall.waitFor('answered');

    expect((await phone.request('hold')).state).to.equal('held');
    expect((await phone.request('hold', { hold: false })).state).to.equal('active');
    expect((await phone.request('mute', { muted: true })).muted).to.equal(true);
    expect((await phone.request('mute', { muted: false })).muted).to.equal(false);
    await phone.request('dtmf', { tones: '12#' });

    await phone.request('hangup');
    await labCall.waitFor('ended');
    const ended = await until(() => heardOf('ended').at(-1), 'the ended event');
    expect(ended).to.deep.include({ reason: 'local-hangup' });
  });

  it('dials out and hangs up', async () => {
    const call = await phone.request('dial', { target: '1003' });
    expect(call).to.include({ direction: 'outgoing', remote: '1003' });
    await until(() => heardOf('answered').some((c) => c.id === call.id), 'the outgoing call to be answered');
    await phone.request('hangup', { callId: call.id });
    await until(() => heardOf('ended').some((e) => e.call.id === call.id), 'the outgoing call to end');
  });

  it('transfers the current call blind, and hears it end as transferred', async () => {
    const labCall = lab().lab.call('5001', { from: '1003' });
    await until(() => heardOf('incoming').some((c) => c.genesysCallUuid === labCall.genesysCallUuid), 'the incoming event');
    await phone.request('answer');
    await labCall.waitFor('answered');
    await until(() => frame.contentDocument!.querySelector('wwe-softphone')?.shadowRoot?.querySelector('[part~="transfer-button"]'), 'the call controls');
    const transferred = await phone.request('transfer', { target: '5002' });
    expect(transferred.remote).to.equal('1003');
    expect(labCall.transfers).to.have.length(1);
    expect(labCall.transfers[0]).to.match(/^sip:5002@/);
    const ended = await until(() => heardOf('ended').find((e) => e.call.id === transferred.id), 'the transferred call to end');
    expect(ended.reason).to.equal('transferred');
  });

  it('toggles auto-answer and reports it in the state', async () => {
    expect(await phone.request('setAutoAnswer', { enabled: false })).to.deep.equal({ enabled: false });
    expect((await phone.request('getState')).autoAnswer).to.equal(false);
    await phone.request('setAutoAnswer', { enabled: true });
    expect((await phone.request('getState')).autoAnswer).to.equal(true);
  });

  it('rejects a command on no call with CALL_NOT_FOUND, and hears it as an error event', async () => {
    const error = await phone.request('answer').then(() => null, (e: unknown) => e);
    expect(error).to.include({ code: 'CALL_NOT_FOUND' });
    await until(() => heardOf('error').some((e) => e.code === 'CALL_NOT_FOUND'), 'the error event');
  });

  it('disconnects', async () => {
    expect((await phone.request('disconnect')).connection).to.equal('disconnected');
    expect(lab().lab.contacts('5001')).to.have.length(0);
  });
});
