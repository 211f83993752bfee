// Test support: RTCStatsReport-shaped Maps with the fields Chromium reports for an audio call, so the
// quality code can be fed scripted network conditions.
export interface ScriptedStats {
  /** Cumulative counters of what we received. */
  packetsReceived?: number;
  packetsLost?: number;
  packetsDiscarded?: number;
  bytesReceived?: number;
  /** Seconds, as getStats reports them. */
  jitter?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
  audioLevel?: number;
  bytesSent?: number;
  /** Microphone level (media-source). */
  inputLevel?: number;
  /** From the far end's receiver report. */
  remoteRtt?: number;
  remoteJitter?: number;
  fractionLost?: number;
  /** ICE consent RTT, seconds. */
  iceRtt?: number;
  mimeType?: string;
  localCandidateType?: string;
  relayProtocol?: string;
}

export function statsReport(s: ScriptedStats): Map<string, Record<string, unknown>> {
  const stats: Array<Record<string, unknown>> = [
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
    { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded', nominated: true, currentRoundTripTime: s.iceRtt ?? 0.002 },
    { id: 'L1', type: 'local-candidate', candidateType: s.localCandidateType ?? 'host', protocol: 'udp', networkType: 'ethernet', ...(s.relayProtocol && { relayProtocol: s.relayProtocol }) },
    { id: 'R1', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
    { id: 'C1', type: 'codec', mimeType: s.mimeType ?? 'audio/PCMU', clockRate: 8000 },
    {
      id: 'IT1',
      type: 'inbound-rtp',
      kind: 'audio',
      codecId: 'C1',
      packetsReceived: s.packetsReceived ?? 0,
      packetsLost: s.packetsLost ?? 0,
      packetsDiscarded: s.packetsDiscarded ?? 0,
      bytesReceived: s.bytesReceived ?? 0,
      jitter: s.jitter ?? 0.002,
      ...(s.jitterBufferDelay !== undefined && { jitterBufferDelay: s.jitterBufferDelay }),
      ...(s.jitterBufferEmittedCount !== undefined && { jitterBufferEmittedCount: s.jitterBufferEmittedCount }),
      audioLevel: s.audioLevel ?? 0.05,
    },
    { id: 'OT1', type: 'outbound-rtp', kind: 'audio', codecId: 'C1', bytesSent: s.bytesSent ?? 0, mediaSourceId: 'SA1' },
    { id: 'SA1', type: 'media-source', kind: 'audio', audioLevel: s.inputLevel ?? 0.2 },
  ];
  if (s.remoteRtt !== undefined || s.fractionLost !== undefined || s.remoteJitter !== undefined) {
    stats.push({ id: 'RI1', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: s.remoteRtt, jitter: s.remoteJitter ?? 0.001, fractionLost: s.fractionLost ?? 0 });
  }
  return new Map(stats.map((stat) => [stat.id as string, stat]));
}

/**
 * A network that produces a new report per call of `next()`: 50 packets a second (20 ms G.711), with
 * `loss` of them lost, `jitter` seconds of jitter and `rtt` seconds of round trip.
 */
export class ScriptedNetwork {
  packets = 0;
  lost = 0;
  bytes = 0;
  emitted = 0;
  bufferDelay = 0;
  loss = 0;
  jitter = 0.002;
  rtt = 0.02;
  inputLevel: number | (() => number) = () => 0.1 + Math.random() * 0.3;

  next(): Map<string, Record<string, unknown>> {
    const lostNow = Math.round(50 * this.loss);
    this.packets += 50 - lostNow;
    this.lost += lostNow;
    this.bytes += 50 * 172;
    this.emitted += 48_000;
    this.bufferDelay += 48_000 * Math.max(0.02, 2 * this.jitter);
    return statsReport({
      packetsReceived: this.packets,
      packetsLost: this.lost,
      bytesReceived: this.bytes,
      bytesSent: this.bytes,
      jitter: this.jitter,
      jitterBufferDelay: this.bufferDelay,
      jitterBufferEmittedCount: this.emitted,
      remoteRtt: this.rtt,
      remoteJitter: this.jitter,
      fractionLost: this.loss,
      inputLevel: typeof this.inputLevel === 'function' ? this.inputLevel() : this.inputLevel,
    });
  }
}
