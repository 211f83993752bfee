import { expect } from 'chai';
import { DEFAULT_QUALITY_OPTIONS } from '../../src/quality/quality-options.js';
import type { CallQualitySample } from '../../src/quality/quality-sample.js';
import { QualityWarnings, type QualityWarning } from '../../src/quality/quality-warnings.js';

let clock = 0;
function sample(values: { rttMs?: number; jitterMs?: number; loss?: number; mos?: number; inputLevel?: number }): CallQualitySample {
  clock += 1000;
  const stream = { packetLoss: values.loss ?? 0, jitterMs: values.jitterMs ?? 2, bitrateKbps: 64, audioLevel: 0.1, mos: values.mos ?? 4.4 };
  return {
    at: clock,
    codec: 'PCMU',
    rttMs: values.rttMs ?? 20,
    jitterBufferMs: 20,
    candidatePair: undefined,
    inbound: stream,
    outbound: { ...stream, audioLevel: values.inputLevel ?? 0.1 + Math.random() * 0.2 },
    mos: values.mos ?? 4.4,
  };
}

const live = { inputSilenced: false };

/** Feeds samples; returns every change, tagged with the index of the sample that caused it. */
function feed(warnings: QualityWarnings, samples: CallQualitySample[], context = live): Array<QualityWarning & { index: number }> {
  return samples.flatMap((s, index) => warnings.sample(s, context).map((w) => ({ ...w, index })));
}

describe('QualityWarnings', () => {
  it('raises high-rtt after 3 of 5 samples past 400 ms and clears after 5 in a row under 300 ms', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const changes = feed(warnings, [
      sample({ rttMs: 450 }),
      sample({ rttMs: 100 }),
      sample({ rttMs: 500 }),
      sample({ rttMs: 410 }), // third bad sample within five: raised
      sample({ rttMs: 350 }), // between clear and raise: neither
      sample({ rttMs: 250 }),
      sample({ rttMs: 250 }),
      sample({ rttMs: 250 }),
      sample({ rttMs: 250 }),
      sample({ rttMs: 250 }), // fifth in a row under 300: cleared
    ]);
    expect(changes.map((c) => [c.name, c.state, c.index, c.value, c.threshold])).to.deep.equal([
      ['high-rtt', 'raised', 3, 410, 400],
      ['high-rtt', 'cleared', 9, 250, 300],
    ]);
    expect(warnings.active).to.deep.equal([]);
  });

  it('does not flap on a value hovering at the threshold', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const hovering = Array.from({ length: 30 }, (_, i) => sample({ jitterMs: i % 2 === 0 ? 31 : 29 }));
    const changes = feed(warnings, hovering);
    expect(changes.map((c) => `${c.name} ${c.state}`)).to.deep.equal(['high-jitter raised']);
    expect(warnings.active).to.deep.equal(['high-jitter']);
  });

  it('starts counting good samples again when a bad one interrupts them', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const bad = () => sample({ loss: 0.1 });
    const good = () => sample({ loss: 0 });
    const changes = feed(warnings, [bad(), bad(), bad(), good(), good(), good(), good(), bad(), good(), good(), good(), good(), good()]);
    expect(changes.map((c) => [c.name, c.state, c.index])).to.deep.equal([
      ['high-packet-loss', 'raised', 2],
      ['high-packet-loss', 'cleared', 12],
    ]);
  });

  it('raises low-mos below 3.5 and clears it at 3.8 and above', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const low = feed(warnings, [sample({ mos: 3.2 }), sample({ mos: 3.1 }), sample({ mos: 3.4 })]);
    expect(low.map((c) => [c.name, c.state])).to.deep.equal([['low-mos', 'raised']]);
    const middling = feed(warnings, Array.from({ length: 6 }, () => sample({ mos: 3.7 })));
    expect(middling).to.deep.equal([]);
    const recovered = feed(warnings, Array.from({ length: 5 }, () => sample({ mos: 4.2 })));
    expect(recovered.map((c) => [c.name, c.state, c.threshold])).to.deep.equal([['low-mos', 'cleared', 3.8]]);
  });

  it('ignores samples without a value for a metric', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const unknown = { ...sample({}), rttMs: undefined };
    expect(feed(warnings, [sample({ rttMs: 900 }), unknown, unknown, sample({ rttMs: 900 }), sample({ rttMs: 900 })]).map((c) => c.name)).to.deep.equal(['high-rtt']);
  });

  it('takes thresholds and hysteresis from the options', () => {
    const options = { ...DEFAULT_QUALITY_OPTIONS, thresholds: { ...DEFAULT_QUALITY_OPTIONS.thresholds, rttMs: { raise: 100, clear: 50 } }, raiseAfter: { samples: 1, window: 1 }, clearAfterSamples: 1 };
    const warnings = new QualityWarnings(options);
    expect(feed(warnings, [sample({ rttMs: 150 }), sample({ rttMs: 40 })]).map((c) => `${c.name} ${c.state}`)).to.deep.equal(['high-rtt raised', 'high-rtt cleared']);
  });

  it('raises constant-audio-input-level after 10 s of a flat microphone, clears when it moves', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const flat = Array.from({ length: 11 }, () => sample({ inputLevel: 0 }));
    const raised = feed(warnings, flat);
    expect(raised.map((c) => [c.name, c.state, c.index])).to.deep.equal([['constant-audio-input-level', 'raised', 10]]);
    const cleared = feed(warnings, [sample({ inputLevel: 0.2 })]);
    expect(cleared.map((c) => [c.name, c.state])).to.deep.equal([['constant-audio-input-level', 'cleared']]);
  });

  it('does not call a muted or held call a dead microphone', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    const muted = feed(warnings, Array.from({ length: 20 }, () => sample({ inputLevel: 0 })), { inputSilenced: true });
    expect(muted).to.deep.equal([]);
    // Unmuted, the clock starts again.
    expect(feed(warnings, Array.from({ length: 10 }, () => sample({ inputLevel: 0 })))).to.deep.equal([]);
    expect(feed(warnings, [sample({ inputLevel: 0 })]).map((c) => c.state)).to.deep.equal(['raised']);
  });

  it('raises ice-disconnected on disconnected or failed and clears it on connected', () => {
    const warnings = new QualityWarnings(DEFAULT_QUALITY_OPTIONS);
    expect(warnings.iceState('checking', 1)).to.equal(undefined);
    expect(warnings.iceState('connected', 2)).to.equal(undefined);
    expect(warnings.iceState('disconnected', 3)).to.deep.equal({ name: 'ice-disconnected', state: 'raised', value: 'disconnected', threshold: undefined, at: 3 });
    expect(warnings.iceState('failed', 4)).to.equal(undefined);
    expect(warnings.active).to.deep.equal(['ice-disconnected']);
    expect(warnings.iceState('connected', 5)?.state).to.equal('cleared');
  });
});
