// One call-quality sample from two `getStats()` reports a sampling interval apart. Pure: counters are
// differenced against the previous reading, so loss and bitrate describe the last interval, not the
// call so far. RTT, remote jitter and remote loss come from the far end's RTCP receiver reports.
import { estimateMos } from '@wwe-webrtc/shared';

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** The ICE candidate pair media flows over. */
export interface SelectedCandidatePair {
  /** Our side: `relay` means through TURN, `srflx` through a NAT, `host` direct. */
  readonly local: CandidateType | undefined;
  readonly remote: CandidateType | undefined;
  /** `udp` or `tcp` between the browser and the next hop. */
  readonly protocol: string | undefined;
  /** How the browser reaches its TURN server (`udp`, `tcp`, `tls`), for a relay candidate. */
  readonly relayProtocol: string | undefined;
  /** `wifi`, `ethernet`, `cellular`… where the browser says (Chromium only, sometimes `unknown`). */
  readonly networkType: string | undefined;
}

/** One direction of the call's audio over the last interval. */
export interface StreamQuality {
  /** Packets lost (and, inbound, discarded as too late) over packets expected, 0…1. */
  readonly packetLoss: number | undefined;
  /** Interarrival jitter, ms. */
  readonly jitterMs: number | undefined;
  readonly bitrateKbps: number | undefined;
  /** Audio level 0…1: inbound, what plays; outbound, the microphone. */
  readonly audioLevel: number | undefined;
  /** E-model MOS estimate for this direction. */
  readonly mos: number | undefined;
}

/** What `callQuality` delivers every sampling interval. */
export interface CallQualitySample {
  /** `Date.now()`-style time of the stats, ms. */
  readonly at: number;
  /** RTP codec of the audio we receive (`PCMU`, `PCMA`, `opus`). */
  readonly codec: string | undefined;
  /** Round-trip time of the media path, ms (RTCP; ICE consent checks when no report came yet). */
  readonly rttMs: number | undefined;
  /** How long received audio waits in the jitter buffer, ms. */
  readonly jitterBufferMs: number | undefined;
  readonly candidatePair: SelectedCandidatePair | undefined;
  /** The audio the agent hears. */
  readonly inbound: StreamQuality;
  /** The audio the agent sends, as the far end reports it; `audioLevel` is the microphone's. */
  readonly outbound: StreamQuality;
  /** The lower of the two directions' MOS. */
  readonly mos: number | undefined;
}

/** The raw values of one report that samples are made of. */
export interface StatsReading {
  readonly at: number;
  readonly codec: string | undefined;
  readonly candidatePair: SelectedCandidatePair | undefined;
  readonly iceRttMs: number | undefined;
  readonly inbound: {
    readonly packetsReceived: number | undefined;
    readonly packetsLost: number | undefined;
    readonly packetsDiscarded: number | undefined;
    readonly bytesReceived: number | undefined;
    readonly jitterMs: number | undefined;
    readonly jitterBufferDelay: number | undefined;
    readonly jitterBufferEmittedCount: number | undefined;
    readonly audioLevel: number | undefined;
  };
  readonly outbound: {
    readonly bytesSent: number | undefined;
    readonly audioLevel: number | undefined;
  };
  /** From the far end's latest receiver report about our stream. */
  readonly remote: {
    readonly rttMs: number | undefined;
    readonly jitterMs: number | undefined;
    readonly fractionLost: number | undefined;
  };
}

type Stat = Record<string, unknown> & { readonly id: string; readonly type: string };

/** Anything shaped like an `RTCStatsReport` (a Map of stats by id). */
export interface StatsReportLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RTCStatsReport's own values are `any`
  forEach(callback: (stat: any) => void): void;
}

