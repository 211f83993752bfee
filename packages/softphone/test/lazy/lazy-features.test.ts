// Parts of the library load on first use, each its own chunk. These tests make Chromium fail the
// fetch of a chunk for real (request interception) and check the failure is typed and bounded: the
// preflight test rejects at once, and a call goes on without the part connect() could not load.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SipLab } from '@wwe-webrtc/lab';
import { FeatureUnavailableError, SoftphoneError } from '../../src/index.js';
import type { Softphone } from '../../src/index.js';
import { newLab, newPhone, nextEvent } from '../support/lab-phone.js';

const block = (pattern: string | null) => executeServerCommand('block-requests', { pattern });

describe('parts loaded on first use, when their chunk cannot be fetched', () => {
  let lab: SipLab | undefined;
  let phone: Softphone | undefined;

  afterEach(async () => {
    await block(null);
    await phone?.disconnect();
    lab?.close();
  });

  it('preflight() rejects with FeatureUnavailableError naming the preflight test, instead of hanging', async () => {
    await block('preflight-runner');
    lab = newLab();
    phone = newPhone(lab);
    const error = await phone.preflight().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(FeatureUnavailableError).and.instanceOf(SoftphoneError);
    const typed = error as FeatureUnavailableError;
    expect(typed.code).to.equal('FEATURE_UNAVAILABLE');
    expect(typed.feature).to.equal('preflight test');
    expect(typed.message).to.contain('reload the page');
    expect(phone.registrationState).to.equal('disconnected', 'nothing was connected for a test that could not run');
  });

  it('connect() registers without the call quality chunk, says so, and a call is answered without samples', async () => {
    await block('quality-monitor');
    lab = newLab();
    phone = newPhone(lab, { quality: { sampleIntervalMs: 250 } });
    const errors: SoftphoneError[] = [];
    phone.on('error', ({ error }) => errors.push(error));
    await phone.connect();
    expect(phone.registrationState).to.equal('registered');
    expect(errors.map((error) => [error.code, (error as FeatureUnavailableError).feature])).to.deep.equal([['FEATURE_UNAVAILABLE', 'call quality monitor']]);

    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab.call('5001', {});
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    await call.answer();
    await labCall.waitFor('answered');
    expect(call.state).to.equal('active');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(call.qualitySummary.samples).to.equal(0);
    expect(call.qualityWarnings).to.deep.equal([]);
    const ended = nextEvent(phone, 'callEnded');
    call.hangup();
    expect((await ended).reason).to.equal('local-hangup');
  });
});
