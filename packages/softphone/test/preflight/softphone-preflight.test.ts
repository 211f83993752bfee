import { expect } from 'chai';
import type { SipLab } from '@wwe-webrtc/lab';
import type { PreflightProgress, Softphone } from '../../src/index.js';
import { newLab, newPhone } from '../support/lab-phone.js';

const FAST = { echoDurationMs: 1500, iceTimeoutMs: 2000, callTimeoutMs: 5000, connectTimeoutMs: 5000 };

describe('Softphone.preflight() against the lab', () => {
  let lab: SipLab;
  let phone: Softphone;

  afterEach(async () => {
    await phone?.disconnect();
    lab?.close();
  });

  it('passes every check on a working setup, connecting for the test and disconnecting after', async () => {
    lab = newLab();
    phone = newPhone(lab, { quality: { sampleIntervalMs: 250 } });
    const targets: string[] = [];
    lab.on('call', (call) => targets.push(call.target ?? ''));
    const progress: PreflightProgress[] = [];
    const report = await phone.preflight({ ...FAST, onProgress: (p) => progress.push(p) });
    const status = Object.fromEntries(report.checks.map((check) => [check.name, check.status]));
    expect(status).to.deep.equal({ microphone: 'passed', connection: 'passed', ice: 'passed', turn: 'skipped', 'echo-call': 'passed' }, JSON.stringify(report.checks.map((c) => c.message)));
    expect(report.ok).to.equal(true);
    expect(targets).to.deep.equal(['*43']);
    const echo = report.checks.find((check) => check.name === 'echo-call');
    expect(echo?.name === 'echo-call' && echo.details.mos).to.be.greaterThan(4);
    expect(progress.filter((p) => p.status === 'running').map((p) => p.name)).to.deep.equal(['microphone', 'connection', 'ice', 'turn', 'echo-call']);
    expect(phone.registrationState).to.equal('disconnected', 'it was not connected before the test');
    expect(phone.calls).to.deep.equal([]);
  });

  it('stays connected when it was, and answers a second call for a report with the same run', async () => {
    lab = newLab();
    phone = newPhone(lab, { quality: { sampleIntervalMs: 250 } });
    await phone.connect();
    const [first, second] = await Promise.all([phone.preflight(FAST), phone.preflight(FAST)]);
    expect(second).to.equal(first);
    expect(first.checks.find((c) => c.name === 'connection')?.details).to.include({ alreadyConnected: true });
    expect(phone.registrationState).to.equal('registered');
  });

  it('says the password is wrong and skips the echo call', async () => {
    lab = newLab();
    phone = newPhone(lab, { password: 'not-the-password' });
    const report = await phone.preflight(FAST);
    const connection = report.checks.find((c) => c.name === 'connection')!;
    expect(connection.status).to.equal('failed');
    expect(connection.message).to.match(/refused DN 5001's password/);
    expect(report.checks.find((c) => c.name === 'echo-call')?.status).to.equal('skipped');
    expect(report.ok).to.equal(false);
    expect(phone.registrationState).to.equal('disconnected');
  });

  it('fails the echo call when the echo extension does not exist', async () => {
    lab = newLab({ outgoing: { status: 404, answerAfterMs: 50 } });
    phone = newPhone(lab);
    const report = await phone.preflight(FAST);
    const echo = report.checks.find((c) => c.name === 'echo-call')!;
    expect(echo.status).to.equal('failed');
    expect(echo.message).to.match(/^The echo test extension \*43 ended: .*404.*dialplan reload/);
  });
});
