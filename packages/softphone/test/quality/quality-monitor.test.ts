import { expect } from 'chai';
import { DEFAULT_QUALITY_OPTIONS } from '../../src/quality/quality-options.js';
import { QualityMonitor, type MonitoredConnection } from '../../src/quality/quality-monitor.js';
import type { CallQualitySample } from '../../src/quality/quality-sample.js';
import type { QualityWarning } from '../../src/quality/quality-warnings.js';
import { ScriptedNetwork } from '../support/stats-report.js';

/** A peer connection whose getStats() plays a scripted network and whose ICE state the test sets. */
class ScriptedConnection extends EventTarget implements MonitoredConnection {
  iceConnectionState: RTCIceConnectionState = 'connected';
  constructor(readonly network: ScriptedNetwork) {
    super();
  }
  getStats(): Promise<RTCStatsReport> {
    return Promise.resolve(this.network.next() as unknown as RTCStatsReport);
  }
  setIce(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

function monitor(connection: ScriptedConnection, silenced = () => false) {
  const samples: CallQualitySample[] = [];
  const warnings: QualityWarning[] = [];
  const m = new QualityMonitor(connection, DEFAULT_QUALITY_OPTIONS, { sample: (s) => samples.push(s), warning: (w) => warnings.push(w) }, silenced);
  return { m, samples, warnings };
}

describe('QualityMonitor', () => {
  it('raises high-packet-loss, high-jitter and low-mos on a bad stretch and clears them after it', async () => {
    const network = new ScriptedNetwork();
    const connection = new ScriptedConnection(network);
    const { m, samples, warnings } = monitor(connection);
    for (let i = 0; i < 3; i++) await m.sampleNow();
    expect(warnings).to.deep.equal([]);
    expect(samples.at(-1)!.mos).to.be.greaterThan(4);
    network.loss = 0.1;
    network.jitter = 0.06;
    for (let i = 0; i < 4; i++) await m.sampleNow();
    expect(warnings.map((w) => `${w.name} ${w.state}`).sort()).to.deep.equal(['high-jitter raised', 'high-packet-loss raised', 'low-mos raised']);
    expect(m.activeWarnings.sort()).to.deep.equal(['high-jitter', 'high-packet-loss', 'low-mos']);
    network.loss = 0;
    network.jitter = 0.002;
    for (let i = 0; i < 6; i++) await m.sampleNow();
    expect(warnings.filter((w) => w.state === 'cleared').map((w) => w.name).sort()).to.deep.equal(['high-jitter', 'high-packet-loss', 'low-mos']);
    expect(m.activeWarnings).to.deep.equal([]);
    const summary = m.stop();
    expect(summary.samples).to.equal(13);
    expect(summary.warnings.map((w) => w.name).sort()).to.deep.equal(['high-jitter', 'high-packet-loss', 'low-mos']);
    expect(summary.warnings.every((w) => w.clearedAt !== undefined)).to.equal(true);
    expect(summary.mos!.min).to.be.lessThan(3.5);
    expect(summary.mos!.max).to.be.greaterThan(4);
  });

  it('samples on its own timer once started, and stops', async () => {
    const connection = new ScriptedConnection(new ScriptedNetwork());
    const samples: CallQualitySample[] = [];
    const m = new QualityMonitor(connection, { ...DEFAULT_QUALITY_OPTIONS, sampleIntervalMs: 250 }, { sample: (s) => samples.push(s), warning: () => {} }, () => false);
    m.start();
    await new Promise((resolve) => setTimeout(resolve, 900));
    m.stop();
    const count = samples.length;
    expect(count).to.be.within(2, 4);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(samples.length).to.equal(count);
  });

  it('reports ice-disconnected the moment ICE drops and clears it when it reconnects', () => {
    const connection = new ScriptedConnection(new ScriptedNetwork());
    const { m, warnings } = monitor(connection);
    m.start();
    connection.setIce('disconnected');
    expect(warnings.map((w) => `${w.name} ${w.state}`)).to.deep.equal(['ice-disconnected raised']);
    connection.setIce('connected');
    expect(warnings.map((w) => `${w.name} ${w.state}`)).to.deep.equal(['ice-disconnected raised', 'ice-disconnected cleared']);
    m.stop();
    connection.setIce('disconnected');
    expect(warnings).to.have.length(2);
  });

  it('hears a dead microphone only while the call is not muted', async () => {
    const network = new ScriptedNetwork();
    network.inputLevel = 0;
    let muted = true;
    const { m, warnings } = monitor(new ScriptedConnection(network), () => muted);
    for (let i = 0; i < 12; i++) await m.sampleNow();
    expect(warnings).to.deep.equal([]);
    muted = false;
    for (let i = 0; i < 11; i++) await m.sampleNow();
    expect(warnings.map((w) => `${w.name} ${w.state}`)).to.deep.equal(['constant-audio-input-level raised']);
  });

  it('keeps sampling when getStats fails once', async () => {
    const connection = new ScriptedConnection(new ScriptedNetwork());
    const failures: unknown[] = [];
    const samples: CallQualitySample[] = [];
    const m = new QualityMonitor(connection, DEFAULT_QUALITY_OPTIONS, { sample: (s) => samples.push(s), warning: () => {}, failed: (e) => failures.push(e) }, () => false);
    const original = connection.getStats.bind(connection);
    connection.getStats = () => Promise.reject(new Error('closed'));
    expect(await m.sampleNow()).to.equal(undefined);
    connection.getStats = original;
    await m.sampleNow();
    expect(failures).to.have.length(1);
    expect(samples).to.have.length(1);
  });
});
