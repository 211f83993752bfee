/** The parts of an ICE candidate that decide whether Asterisk can use it. */
export interface CandidateFacts {
  type: RTCIceCandidateType | null;
  protocol: RTCIceProtocol | null;
  address: string | null;
  /** How the browser reaches the TURN server of a relay candidate (`udp`, `tcp`, `tls`). */
  relayProtocol?: string | null;
}

/** The slice of JsSIP's RTCSession emitter this module uses (its typings omit `off`). */
export interface IceEventSource {
  readonly connection?: RTCPeerConnection | null;
  on(event: 'icecandidate', listener: (event: { candidate: RTCIceCandidate; ready: () => void }) => void): unknown;
  on(event: 'sdp', listener: (event: { originator: string }) => void): unknown;
  on(event: 'peerconnection', listener: (event: { peerconnection: RTCPeerConnection }) => void): unknown;
  off(event: 'icecandidate' | 'sdp' | 'peerconnection', listener: (...args: never[]) => void): unknown;
}

/**
 * A candidate worth sending the SDP for: UDP with an address the far end can reach. mDNS host names
 * (`*.local`) are not: Asterisk cannot resolve them, so we wait for a server-reflexive or relay one.
 * Nor is a relay the browser reaches over TCP or TLS: that is the fallback for networks that block
 * UDP, and the SDP carries only the candidates gathered when it goes out, so sending on it would put
 * the call's media on TCP whenever that allocation happened to finish before the UDP one (seen with
 * relay-only ICE through real coturn). It goes out with the cutoff instead, when UDP is blocked.
 */
export function isUsableCandidate(candidate: CandidateFacts, policy: RTCIceTransportPolicy = 'all'): boolean {
  if (candidate.protocol !== 'udp' || !candidate.address) return false;
  if (candidate.type === 'relay' && candidate.relayProtocol && candidate.relayProtocol !== 'udp') return false;
  if (policy === 'relay') return candidate.type === 'relay';
  return !candidate.address.endsWith('.local');
}

/**
 * Whether an offer or answer leaves the far end a way to reach this browser. Only relay-only ICE can
 * fail that: when gathering has finished without a relay candidate (every TURN server refused or could
 * not be reached), no connectivity check can ever come from this side, so the call could only connect
 * into silence. While gathering is still running, a late relay still reaches Asterisk as a
 * peer-reflexive candidate, so only a gathering that finished by itself (not cut off) counts.
 */
export function offersMediaPath(sdp: string, policy: RTCIceTransportPolicy, gatheringFinished: boolean): boolean {
  if (policy !== 'relay' || !gatheringFinished) return true;
  return /^a=candidate:.* typ relay\b/m.test(sdp);
}

/**
 * JsSIP sends an offer or answer only when ICE gathering completes, unless `ready()` is called from its
 * `icecandidate` event; with an unreachable STUN/TURN server that wait lasts ~40 s in Chromium.
 * Send on the first usable candidate, or `timeoutMs` after gathering started at the latest — even if
 * no candidate came at all (then JsSIP is released by an end-of-candidates event, and the far end's
 * connectivity checks can still find us as a peer-reflexive candidate).
 */
export function boundIceGathering(
  session: IceEventSource,
  timeoutMs: number,
  policy: RTCIceTransportPolicy = 'all',
  onReady?: (why: 'candidate' | 'timeout') => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pc: RTCPeerConnection | undefined;
  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const onCandidate = (event: { candidate: RTCIceCandidate; ready: () => void }): void => {
    if (!isUsableCandidate(event.candidate, policy)) return;
    disarm();
    event.ready();
    onReady?.('candidate');
  };
  const onGatheringState = (): void => {
    if (pc?.iceGatheringState !== 'gathering' || timer !== undefined) return;
    const target = pc;
    timer = setTimeout(() => {
      timer = undefined;
      // Told first: JsSIP sends the SDP from within the event below.
      onReady?.('timeout');
      target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
    }, timeoutMs);
  };
  const watch = (connection: RTCPeerConnection): void => {
    if (pc === connection) return;
    pc?.removeEventListener('icegatheringstatechange', onGatheringState);
    pc = connection;
    pc.addEventListener('icegatheringstatechange', onGatheringState);
    onGatheringState();
  };
  const onPeerConnection = (event: { peerconnection: RTCPeerConnection }): void => watch(event.peerconnection);
  const onSdp = (event: { originator: string }): void => {
    if (event.originator === 'local') disarm();
  };
  session.on('peerconnection', onPeerConnection);
  session.on('icecandidate', onCandidate);
  session.on('sdp', onSdp);
  if (session.connection) watch(session.connection);
  return () => {
    disarm();
    pc?.removeEventListener('icegatheringstatechange', onGatheringState);
    session.off('peerconnection', onPeerConnection);
    session.off('icecandidate', onCandidate);
    session.off('sdp', onSdp);
  };
}
