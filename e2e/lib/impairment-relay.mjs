// A bad network on demand, in user space (these kernels have no netem): a UDP relay for one RTP/RTCP
// port pair that drops and delays packets as told. It stands between Asterisk and the Genesys RTP
// peer — the call's SDP names the relay, the relay forwards to the peer from ports of its own, and
// sends the peer's packets back to whoever last sent it RTP (symmetric RTP, as Asterisk expects).
// Lab code: it only exists to prove that call quality is measured and reported.
import dgram from 'node:dgram';

/**
 * `loss` (0…1) of packets dropped, each surviving packet held `delayMs` plus up to `jitterMs` at random
 * (so packets also overtake each other, as on a congested link). RTP and RTCP alike.
 */
export const CLEAN = Object.freeze({ loss: 0, delayMs: 0, jitterMs: 0 });

export class ImpairmentRelay {
  /** `listen`: { host, port } the SDP names (RTP; RTCP on port + 1). `target`: the peer's { host, port }. */
  constructor({ listen, target, random = Math.random }) {
    this.listen = listen;
    this.target = target;
    this.random = random;
    this.impairment = { ...CLEAN };
    this.counts = { forwarded: 0, dropped: 0 };
    // Asterisk-facing sockets on listen.port (+1); peer-facing ones on free ports of the same host.
    this.outside = [dgram.createSocket('udp4'), dgram.createSocket('udp4')];
    this.inside = [dgram.createSocket('udp4'), dgram.createSocket('udp4')];
    this.asterisk = [undefined, undefined];
    this.timers = new Set();
  }

  async start() {
    const bind = (socket, port) =>
      new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, this.listen.host, resolve);
      });
    for (const index of [0, 1]) {
      await bind(this.outside[index], this.listen.port + index);
      await bind(this.inside[index], 0);
      this.outside[index].on('message', (packet, remote) => {
        this.asterisk[index] = remote;
        this.#forward(packet, this.inside[index], this.target.port + index, this.target.host);
      });
      this.inside[index].on('message', (packet) => {
        const asterisk = this.asterisk[index];
        if (asterisk) this.#forward(packet, this.outside[index], asterisk.port, asterisk.address);
      });
    }
  }

  /** Changes the impairment from now on; fields left out keep their value. */
  set(impairment) {
    this.impairment = { ...this.impairment, ...impairment };
  }

  clear() {
    this.impairment = { ...CLEAN };
  }

  async stop() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.outside, ...this.inside].map((socket) => new Promise((resolve) => socket.close(() => resolve()))));
  }

  #forward(packet, socket, port, address) {
    const { loss, delayMs, jitterMs } = this.impairment;
    if (loss > 0 && this.random() < loss) {
      this.counts.dropped += 1;
      return;
    }
    this.counts.forwarded += 1;
    const hold = delayMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
    if (hold <= 0) {
      socket.send(packet, port, address);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      socket.send(packet, port, address, () => undefined);
    }, hold);
    this.timers.add(timer);
  }
}
