// The E-model (ITU-T G.107) for one direction of a call, reduced to what a VoIP endpoint can measure:
//
//   R = 93.2 − Id(Ta) − Ie,eff(codec, Ppl)
//
// 93.2 is G.107's R for its default values (R0 − Is − Id(0) with A = 0); Id is the delay impairment as
// Cole & Rosenbluth fitted G.107 with default echo values ("Voice over IP performance monitoring",
// ACM SIGCOMM CCR 31(2), 2001); Ie,eff is G.107 eq. 7-29 with BurstR = 1 (random loss); the MOS is
// G.107 Annex B. Ie and Bpl per codec are G.113 Appendix I's planning values where it has them.
// The scale is narrowband for every codec (MOS at most 4.41), so one threshold fits all calls.

/** How a codec degrades: G.113's equipment impairment and packet-loss robustness, and its own delay. */
export interface CodecImpairment {
  /** Equipment impairment factor Ie with no loss. */
  readonly ie: number;
  /** Packet-loss robustness factor Bpl (random loss). */
  readonly bpl: number;
  /** Algorithmic delay, ms: one 20 ms packet of audio plus the encoder's look-ahead. */
  readonly delayMs: number;
}

/**
 * G.711 with packet-loss concealment (browsers and Asterisk's `genericplc` conceal): Ie 0, Bpl 25.1
 * (G.113 Table I.3). Opus has no G.113 value; it conceals at least as well as G.711's PLC (and adds
 * in-band FEC), so it gets G.711's values as a conservative floor, plus its 6.5 ms look-ahead.
 */
export const CODEC_IMPAIRMENTS: Readonly<Record<string, CodecImpairment>> = {
  pcmu: { ie: 0, bpl: 25.1, delayMs: 20 },
  pcma: { ie: 0, bpl: 25.1, delayMs: 20 },
  opus: { ie: 0, bpl: 25.1, delayMs: 26.5 },
};

/** Used for a codec not in the table (and when the codec is not known yet). */
export const DEFAULT_CODEC_IMPAIRMENT: CodecImpairment = CODEC_IMPAIRMENTS.pcmu!;

/** G.107's transmission rating with every parameter at its default value. */
export const DEFAULT_R = 93.2;

export interface EModelInput {
  /** Round-trip time of the media path, ms. */
  readonly rttMs: number;
  /** Time audio waits in the receiver's jitter buffer, ms (twice the interarrival jitter when unknown). */
  readonly jitterBufferMs: number;
  /** Packets lost or discarded as late, over packets expected, 0…1. */
  readonly packetLoss: number;
  /** RTP codec name (`PCMU`, `opus`, `audio/PCMA`…), any case. */
  readonly codec?: string | undefined;
}

export function codecImpairment(codec: string | undefined): CodecImpairment {
  const name = codec?.toLowerCase().replace(/^audio\//, '');
  return (name !== undefined && CODEC_IMPAIRMENTS[name]) || DEFAULT_CODEC_IMPAIRMENT;
}

/** Mouth-to-ear delay Ta, ms: half the round trip, the jitter buffer and the codec's own delay. */
export function mouthToEarDelayMs(input: EModelInput): number {
  return Math.max(0, input.rttMs) / 2 + Math.max(0, input.jitterBufferMs) + codecImpairment(input.codec).delayMs;
}

/** Delay impairment Id for a mouth-to-ear delay in ms (Cole & Rosenbluth's fit of G.107). */
export function delayImpairment(delayMs: number): number {
  const d = Math.max(0, delayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Effective equipment impairment Ie,eff (G.107 eq. 7-29) for a loss percentage `ppl` (0…100). */
export function effectiveEquipmentImpairment(impairment: Pick<CodecImpairment, 'ie' | 'bpl'>, ppl: number, burstR = 1): number {
  const loss = Math.min(100, Math.max(0, ppl));
  return impairment.ie + ((95 - impairment.ie) * loss) / (loss / burstR + impairment.bpl);
}

/** The transmission rating R (0…100) for one direction of a call. */
export function rFactor(input: EModelInput): number {
  const impairment = codecImpairment(input.codec);
  const r = DEFAULT_R - delayImpairment(mouthToEarDelayMs(input)) - effectiveEquipmentImpairment(impairment, input.packetLoss * 100);
  return Math.min(100, Math.max(0, r));
}

/** MOS (1…4.5) for a rating R, G.107 Annex B. */
export function mosFromR(r: number): number {
  if (!(r > 0)) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

/** Estimated MOS (1…4.41 on the narrowband scale), two decimals. */
export function estimateMos(input: EModelInput): number {
  return Math.round(mosFromR(rFactor(input)) * 100) / 100;
}
