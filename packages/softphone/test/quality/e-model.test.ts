import { expect } from 'chai';
import {
  DEFAULT_R,
  codecImpairment,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  mosFromR,
  mouthToEarDelayMs,
  rFactor,
} from '../../src/quality/e-model.js';

describe('E-model', () => {
  it('maps R to MOS as G.107 Annex B does (G.109 Table 1: R 90/80/70/60/50 → 4.34/4.03/3.60/3.10/2.58)', () => {
    const points: Array<[number, number]> = [
      [90, 4.34],
      [80, 4.03],
      [70, 3.6],
      [60, 3.1],
      [50, 2.58],
    ];
    for (const [r, mos] of points) expect(mosFromR(r), `R ${r}`).to.be.closeTo(mos, 0.01);
  });

  it('gives G.107 default conditions R 93.2 and MOS 4.41', () => {
    expect(DEFAULT_R).to.equal(93.2);
    expect(mosFromR(DEFAULT_R)).to.be.closeTo(4.41, 0.005);
  });

  it('clamps MOS to 1 below R 0 and to 4.5 from R 100', () => {
    expect(mosFromR(-5)).to.equal(1);
    expect(mosFromR(0)).to.equal(1);
    expect(mosFromR(100)).to.equal(4.5);
    expect(mosFromR(Number.NaN)).to.equal(1);
  });

  it("follows Cole & Rosenbluth's delay impairment, with its knee at 177.3 ms", () => {
    expect(delayImpairment(0)).to.equal(0);
    expect(delayImpairment(100)).to.be.closeTo(2.4, 1e-9);
    expect(delayImpairment(177.3)).to.be.closeTo(4.2552, 1e-9);
    expect(delayImpairment(300)).to.be.closeTo(0.024 * 300 + 0.11 * 122.7, 1e-9);
    expect(delayImpairment(-10)).to.equal(0);
  });

  it('computes Ie,eff with G.113 planning values: G.711 with PLC (Bpl 25.1) and without (Bpl 4.3)', () => {
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 0)).to.equal(0);
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 1)).to.be.closeTo(3.64, 0.005);
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2)).to.be.closeTo(7.01, 0.005);
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 4.3 }, 1)).to.be.closeTo(17.92, 0.005);
    // Total loss leaves nothing: Ie,eff tends to 95 − Bpl-weighted remainder, far below usable.
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 100)).to.be.closeTo(75.94, 0.01);
    // Bursty loss hurts more than random loss at the same rate.
    expect(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2, 2)).to.be.greaterThan(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2, 1));
  });

  it('knows G.711 and opus, in any spelling, and falls back to G.711 for the rest', () => {
    expect(codecImpairment('PCMU')).to.deep.equal({ ie: 0, bpl: 25.1, delayMs: 20 });
    expect(codecImpairment('audio/PCMA').bpl).to.equal(25.1);
    expect(codecImpairment('audio/opus').delayMs).to.equal(26.5);
    expect(codecImpairment('G722')).to.deep.equal(codecImpairment('PCMU'));
    expect(codecImpairment(undefined)).to.deep.equal(codecImpairment('PCMU'));
  });

  it('adds half the RTT, the jitter buffer and the codec delay into the mouth-to-ear delay', () => {
    expect(mouthToEarDelayMs({ rttMs: 100, jitterBufferMs: 40, packetLoss: 0, codec: 'PCMU' })).to.equal(110);
    expect(mouthToEarDelayMs({ rttMs: -1, jitterBufferMs: -1, packetLoss: 0, codec: 'opus' })).to.equal(26.5);
  });

  it('rates a clean LAN call above 4.3 and a lossy, slow one below 3.5', () => {
    const clean = { rttMs: 2, jitterBufferMs: 20, packetLoss: 0, codec: 'PCMU' };
    expect(rFactor(clean)).to.be.closeTo(93.2 - 0.024 * 41, 1e-9);
    expect(estimateMos(clean)).to.be.greaterThan(4.3);
    expect(estimateMos({ rttMs: 300, jitterBufferMs: 80, packetLoss: 0.05, codec: 'PCMU' })).to.be.lessThan(3.5);
    expect(estimateMos({ rttMs: 5000, jitterBufferMs: 1000, packetLoss: 1, codec: 'PCMU' })).to.equal(1);
  });

  it('rounds the MOS to two decimals and never leaves 1…4.41 for real inputs', () => {
    for (const loss of [0, 0.01, 0.1, 0.5, 1]) {
      for (const rtt of [0, 50, 200, 800]) {
        const mos = estimateMos({ rttMs: rtt, jitterBufferMs: 20, packetLoss: loss });
        expect(mos).to.be.within(1, 4.41);
        expect(Math.round(mos * 100) / 100).to.equal(mos);
      }
    }
  });
});
