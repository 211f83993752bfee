// The media end of the Genesys side: a plain RTP/AVP endpoint on one UDP port, standing where SIP
// Server's media would be. Every remote address that sends to it is a stream; the peer answers each
// stream with PCMU (a 400 Hz tone, 20 ms packets) from the moment it hears from it (symmetric RTP, like
// Asterisk's rtp_symmetric), counts what it receives, and decodes RFC 4733 telephone-events into
// digits. It never echoes: Asterisk sends one DTMF continuation packet per RTP packet it receives
// while sending a digit, so a peer that echoed would start a packet storm that no real trunk causes.
// On the next port up it speaks RTCP like a real media endpoint: it reads Asterisk's sender reports and
// sends a receiver report per stream every 2 s (loss, jitter, LSR/DLSR), so Asterisk knows the trunk
// leg's round trip and what the far end hears.
import dgram from 'node:dgram';
import { ReceptionStats, receiverReport, senderReports } from './rtcp.mjs';

const PCMU = 0;
const PACKET_MS = 20;
const SAMPLES = 160;
const IDLE_MS = 3000;
/** Silence after which packets from a known address are a new call's stream (see #receive). */
const NEW_STREAM_AFTER_MS = 10_000;
const RTCP_INTERVAL_MS = 2000;

/** 20 ms of a 400 Hz tone in G.711 µ-law. */
function tonePayload() {
  const payload = Buffer.alloc(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) payload[i] = linearToUlaw(Math.round(8000 * Math.sin((2 * Math.PI * 400 * i) / 8000)));
  return payload;
}

function linearToUlaw(sample) {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export const DTMF_DIGITS = '0123456789*#ABCD';

/**
 * One RFC 4733 event as it arrived: all packets sharing one RTP timestamp.
 * { digit, packets, endPackets, durations (samples, in arrival order), firstAt, lastAt (ms) }
 */
function newEvent(digit, at) {
  return { digit, packets: 0, endPackets: 0, durations: [], firstAt: at, lastAt: at };
}

export class RtpPeer {
  /** `telephoneEventType`: the payload type the SDP of this lab gives telephone-event. */
  constructor({ host = '127.0.0.2', port = 7078, telephoneEventType = 101 } = {}) {
    this.host = host;
    this.port = port;
    this.telephoneEventType = telephoneEventType;
    /** Streams by remote "ip:port", in the order they appeared. */
    this.streams = new Map();
    this.payload = tonePayload();
    this.socket = dgram.createSocket('udp4');
    this.socket.on('message', (packet, remote) => this.#receive(packet, remote));
    this.rtcpSocket = dgram.createSocket('udp4');
    this.rtcpSocket.on('message', (packet, remote) => this.#receiveRtcp(packet, remote));
    this.rtcpTimer = undefined;
  }

  async start() {
    for (const [socket, port] of [[this.socket, this.port], [this.rtcpSocket, this.port + 1]]) {
      await new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, this.host, resolve);
      });
    }
    this.rtcpTimer = setInterval(() => this.#sendReports(), RTCP_INTERVAL_MS);
  }

  stop() {
    for (const stream of this.streams.values()) clearInterval(stream.timer);
    clearInterval(this.rtcpTimer);
    return Promise.all([this.socket, this.rtcpSocket].map((socket) => new Promise((resolve) => socket.close(resolve))));
  }

  /** Streams that started after `since` (a value of `Date.now()`), oldest first. */
  streamsSince(since) {
    return [...this.streams.values()].filter((stream) => stream.startedAt >= since);
  }

  #receive(packet, remote) {
    if (packet.length < 12 || packet[0] >> 6 !== 2) return; // not RTP (RTCP is muxed off on this trunk)
    const payloadType = packet[1] & 0x7f;
    if (payloadType >= 72 && payloadType <= 76) return; // RTCP on the RTP port
    const key = `${remote.address}:${remote.port}`;
    let stream = this.streams.get(key);
    // Asterisk picks each call's RTP port at random, so a later call can come from a port an earlier one
    // used: after a long silence (longer than any hold in the suite), that address starts a new stream.
    if (!stream || Date.now() - stream.lastAt > NEW_STREAM_AFTER_MS) {
      if (stream) {
        clearInterval(stream.timer);
        this.streams.delete(key);
        this.streams.set(`${key}@${stream.startedAt}`, stream); // kept: totals count every stream
      }
      stream = {
        remote: key,
        startedAt: Date.now(),
        received: 0,
        audio: 0,
        lastAt: 0,
        events: [],
        seq: 0,
        timestamp: 0,
        ssrc: (Math.random() * 2 ** 32) >>> 0,
        timer: undefined,
        reception: new ReceptionStats(),
        rtcpRemote: { address: remote.address, port: remote.port + 1 },
        reportsSent: 0,
        reportsReceived: 0,
      };
      this.streams.set(key, stream);
    }
    const at = Date.now();
    stream.received += 1;
    stream.reception.packet({ ssrc: packet.readUInt32BE(8), seq: packet.readUInt16BE(2), timestamp: packet.readUInt32BE(4) }, at);
    stream.lastAt = at;
    if (payloadType === this.telephoneEventType && packet.length >= 16) this.#event(stream, packet, at);
    else stream.audio += 1;
    if (!stream.timer) this.#send(stream, remote);
  }

  #event(stream, packet, at) {
    const timestamp = packet.readUInt32BE(4);
    const digit = DTMF_DIGITS[packet[12]] ?? `?${packet[12]}`;
    const end = (packet[13] & 0x80) !== 0;
    const duration = packet.readUInt16BE(14);
    let event = stream.events.at(-1);
    if (!event || event.timestamp !== timestamp) {
      event = { ...newEvent(digit, at), timestamp };
      stream.events.push(event);
    }
    event.packets += 1;
    if (end) event.endPackets += 1;
    event.durations.push(duration);
    event.lastAt = at;
  }

  /** Asterisk's RTCP: an SR gives the stream with that SSRC its LSR; replies go where it came from. */
  #receiveRtcp(packet, remote) {
    for (const report of senderReports(packet)) {
      const stream = [...this.streams.values()].find((candidate) => candidate.reception.ssrc === report.ssrc);
      if (!stream) continue;
      stream.reception.senderReport(report.ntpMsw, report.ntpLsw, Date.now());
      stream.rtcpRemote = { address: remote.address, port: remote.port };
      stream.reportsReceived += 1;
    }
  }

  /** A receiver report for every stream heard from in the last interval. */
  #sendReports() {
    const now = Date.now();
    for (const stream of this.streams.values()) {
      if (stream.reception.ssrc === undefined || now - stream.lastAt > RTCP_INTERVAL_MS) continue;
      const packet = receiverReport(stream.ssrc, stream.reception.reportBlock(now));
      this.rtcpSocket.send(packet, stream.rtcpRemote.port, stream.rtcpRemote.address);
      stream.reportsSent += 1;
    }
  }

  /** Sends the tone to `remote` every 20 ms until it has been silent for a while. */
  #send(stream, remote) {
    stream.timer = setInterval(() => {
      if (Date.now() - stream.lastAt > IDLE_MS) {
        clearInterval(stream.timer);
        stream.timer = undefined;
        return;
      }
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = PCMU;
      header.writeUInt16BE(stream.seq & 0xffff, 2);
      header.writeUInt32BE(stream.timestamp >>> 0, 4);
      header.writeUInt32BE(stream.ssrc, 8);
      stream.seq += 1;
      stream.timestamp += SAMPLES;
      this.socket.send(Buffer.concat([header, this.payload]), remote.port, remote.address);
    }, PACKET_MS);
  }
}
