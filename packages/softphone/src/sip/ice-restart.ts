import { isUsableCandidate } from './ice-gathering.js';

/** Handlers of one in-dialog request (JsSIP's DialogRequestSender calls them). */
interface DialogRequestHandlers {
  onSuccessResponse(response: { body?: string }): void;
  onErrorResponse(response: { status_code: number }): void;
  onRequestTimeout(): void;
  onTransportError(): void;
  onDialogError(response?: { status_code: number }): void;
}

/**
 * The parts of a JsSIP RTCSession an ICE restart uses. `sendRequest` (any request in the session's
 * dialog) is public in JsSIP but missing from its typings.
 */
export interface ReofferableSession {
  readonly connection: RTCPeerConnection | null;
  readonly contact: string;
  isEstablished(): boolean;
  isEnded(): boolean;
  isReadyToReOffer(): boolean;
  isOnHold(): { local: boolean; remote: boolean };
  sendRequest(method: string, options?: { extraHeaders?: string[]; body?: string; eventHandlers?: Partial<DialogRequestHandlers> }): unknown;
}

export type IceRestartFailure =
  /** Another offer/answer is in progress (a hold, the far end's re-INVITE): try again shortly. */
  | 'busy'
  /** The far end answered with an error. */
  | 'rejected'
  /** The WebSocket dropped, or the request timed out: the signalling path is down. */
  | 'no-signalling'
  /** The peer connection refused the offer or the answer. */
  | 'media'
  /** The call ended. */
  | 'ended';

export class IceRestartError extends Error {
  readonly reason: IceRestartFailure;
  constructor(reason: IceRestartFailure, message: string) {
    super(message);
    this.name = 'IceRestartError';
    this.reason = reason;
  }
}

/**
 * Renegotiates a confirmed call with new ICE credentials: a re-INVITE in the call's own dialog, sent on
 * the current WebSocket. Unlike JsSIP's `renegotiate()`, a failure here never ends the call (JsSIP ends
 * it on any error, timeout or transport drop) — during a network blip the re-INVITE is expected to fail
 * and be tried again. Through Asterisk the re-INVITE also moves the dialog to the connection it arrived
 * on (the WebSocket transport rewrites every Contact to its connection; a re-INVITE is a target
 * refresh), so Asterisk's next in-dialog request — Genesys' BYE — reaches this browser again.
 */
export async function restartIce(session: ReofferableSession, options: { gatheringTimeoutMs: number; policy: RTCIceTransportPolicy }): Promise<void> {
  const pc = session.connection;
  if (!pc || session.isEnded() || !session.isEstablished()) throw new IceRestartError('ended', 'The call is not established.');
  if (!session.isReadyToReOffer() || pc.signalingState !== 'stable') throw new IceRestartError('busy', 'Another renegotiation is in progress.');
  try {
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    await firstUsableCandidate(pc, options.gatheringTimeoutMs, options.policy);
  } catch (error) {
    await rollBack(pc);
    throw new IceRestartError('media', `The peer connection refused the ICE restart offer: ${String(error)}`);
  }
  const offer = withHoldDirection(pc.localDescription?.sdp ?? '', session.isOnHold());
  let answer: string;
  try {
    answer = await sendReinvite(session, offer);
  } catch (error) {
    await rollBack(pc);
    throw error;
  }
  try {
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  } catch (error) {
    await rollBack(pc);
    throw new IceRestartError('media', `The answer to the ICE restart was refused: ${String(error)}`);
  }
}

function sendReinvite(session: ReofferableSession, sdp: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    session.sendRequest('INVITE', {
      extraHeaders: [`Contact: ${session.contact}`, 'Content-Type: application/sdp'],
      body: sdp,
      eventHandlers: {
        // Every 2xx (retransmissions too) gets its ACK, as JsSIP does for its own re-INVITEs.
        onSuccessResponse: (response) => {
          session.sendRequest('ACK');
          settle(() => (response.body ? resolve(response.body) : reject(new IceRestartError('rejected', 'The 200 OK carried no SDP answer.'))));
        },
        onErrorResponse: (response) => settle(() => reject(new IceRestartError(response.status_code === 491 ? 'busy' : 'rejected', `The re-INVITE was answered ${response.status_code}.`))),
        onRequestTimeout: () => settle(() => reject(new IceRestartError('no-signalling', 'The re-INVITE timed out.'))),
        onTransportError: () => settle(() => reject(new IceRestartError('no-signalling', 'The WebSocket dropped before the re-INVITE was answered.'))),
        onDialogError: () => settle(() => reject(new IceRestartError('rejected', 'The far end no longer knows the call (408/481).'))),
      },
    });
  });
}

async function rollBack(pc: RTCPeerConnection): Promise<void> {
  if (pc.signalingState !== 'have-local-offer') return;
  await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
}

/**
 * Resolves on the first candidate Asterisk can use, when gathering ends, or after `timeoutMs`. Right
 * after an ICE restart offer the gathering state still reads `complete` from the last round, so this
 * waits for the new round's events rather than trusting the state.
 */
function firstUsableCandidate(pc: RTCPeerConnection, timeoutMs: number, policy: RTCIceTransportPolicy): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent): void => {
      if (!event.candidate || isUsableCandidate(event.candidate, policy)) done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * JsSIP keeps hold out of the peer connection and writes it into each offer instead; an offer made here
 * must say the same, or the restart would take the call off hold: local hold → sendonly, remote hold →
 * recvonly, both → inactive (audio sections only).
 */
export function withHoldDirection(sdp: string, hold: { local: boolean; remote: boolean }): string {
  if (!hold.local && !hold.remote) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdp.split(/\r?\n(?=m=)/);
  return sections
    .map((section, index) => {
      if (index === 0 || !section.startsWith('m=audio')) return section;
      const lines = section.split(/\r?\n/);
      const at = lines.findIndex((line) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line));
      const current = at >= 0 ? lines[at]!.slice(2) : 'sendrecv';
      const direction = heldDirection(current, hold);
      if (at >= 0) lines[at] = `a=${direction}`;
      else lines.splice(lines.at(-1) === '' ? lines.length - 1 : lines.length, 0, `a=${direction}`);
      return lines.join(eol);
    })
    .join(eol);
}

function heldDirection(current: string, { local, remote }: { local: boolean; remote: boolean }): string {
  if (local && remote) return 'inactive';
  if (local) return current === 'recvonly' ? 'inactive' : current === 'sendrecv' ? 'sendonly' : current;
  return current === 'sendonly' ? 'inactive' : current === 'sendrecv' ? 'recvonly' : current;
}