/** Pulls the values quality needs out of one `getStats()` report (audio only). */
export function readStats(report: StatsReportLike, at: number = Date.now()): StatsReading {
  const byId = new Map<string, Stat>();
  const byType = new Map<string, Stat[]>();
  report.forEach((stat: Stat) => {
    byId.set(stat.id, stat);
    const list = byType.get(stat.type);
    if (list) list.push(stat);
    else byType.set(stat.type, [stat]);
  });
  const audio = (type: string) => byType.get(type)?.find((stat) => (stat.kind ?? stat.mediaType) === 'audio');
  const inbound = audio('inbound-rtp');
  const outbound = audio('outbound-rtp');
  const remoteInbound = audio('remote-inbound-rtp');
  const source = (typeof outbound?.mediaSourceId === 'string' ? byId.get(outbound.mediaSourceId) : undefined) ?? audio('media-source');
  const pair = selectedPair(byId, byType);
  const codecStat = [inbound, outbound].map((rtp) => (typeof rtp?.codecId === 'string' ? byId.get(rtp.codecId) : undefined)).find(Boolean);
  const mime = typeof codecStat?.mimeType === 'string' ? codecStat.mimeType : undefined;
  const local = pair && typeof pair.localCandidateId === 'string' ? byId.get(pair.localCandidateId) : undefined;
  const remote = pair && typeof pair.remoteCandidateId === 'string' ? byId.get(pair.remoteCandidateId) : undefined;
  return {
    at,
    codec: mime?.replace(/^audio\//i, ''),
    candidatePair: pair && {
      local: candidateType(local),
      remote: candidateType(remote),
      protocol: text(local, 'protocol'),
      relayProtocol: text(local, 'relayProtocol'),
      networkType: text(local, 'networkType'),
    },
    iceRttMs: ms(num(pair, 'currentRoundTripTime')),
    inbound: {
      packetsReceived: num(inbound, 'packetsReceived'),
      packetsLost: num(inbound, 'packetsLost'),
      packetsDiscarded: num(inbound, 'packetsDiscarded'),
      bytesReceived: num(inbound, 'bytesReceived'),
      jitterMs: ms(num(inbound, 'jitter')),
      jitterBufferDelay: num(inbound, 'jitterBufferDelay'),
      jitterBufferEmittedCount: num(inbound, 'jitterBufferEmittedCount'),
      audioLevel: num(inbound, 'audioLevel'),
    },
    outbound: { bytesSent: num(outbound, 'bytesSent'), audioLevel: num(source, 'audioLevel') },
    remote: {
      rttMs: ms(num(remoteInbound, 'roundTripTime')),
      jitterMs: ms(num(remoteInbound, 'jitter')),
      fractionLost: num(remoteInbound, 'fractionLost'),
    },
  };
}

/** One sample: `current` against the reading one interval before (none for the first sample). */
export function qualitySample(current: StatsReading, previous: StatsReading | undefined): CallQualitySample {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (now: number | undefined, before: number | undefined) =>
    now !== undefined && before !== undefined && seconds > 0 && now >= before ? round(((now - before) * 8) / 1000 / seconds, 1) : undefined;
  const rttMs = current.remote.rttMs ?? current.iceRttMs;
  const jitterBufferMs = bufferDelayMs(current, previous);
  const inboundLoss = lossOverInterval(current, previous);
  const outboundLoss = current.remote.fractionLost;
  const mosOf = (loss: number | undefined, bufferMs: number | undefined) =>
    rttMs === undefined || loss === undefined || bufferMs === undefined
      ? undefined
      : estimateMos({ rttMs, jitterBufferMs: bufferMs, packetLoss: loss, codec: current.codec });
  const inboundMos = mosOf(inboundLoss, jitterBufferMs ?? twice(current.inbound.jitterMs));
  // The far end's buffer is not reported: assume the usual twice its jitter.
  const outboundMos = mosOf(outboundLoss, twice(current.remote.jitterMs));
  const mosValues = [inboundMos, outboundMos].filter((value): value is number => value !== undefined);
  return {
    at: current.at,
    codec: current.codec,
    rttMs: rttMs === undefined ? undefined : round(rttMs, 1),
    jitterBufferMs: jitterBufferMs === undefined ? undefined : round(jitterBufferMs, 1),
    candidatePair: current.candidatePair,
    inbound: {
      packetLoss: inboundLoss === undefined ? undefined : round(inboundLoss, 4),
      jitterMs: current.inbound.jitterMs === undefined ? undefined : round(current.inbound.jitterMs, 1),
      bitrateKbps: rate(current.inbound.bytesReceived, previous?.inbound.bytesReceived),
      audioLevel: current.inbound.audioLevel,
      mos: inboundMos,
    },
    outbound: {
      packetLoss: outboundLoss === undefined ? undefined : round(outboundLoss, 4),
      jitterMs: current.remote.jitterMs === undefined ? undefined : round(current.remote.jitterMs, 1),
      bitrateKbps: rate(current.outbound.bytesSent, previous?.outbound.bytesSent),
      audioLevel: current.outbound.audioLevel,
      mos: outboundMos,
    },
    mos: mosValues.length > 0 ? Math.min(...mosValues) : undefined,
  };
}

/** The worse of the two directions' jitter, ms. */
export function worseJitterMs(sample: CallQualitySample): number | undefined {
  return worse(sample.inbound.jitterMs, sample.outbound.jitterMs);
}

/** The worse of the two directions' packet loss, 0…1. */
export function worsePacketLoss(sample: CallQualitySample): number | undefined {
  return worse(sample.inbound.packetLoss, sample.outbound.packetLoss);
}

function worse(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Lost and late-discarded packets over expected ones, since the previous reading. */
function lossOverInterval(current: StatsReading, previous: StatsReading | undefined): number | undefined {
  const now = current.inbound;
  const before = previous?.inbound;
  if (now.packetsReceived === undefined || now.packetsLost === undefined) return undefined;
  const received = now.packetsReceived - (before?.packetsReceived ?? 0);
  // packetsLost can go down (duplicates, reordering); a negative interval counts as no loss.
  const lost = Math.max(0, now.packetsLost - (before?.packetsLost ?? 0));
  const discarded = Math.max(0, (now.packetsDiscarded ?? 0) - (before?.packetsDiscarded ?? 0));
  const expected = received + lost;
  if (expected <= 0) return undefined;
  return Math.min(1, (lost + discarded) / expected);
}

/** Average jitter-buffer delay of the audio played out during the interval, ms. */
function bufferDelayMs(current: StatsReading, previous: StatsReading | undefined): number | undefined {
  const delay = current.inbound.jitterBufferDelay;
  const emitted = current.inbound.jitterBufferEmittedCount;
  if (delay === undefined || emitted === undefined) return undefined;
  const emittedInInterval = emitted - (previous?.inbound.jitterBufferEmittedCount ?? 0);
  const delayInInterval = delay - (previous?.inbound.jitterBufferDelay ?? 0);
  if (emittedInInterval <= 0 || delayInInterval < 0) return undefined;
  return (delayInInterval / emittedInInterval) * 1000;
}

function selectedPair(byId: Map<string, Stat>, byType: Map<string, Stat[]>): Stat | undefined {
  for (const transport of byType.get('transport') ?? []) {
    const id = transport.selectedCandidatePairId;
    if (typeof id === 'string' && byId.has(id)) return byId.get(id);
  }
  // Firefox has no selectedCandidatePairId: take the nominated pair that succeeded.
  return byType.get('candidate-pair')?.find((pair) => pair.nominated === true && pair.state === 'succeeded') ?? byType.get('candidate-pair')?.find((pair) => pair.selected === true);
}

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);

function candidateType(stat: Stat | undefined): CandidateType | undefined {
  const type = stat?.candidateType;
  return typeof type === 'string' && CANDIDATE_TYPES.has(type) ? (type as CandidateType) : undefined;
}

function num(stat: Stat | undefined, key: string): number | undefined {
  const value = stat?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function text(stat: Stat | undefined, key: string): string | undefined {
  const value = stat?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

function twice(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
