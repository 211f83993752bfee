// The softphone's quality report against a real wwe-gateway (run in Node by the test runner's
// quality-gateway command, its AMI played by the simulator): a call answered in Chromium over a real
// RTCPeerConnection posts its summary once when it ends, cross-origin, with a proof the gateway
// accepts; the gateway joins it with Asterisk's leg of the same Genesys call UUID.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { gatewayQualityReport, QualityReportError } from '../../src/index.js';
import { buildQualityReport } from '../../src/quality/quality-report.js';
import type { CallQualityReport, QualitySummary } from '../../src/index.js';
import { PASSWORD, labPerTest, nextEvent, sleep } from '../support/lab-phone.js';

const gatewayCommand = <T>(payload: Record<string, unknown>) => executeServerCommand<T, Record<string, unknown>>('quality-gateway', payload);

interface StoredCall {
  callUuid?: string;
  legs: unknown[];
  browser?: CallQualityReport & { dn: string };
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('gatewayQualityReport with a real gateway', () => {
  const { lab, phone: newPhone } = labPerTest();
  let base: string;

  before(async () => {
    ({ base } = (await gatewayCommand<{ base: string }>({ action: 'start', origin: location.origin, passwords: { '5001': PASSWORD } }))!);
  });
  after(async () => {
    await gatewayCommand({ action: 'stop' });
  });

  it("posts a call's summary once when it ends, joined at the gateway with Asterisk's leg by call UUID", async () => {
    const callUuid = `QUALITYREPORT${Date.now()}`;
    const delivered: CallQualityReport[] = [];
    const report = gatewayQualityReport({ gatewayUrl: base, dn: '5001', password: PASSWORD });
    const phone = newPhone({
      quality: { sampleIntervalMs: 250 },
      qualityReport: async (summary, call) => {
        expect(call.state).to.equal('ended');
        await report(summary, call);
        delivered.push(summary);
      },
    });
    await phone.connect();
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab().call('5001', { genesysCallUuid: callUuid });
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    await call.answer();
    await labCall.waitFor('answered');
    await nextEvent(call, 'quality', (sample) => sample.mos !== undefined, 8000);
    await nextEvent(call, 'quality', undefined, 8000);
    await gatewayCommand({ action: 'rtcp', dn: '5001', callUuid });
    await until('Asterisk leg', () => gatewayCommand<StoredCall[]>({ action: 'calls' }), (calls) => calls!.some((c) => c.callUuid === callUuid));

    const ended = nextEvent(phone, 'callEnded');
    call.hangup();
    await ended;
    const calls = await until('the browser view', () => gatewayCommand<StoredCall[]>({ action: 'calls' }), (list) => list!.some((c) => c.callUuid === callUuid && c.browser !== undefined));
    const stored = calls!.find((c) => c.callUuid === callUuid)!;
    expect(stored.legs).to.have.length(1, "joined with Asterisk's leg, not a call of its own");
    expect(stored.browser!.dn).to.equal('5001');
    expect(stored.browser!.direction).to.equal('incoming');
    expect(stored.browser!.candidate?.local).to.equal('host');
    expect(stored.browser!.samples).to.be.at.least(2);
    expect(stored.browser!.mos!.avg).to.be.greaterThan(4);
    expect(stored.browser!.audioInputLevel).to.have.keys('min', 'avg', 'max');
    expect(stored.browser!.warnings).to.be.an('array');

    await sleep(500);
    expect(delivered).to.have.length(1, 'one report per call');
    const metrics = (await gatewayCommand<string>({ action: 'metrics' }))!;
    expect(metrics).to.match(/wwe_gateway_browser_quality_requests_total\{route="report",result="accepted"\} 1\n/);
    expect(metrics).to.match(/wwe_gateway_browser_call_mos_count\{dn_range="5001",candidate="host"\} 1\n/);
  });

  it('a refused report is logged; the call ends as usual and no error event is raised', async () => {
    const warnings: string[] = [];
    const errors: unknown[] = [];
    const phone = newPhone({
      quality: { sampleIntervalMs: 250 },
      qualityReport: gatewayQualityReport({ gatewayUrl: base, dn: '5001', password: 'not-the-sip-password' }),
      logger: { debug() {}, info() {}, warn: (message: string, ...details: unknown[]) => warnings.push(`${message} ${details.map(String).join(' ')}`), error() {} },
    });
    phone.on('error', ({ error }) => errors.push(error));
    await phone.connect();
    const incoming = nextEvent(phone, 'incomingCall');
    const labCall = lab().call('5001', {});
    const { call } = await incoming;
    await labCall.waitFor('ringing');
    await call.answer();
    await labCall.waitFor('answered');
    await nextEvent(call, 'quality', undefined, 8000);
    const ended = nextEvent(phone, 'callEnded');
    call.hangup();
    expect((await ended).reason).to.equal('local-hangup');
    await until('the warning', async () => warnings, (list) => list.length > 0);
    expect(warnings[0]).to.match(/quality report of .* not delivered/);
    expect(warnings[0]).to.match(/QUALITY_PROOF_INVALID/);
    expect(warnings.join()).not.to.include('not-the-sip-password');
    expect(errors).to.deep.equal([]);
  });

  it('a gateway that cannot be reached rejects with a typed error', async () => {
    const error = await gatewayQualityReport({ gatewayUrl: 'http://127.0.0.1:9', dn: '5001', password: PASSWORD, timeoutMs: 2000 })(
      { samples: 1, warnings: [] },
      undefined as never,
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QualityReportError);
    expect((error as QualityReportError).code).to.equal('QUALITY_REPORT_FAILED');
  });
});

describe('buildQualityReport', () => {
  it('keeps what the gateway accepts: bounded numbers, the first 32 warnings, nothing unmeasured', () => {
    const summary: QualitySummary = {
      samples: 3,
      firstSampleAt: 1_796_175_000_000,
      lastSampleAt: 1_796_175_002_000,
      codec: 'PCMU',
      candidatePair: { local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'tls', networkType: 'wifi' },
      mos: { min: 0.5, avg: 3, max: 4.4 },
      rttMs: { min: 10, avg: 20, max: 90_000 },
      jitterMs: undefined,
      packetLoss: { min: 0, avg: 0.2, max: 1.2 },
      audioInputLevel: { min: 0, avg: 0, max: 0 },
      warnings: Array.from({ length: 40 }, (_, i) => ({ name: 'low-mos' as const, raisedAt: 1_796_175_000_000 + i, clearedAt: 1_796_175_000_500 + i })),
    };
    const report = buildQualityReport(summary, { genesysCallUuid: undefined, direction: 'outgoing', endReason: 'remote-hangup' });
    expect(report.mos).to.deep.equal({ min: 1, avg: 3, max: 4.4 });
    expect(report.rttMs!.max).to.equal(60_000);
    expect(report.packetLoss!.max).to.equal(1);
    expect(report.warnings).to.have.length(32);
    expect(report).not.to.have.property('jitterMs');
    expect(report).not.to.have.property('callUuid');
    expect(report.candidate).to.deep.equal({ local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'tls', networkType: 'wifi' });
    expect(new TextEncoder().encode(JSON.stringify({ ...report, callUuid: 'X'.repeat(128) })).length).to.be.below(4096);
  });
});
