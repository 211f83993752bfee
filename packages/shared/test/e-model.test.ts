import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_R,
  codecImpairment,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  mosFromR,
  mouthToEarDelayMs,
  rFactor,
} from '../src/e-model.js';

function near(actual: number, expected: number, tolerance: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);
}

test('maps R to MOS as G.107 Annex B does (G.109 Table 1: R 90/80/70/60/50 → 4.34/4.03/3.60/3.10/2.58)', () => {
  const points: Array<[number, number]> = [
    [90, 4.34],
    [80, 4.03],
    [70, 3.6],
    [60, 3.1],
    [50, 2.58],
  ];
  for (const [r, mos] of points) near(mosFromR(r), mos, 0.01, `R ${r}:`);
});

test('gives G.107 default conditions R 93.2 and MOS 4.41', () => {
  assert.equal(DEFAULT_R, 93.2);
  near(mosFromR(DEFAULT_R), 4.41, 0.005);
});

test('clamps MOS to 1 below R 0 and to 4.5 from R 100', () => {
  assert.equal(mosFromR(-5), 1);
  assert.equal(mosFromR(0), 1);
  assert.equal(mosFromR(100), 4.5);
  assert.equal(mosFromR(Number.NaN), 1);
});

test("follows Cole & Rosenbluth's delay impairment, with its knee at 177.3 ms", () => {
  assert.equal(delayImpairment(0), 0);
  near(delayImpairment(100), 2.4, 1e-9);
  near(delayImpairment(177.3), 4.2552, 1e-9);
  near(delayImpairment(300), 0.024 * 300 + 0.11 * 122.7, 1e-9);
  assert.equal(delayImpairment(-10), 0);
});

test('computes Ie,eff with G.113 planning values: G.711 with PLC (Bpl 25.1) and without (Bpl 4.3)', () => {
  assert.equal(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 0), 0);
  near(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 1), 3.64, 0.005);
  near(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2), 7.01, 0.005);
  near(effectiveEquipmentImpairment({ ie: 0, bpl: 4.3 }, 1), 17.92, 0.005);
  // Everything lost: 95 · 100 / (100 + 25.1).
  near(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 100), 75.94, 0.01);
  // Bursty loss hurts more than random loss at the same rate.
  assert.ok(effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2, 2) > effectiveEquipmentImpairment({ ie: 0, bpl: 25.1 }, 2, 1));
});

test('knows G.711 and opus, in any spelling, and falls back to G.711 for the rest', () => {
  assert.deepEqual(codecImpairment('PCMU'), { ie: 0, bpl: 25.1, delayMs: 20 });
  assert.equal(codecImpairment('audio/PCMA').bpl, 25.1);
  assert.equal(codecImpairment('audio/opus').delayMs, 26.5);
  assert.deepEqual(codecImpairment('G722'), codecImpairment('PCMU'));
  assert.deepEqual(codecImpairment(undefined), codecImpairment('PCMU'));
});

test('adds half the RTT, the jitter buffer and the codec delay into the mouth-to-ear delay', () => {
  assert.equal(mouthToEarDelayMs({ rttMs: 100, jitterBufferMs: 40, packetLoss: 0, codec: 'PCMU' }), 110);
  assert.equal(mouthToEarDelayMs({ rttMs: -1, jitterBufferMs: -1, packetLoss: 0, codec: 'opus' }), 26.5);
});

test('rates a clean LAN call above 4.3 and a lossy, slow one below 3.5', () => {
  const clean = { rttMs: 2, jitterBufferMs: 20, packetLoss: 0, codec: 'PCMU' };
  near(rFactor(clean), 93.2 - 0.024 * 41, 1e-9);
  assert.ok(estimateMos(clean) > 4.3);
  assert.ok(estimateMos({ rttMs: 300, jitterBufferMs: 80, packetLoss: 0.05, codec: 'PCMU' }) < 3.5);
  assert.equal(estimateMos({ rttMs: 5000, jitterBufferMs: 1000, packetLoss: 1, codec: 'PCMU' }), 1);
});

test('rounds the MOS to two decimals and never leaves 1…4.41 for real inputs', () => {
  for (const loss of [0, 0.01, 0.1, 0.5, 1]) {
    for (const rtt of [0, 50, 200, 800]) {
      const mos = estimateMos({ rttMs: rtt, jitterBufferMs: 20, packetLoss: loss });
      assert.ok(mos >= 1 && mos <= 4.41, `MOS ${mos}`);
      assert.equal(Math.round(mos * 100) / 100, mos);
    }
  }
});
