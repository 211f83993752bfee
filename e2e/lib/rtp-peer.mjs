// The media end of the Genesys side: a plain RTP/AVP endpoint on one UDP port, standing where SIP
// Server's media would be. Every remote address that sends to it is a stream; the peer answers each
// stream with PCMU (a 400 Hz tone, 20 ms packets) from the moment it hears from it (symmetric RTP, like
// Asterisk's rtp_symmetric), counts what it receives, and decodes RFC 4733 telephone-events into
// digits. It never echoes: Asterisk sends one DTMF continuation packet per RTP packet it receives
// while sending a digit, so a peer that echoed would start a packet storm that no real trunk causes.
import dgram from 'node:dgram';

const PCMU = 0;
const PACKET_MS = 20;
const SAMPLES = 160;
const IDLE_MS = 3000;

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
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.port, this.host, resolve);
    });
  }

  stop() {
    for (const stream of this.streams.values()) clearInterval(stream.timer);
    return new Promise((resolve) => this.socket.close(resolve));
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
    if (!stream) {
      stream = { remote: key, startedAt: Date.now(), received: 0, audio: 0, lastAt: 0, events: [], seq: 0, timestamp: 0, ssrc: (Math.random() * 2 ** 32) >>> 0, timer: undefined };
      this.streams.set(key, stream);
    }
    const at = Date.now();
    stream.received += 1;
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
