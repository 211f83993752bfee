import { expect } from 'chai';
import { MediaError } from '../../src/errors.js';
import { DEFAULT_QUALITY_OPTIONS } from '../../src/quality/quality-options.js';
import { QualitySummaryBuilder } from '../../src/quality/quality-summary.js';
import { runPreflight, type PreflightContext } from '../../src/preflight/preflight.js';
import type { PreflightProgress } from '../../src/preflight/preflight-types.js';

function context(overrides: Partial<PreflightContext> = {}): PreflightContext & { calls: string[] } {
  const calls: string[] = [];
  const track = new AudioContext().createMediaStreamDestination().stream.getAudioTracks()[0]!;
  return {
    calls,
    microphone: { acquire: async () => track, level: () => 0.2 },
    connection: { server: 'wss://pbx.example.com/ws', dn: '5001', registered: true, connect: async () => {} },
    echo: {
      call: async (target) => {
        calls.push(target);
        return { answered: new Promise<void>(() => {}), onSample: () => () => {}, hangup: () => {}, summary: new QualitySummaryBuilder().build() };
      },
    },
    iceConfiguration: () => ({ iceServers: [] }),
    quality: DEFAULT_QUALITY_OPTIONS,
    ...overrides,
  };
}

const fast = { microphoneListenMs: 50, iceTimeoutMs: 1000, callTimeoutMs: 100, echoDurationMs: 50 };

describe('runPreflight', () => {
  it('runs every check in order and reports each as it starts and ends', async () => {
    const progress: PreflightProgress[] = [];
    const ctx = context();
    const report = await runPreflight(ctx, { ...fast, echoTarget: '600', onProgress: (p) => progress.push(p) });
    expect(report.checks.map((c) => c.name)).to.deep.equal(['microphone', 'connection', 'ice', 'turn', 'echo-call']);
    expect(progress.map((p) => `${p.name}:${p.status}`)).to.deep.equal([
      'microphone:running', 'microphone:passed',
      'connection:running', 'connection:passed',
      'ice:running', 'ice:passed',
      'turn:running', 'turn:skipped',
      'echo-call:running', 'echo-call:failed',
    ]);
    expect(ctx.calls).to.deep.equal(['600']);
    expect(report.ok).to.equal(false);
    expect(report.checks.every((c) => c.durationMs >= 0 && c.message.length > 0)).to.equal(true);
  });

  it('skips the echo call, saying why, when the microphone or the connection failed', async () => {
    const ctx = context({
      microphone: { acquire: () => Promise.reject(new MediaError('NO_MICROPHONE', 'No microphone was found. Plug in a headset.')), level: () => 0 },
      connection: { server: 'wss://pbx.example.com/ws', dn: '5001', registered: false, connect: () => Promise.reject(Object.assign(new Error('x'), { code: 'SERVER_UNREACHABLE' })) },
    });
    const report = await runPreflight(ctx, fast);
    const echo = report.checks.find((c) => c.name === 'echo-call')!;
    expect(echo.status).to.equal('skipped');
    expect(echo.message).to.equal('Not tried: the microphone and connection checks failed; fix that first.');
    expect(ctx.calls).to.deep.equal([]);
    expect(report.checks.find((c) => c.name === 'ice')!.status).to.equal('passed', 'ICE does not need the connection');
  });
});
