// Media checks shared by the agents of the test page, read from getStats().

/** Sum of packetsReceived over the inbound audio RTP streams of `connection` (0 when none). */
export async function inboundAudioPackets(connection) {
  if (!connection) return 0;
  const report = await connection.getStats();
  let packets = 0;
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp' && (stat.kind ?? stat.mediaType) === 'audio') packets += stat.packetsReceived ?? 0;
  });
  return packets;
}

const describeCandidate = (stat) =>
  stat && {
    candidateType: stat.candidateType,
    protocol: stat.protocol,
    relayProtocol: stat.relayProtocol,
    address: stat.address,
    port: stat.port,
    url: stat.url,
  };

/**
 * The route media takes on `connection`: the selected candidate pair (the transport's, or the nominated
 * succeeded one) with both candidates and its counters, plus every local candidate gathered. Null
 * before there is a connection.
 */
export async function mediaRoute(connection) {
  if (!connection) return null;
  const report = await connection.getStats();
  const stats = [...report.values()];
  const transport = stats.find((stat) => stat.type === 'transport' && stat.selectedCandidatePairId);
  const pair = transport
    ? report.get(transport.selectedCandidatePairId)
    : stats.find((stat) => stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded');
  return {
    iceConnectionState: connection.iceConnectionState,
    selected: pair && {
      state: pair.state,
      local: describeCandidate(report.get(pair.localCandidateId)),
      remote: describeCandidate(report.get(pair.remoteCandidateId)),
      packetsSent: pair.packetsSent,
      packetsReceived: pair.packetsReceived,
      bytesSent: pair.bytesSent,
      bytesReceived: pair.bytesReceived,
    },
    localCandidates: stats.filter((stat) => stat.type === 'local-candidate').map(describeCandidate),
  };
}
