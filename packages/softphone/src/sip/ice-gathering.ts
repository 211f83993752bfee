/** The slice of JsSIP's RTCSession emitter this module uses (its typings omit `off`). */
export interface IceEventSource {
  on(event: 'icecandidate', listener: (event: { candidate: RTCIceCandidate; ready: () => void }) => void): unknown;
  on(event: 'sdp', listener: () => void): unknown;
  off(event: 'icecandidate' | 'sdp', listener: (...args: never[]) => void): unknown;
}

/** The parts of an ICE candidate that decide whether Asterisk can use it. */
export interface CandidateFacts {
  type: RTCIceCandidateType | null;
  protocol: RTCIceProtocol | null;
  address: string | null;
}

/**
 * A candidate worth sending the SDP for: UDP with an address the far end can reach. mDNS host names
 * (`*.local`) are not: Asterisk cannot resolve them, so we wait for a server-reflexive or relay one.
 */
export function isUsableCandidate(candidate: CandidateFacts, policy: RTCIceTransportPolicy = 'all'): boolean {
  if (candidate.protocol !== 'udp' || !candidate.address) return false;
  if (policy === 'relay') return candidate.type === 'relay';
  return !candidate.address.endsWith('.local');
}

/**
 * JsSIP sends an offer or answer only when ICE gathering completes, unless `ready()` is called from its
 * `icecandidate` event; with an unreachable STUN/TURN server that wait lasts ~40 s in Chromium. Call
 * `ready()` on the first usable candidate, or `timeoutMs` after the first candidate at the latest.
 */
export function boundIceGathering(
  session: IceEventSource,
  timeoutMs: number,
  policy: RTCIceTransportPolicy = 'all',
  onReady?: (why: 'candidate' | 'timeout') => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const listener = (event: { candidate: RTCIceCandidate; ready: () => void }): void => {
    if (isUsableCandidate(event.candidate, policy)) {
      stop();
      event.ready();
      onReady?.('candidate');
      return;
    }
    timer ??= setTimeout(() => {
      timer = undefined;
      event.ready();
      onReady?.('timeout');
    }, timeoutMs);
  };
  session.on('icecandidate', listener);
  // JsSIP gathers again for every re-offer (hold, unhold): the listener stays for the session's life.
  session.on('sdp', stop);
  return () => {
    stop();
    session.off('icecandidate', listener);
    session.off('sdp', stop);
  };
}
