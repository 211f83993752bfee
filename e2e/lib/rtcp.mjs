// RTCP for the Genesys-side RTP peer (RFC 3550): reception statistics of one incoming RTP stream
// (loss, interarrival jitter) and the receiver report that carries them back, with LSR/DLSR from the
// sender's last SR so that Asterisk can compute the round trip of its trunk leg, as it does with a real
// SIP Server's media.

const RTCP_SR = 200;
const RTCP_RR = 201;
const RTP_SEQ_MOD = 1 << 16;

/** Reception statistics of one RTP source, updated per packet (RFC 3550 A.1, A.3, A.8). */
export class ReceptionStats {
  constructor(clockRate = 8000) {
    this.clockRate = clockRate;
    this.ssrc = undefined;
    this.baseSeq = undefined;
    this.maxSeq = 0;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.transit = undefined;
    this.jitter = 0; // in timestamp units, as RTCP carries it
    /** Middle 32 bits of the NTP time of the sender's last SR, and when it arrived (ms). */
    this.lastSr = undefined;
  }

  /** One RTP packet: its header fields and its arrival time (ms). */
  packet({ ssrc, seq, timestamp }, arrivalMs) {
    if (this.baseSeq === undefined || ssrc !== this.ssrc) {
      this.ssrc = ssrc;
      this.baseSeq = seq;
      this.maxSeq = seq;
      this.cycles = 0;
      this.received = 0;
      this.expectedPrior = 0;
      this.receivedPrior = 0;
      this.transit = undefined;
      this.jitter = 0;
    }
    this.received += 1;
    const delta = (seq - this.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD;
    if (delta > 0 && delta < RTP_SEQ_MOD / 2) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    }
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.transit !== undefined) {
      const d = Math.abs(transit - this.transit);
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
  }

  /** An SR from the sender: remember its NTP time for LSR/DLSR. */
  senderReport(ntpMsw, ntpLsw, arrivalMs) {
    this.lastSr = { lsr: (((ntpMsw & 0xffff) << 16) | (ntpLsw >>> 16)) >>> 0, at: arrivalMs };
  }

  /** The report block for an RR sent now (resets the interval counters). */
  reportBlock(nowMs) {
    const extendedMax = this.cycles + this.maxSeq;
    const expected = extendedMax - this.baseSeq + 1;
    const lost = Math.max(0, expected - this.received);
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.min(255, Math.floor((lostInterval << 8) / expectedInterval));
    const dlsr = this.lastSr ? Math.round(((nowMs - this.lastSr.at) / 1000) * 65536) : 0;
    return { ssrc: this.ssrc, fraction, lost: Math.min(lost, 0x7fffff), extendedMax, jitter: Math.round(this.jitter), lsr: this.lastSr?.lsr ?? 0, dlsr };
  }
}

/** An RR packet from `senderSsrc` with one report block. */
export function receiverReport(senderSsrc, block) {
  const packet = Buffer.alloc(32);
  packet[0] = 0x81; // V=2, RC=1
  packet[1] = RTCP_RR;
  packet.writeUInt16BE(7, 2); // length in 32-bit words minus one
  packet.writeUInt32BE(senderSsrc >>> 0, 4);
  packet.writeUInt32BE(block.ssrc >>> 0, 8);
  packet.writeUInt32BE(((block.fraction & 0xff) << 24 | (block.lost & 0xffffff)) >>> 0, 12);
  packet.writeUInt32BE(block.extendedMax >>> 0, 16);
  packet.writeUInt32BE(block.jitter >>> 0, 20);
  packet.writeUInt32BE(block.lsr >>> 0, 24);
  packet.writeUInt32BE(block.dlsr >>> 0, 28);
  return packet;
}

/** The SRs in a compound RTCP packet: [{ ssrc, ntpMsw, ntpLsw }]. */
export function senderReports(packet) {
  const found = [];
  let offset = 0;
  while (offset + 8 <= packet.length) {
    if (packet[offset] >> 6 !== 2) break;
    const type = packet[offset + 1];
    const length = (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (type === RTCP_SR && offset + 20 <= packet.length) {
      found.push({ ssrc: packet.readUInt32BE(offset + 4), ntpMsw: packet.readUInt32BE(offset + 8), ntpLsw: packet.readUInt32BE(offset + 12) });
    }
    offset += length;
  }
  return found;
}
