// ICE gathering with the configured STUN/TURN servers, in a peer connection of its own: which kinds of
// address the browser can offer (host: its own; srflx: its public address through STUN; relay: a TURN
// relay), read back from getStats() once gathering ends or times out.
import type { CandidateType } from '../quality/quality-sample.js';
import type { CheckOutcome } from './microphone-check.js';
import type { PreflightDetails } from './preflight-types.js';

export interface GatheredCandidates {
  readonly types: readonly CandidateType[];
  /** How the browser reached its TURN server for each relay candidate (`udp`, `tcp`, `tls`). */
  readonly relayProtocols: readonly string[];
  readonly durationMs: number;
}

export type ConnectionFactory = (configuration: RTCConfiguration) => RTCPeerConnection;

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);

export async function gatherCandidates(
  configuration: RTCConfiguration,
  timeoutMs: number,
  create: ConnectionFactory = (c) => new RTCPeerConnection(c),
): Promise<GatheredCandidates> {
  const started = performance.now();
  const pc = create(configuration);
  try {
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const complete = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    await complete;
    const types = new Set<CandidateType>();
    const relayProtocols = new Set<string>();
    (await pc.getStats()).forEach((stat: { type: string; candidateType?: string; relayProtocol?: string }) => {
      if (stat.type !== 'local-candidate' || !stat.candidateType || !CANDIDATE_TYPES.has(stat.candidateType)) return;
      types.add(stat.candidateType as CandidateType);
      if (stat.candidateType === 'relay' && stat.relayProtocol) relayProtocols.add(stat.relayProtocol);
    });
    return { types: [...types], relayProtocols: [...relayProtocols], durationMs: Math.round(performance.now() - started) };
  } finally {
    pc.close();
  }
}

/** How many STUN and TURN URLs the ICE servers name. */
export function countIceServers(iceServers: readonly RTCIceServer[]): { stun: number; turn: number } {
  const urls = iceServers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  return { stun: urls.filter((url) => /^stuns?:/i.test(url)).length, turn: urls.filter((url) => /^turns?:/i.test(url)).length };
}

export function checkIce(gathered: GatheredCandidates, iceServers: readonly RTCIceServer[]): CheckOutcome<PreflightDetails['ice']> {
  const { stun, turn } = countIceServers(iceServers);
  const details = { candidateTypes: gathered.types, stunServers: stun, gatheringMs: gathered.durationMs };
  if (gathered.types.length === 0) {
    return {
      status: 'failed',
      message: 'The browser offered no network address for audio: WebRTC may be disabled by a browser policy or an extension; allow it for this site.',
      details,
    };
  }
  // A TURN server answers STUN too, so either kind of server should give a public (srflx) address.
  if (stun + turn > 0 && !gathered.types.includes('srflx') && !gathered.types.includes('relay')) {
    return {
      status: 'warning',
      message: `No STUN/TURN server answered within ${Math.round(gathered.durationMs / 1000)} s: UDP to them is blocked. Calls work on the office network or VPN, not across the internet; open UDP 3478 to them or use a TURN server over TLS.`,
      details,
    };
  }
  return { status: 'passed', message: `The browser can offer ${gathered.types.join(', ')} addresses.`, details };
}

export function checkTurn(gathered: GatheredCandidates, iceServers: readonly RTCIceServer[]): CheckOutcome<PreflightDetails['turn']> {
  const { turn } = countIceServers(iceServers);
  const details = { turnServers: turn, relayProtocols: gathered.relayProtocols };
  if (turn === 0) {
    return {
      status: 'skipped',
      message: 'No TURN server is configured: agents on networks that block UDP get no audio. Configure one for agents outside the office (wwe-gateway asterisk-config --turn-host).',
      details,
    };
  }
  if (!gathered.types.includes('relay')) {
    return {
      status: 'failed',
      message: 'The TURN server allocated no relay: check its address, that ports 3478 (UDP/TCP) or 5349 (TLS) are open from this network, and that its credentials are current.',
      details,
    };
  }
  const over = gathered.relayProtocols.length > 0 ? ` over ${gathered.relayProtocols.join(', ')}` : '';
  return { status: 'passed', message: `The TURN server allocated a relay${over}.`, details };
}
