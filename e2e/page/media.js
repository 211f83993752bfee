// Media checks shared by the agents of the test page.

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
