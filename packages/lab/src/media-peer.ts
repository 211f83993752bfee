/**
 * The lab's media side: a real RTCPeerConnection in the same page, so DTLS/ICE/RTP really run
 * between the softphone and the simulated Asterisk. It sends a quiet tone.
 */
export class MediaPeer {
  readonly pc: RTCPeerConnection;
  #audio: AudioContext | undefined;

  constructor(iceServers: RTCIceServer[] = []) {
    this.pc = new RTCPeerConnection({ iceServers });
    const track = this.#toneTrack();
    if (track) this.pc.addTrack(track, new MediaStream([track]));
    else this.pc.addTransceiver('audio', { direction: 'sendrecv' });
  }

  /**
   * Creates an offer (optionally with a direction, for hold) and returns its SDP once gathered.
   * `withCandidates: false` leaves the ICE candidates out, so the softphone cannot reach us before its
   * answer is sent — see `SipLabOptions.earlyIceConnectivity`.
   */
  async offer(direction: RTCRtpTransceiverDirection = 'sendrecv', options: { withCandidates?: boolean } = {}): Promise<string> {
    for (const transceiver of this.pc.getTransceivers()) transceiver.direction = direction;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const sdp = await this.#gathered();
    if (options.withCandidates ?? true) return sdp;
    return sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates')
      .join('\r\n');
  }

  /** Applies a remote offer and returns our answer SDP. */
  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.#gathered();
  }

  async acceptAnswer(answer: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** RTP packets received from the softphone so far. */
  async packetsReceived(): Promise<number> {
    let packets = 0;
    const stats = await this.pc.getStats();
    stats.forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  }

  close(): void {
    for (const sender of this.pc.getSenders()) sender.track?.stop();
    this.pc.close();
    void this.#audio?.close().catch(() => {});
  }

  /** Waits for host candidates (the lab has no STUN server), at most one second. */
  async #gathered(): Promise<string> {
    if (this.pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 1000);
        const pc = this.pc;
        function done(): void {
          clearTimeout(timer);
          pc.removeEventListener('icegatheringstatechange', check);
          resolve();
        }
        function check(): void {
          if (pc.iceGatheringState === 'complete') done();
        }
        pc.addEventListener('icegatheringstatechange', check);
      });
    }
    return this.pc.localDescription?.sdp ?? '';
  }

  #toneTrack(): MediaStreamTrack | undefined {
    if (typeof AudioContext === 'undefined') return undefined;
    try {
      this.#audio = new AudioContext();
      const oscillator = this.#audio.createOscillator();
      const gain = this.#audio.createGain();
      gain.gain.value = 0.05;
      const destination = this.#audio.createMediaStreamDestination();
      oscillator.connect(gain).connect(destination);
      oscillator.start();
      return destination.stream.getAudioTracks()[0];
    } catch {
      return undefined;
    }
  }
}
