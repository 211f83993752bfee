import { expect } from 'chai';
import { qualitySample, readStats, worseJitterMs, worsePacketLoss } from '../../src/quality/quality-sample.js';
import { statsReport } from '../support/stats-report.js';

describe('quality sample', () => {
  it('reads codec, candidate pair, RTT, jitter and levels from a Chromium-shaped report', () => {
    const reading = readStats(statsReport({ mimeType: 'audio/opus', remoteRtt: 0.08, jitter: 0.012, remoteJitter: 0.004, inputLevel: 0.3, audioLevel: 0.07, localCandidateType: 'relay', relayProtocol: 'tls' }), 1000);
    expect(reading.codec).to.equal('opus');
    expect(reading.candidatePair).to.deep.equal({ local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'tls', networkType: 'ethernet' });
    expect(reading.remote.rttMs).to.be.closeTo(80, 1e-9);
    expect(reading.inbound.jitterMs).to.be.closeTo(12, 1e-9);
    expect(reading.remote.jitterMs).to.be.closeTo(4, 1e-9);
    expect(reading.outbound.audioLevel).to.equal(0.3);
    expect(reading.inbound.audioLevel).to.equal(0.07);
  });

  it('measures loss, bitrate and jitter-buffer delay over the interval, not the whole call', () => {
    const before = readStats(statsReport({ packetsReceived: 1000, packetsLost: 0, bytesReceived: 172_000, bytesSent: 100_000, jitterBufferDelay: 40, jitterBufferEmittedCount: 1000 * 960 }), 10_000);
    const after = readStats(
      statsReport({ packetsReceived: 1045, packetsLost: 5, packetsDiscarded: 1, bytesReceived: 180_600, bytesSent: 108_000, jitterBufferDelay: 40 + 48_000 * 0.06, jitterBufferEmittedCount: 1000 * 960 + 48_000, remoteRtt: 0.05, fractionLost: 0.02 }),
      11_000,
    );
    const sample = qualitySample(after, before);
    expect(sample.inbound.packetLoss).to.equal(0.12); // (5 lost + 1 late) / 50 expected
    expect(sample.inbound.bitrateKbps).to.equal(68.8);
    expect(sample.outbound.bitrateKbps).to.equal(64);
    expect(sample.jitterBufferMs).to.equal(60);
    expect(sample.outbound.packetLoss).to.equal(0.02);
    expect(sample.rttMs).to.equal(50);
  });

  it('estimates each direction with the E-model and reports the worse as the MOS', () => {
    const before = readStats(statsReport({ packetsReceived: 100, jitterBufferDelay: 0, jitterBufferEmittedCount: 0 }), 0);
    const clean = qualitySample(readStats(statsReport({ packetsReceived: 150, remoteRtt: 0.01, jitterBufferDelay: 48_000 * 0.02, jitterBufferEmittedCount: 48_000 }), 1000), before);
    expect(clean.inbound.mos).to.be.greaterThan(4.3);
    expect(clean.outbound.mos).to.be.greaterThan(4.3);
    const lossy = qualitySample(readStats(statsReport({ packetsReceived: 140, packetsLost: 10, remoteRtt: 0.01, fractionLost: 0, jitterBufferDelay: 48_000 * 0.02, jitterBufferEmittedCount: 48_000 }), 1000), before);
    expect(lossy.inbound.mos).to.be.lessThan(3.5);
    expect(lossy.outbound.mos).to.be.greaterThan(4.3);
    expect(lossy.mos).to.equal(lossy.inbound.mos);
  });

  it('falls back to the ICE RTT before any RTCP report, and has no MOS without an RTT', () => {
    const reading = readStats(statsReport({ packetsReceived: 50, iceRtt: 0.003 }), 0);
    expect(qualitySample(reading, undefined).rttMs).to.equal(3);
    const none = new Map([['IT1', { id: 'IT1', type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 0 }]]);
    const sample = qualitySample(readStats(none, 0), undefined);
    expect(sample.rttMs).to.equal(undefined);
    expect(sample.mos).to.equal(undefined);
    expect(sample.codec).to.equal(undefined);
    expect(sample.candidatePair).to.equal(undefined);
  });

  it('treats counters that go backwards and nonsense values as unknown, never as negative loss', () => {
    const before = readStats(statsReport({ packetsReceived: 500, packetsLost: 10 }), 0);
    const after = readStats(statsReport({ packetsReceived: 550, packetsLost: 8 }), 1000);
    expect(qualitySample(after, before).inbound.packetLoss).to.equal(0);
    const odd = new Map([['IT1', { id: 'IT1', type: 'inbound-rtp', kind: 'audio', packetsReceived: 'many', jitter: Number.NaN }]]);
    const reading = readStats(odd, 0);
    expect(reading.inbound.packetsReceived).to.equal(undefined);
    expect(reading.inbound.jitterMs).to.equal(undefined);
  });

  it('picks the worse direction for jitter and loss', () => {
    const sample = qualitySample(readStats(statsReport({ packetsReceived: 50, jitter: 0.01, remoteRtt: 0.01, remoteJitter: 0.04, fractionLost: 0.05 }), 0), undefined);
    expect(worseJitterMs(sample)).to.equal(40);
    expect(worsePacketLoss(sample)).to.equal(0.05);
  });
});
