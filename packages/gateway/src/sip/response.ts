// Responses built on another element's behalf, from a captured request (RFC 3261 §8.2.6), and where
// they must go (§18.2.2 with RFC 3581 rport). The peer matches a response to its transaction by the
// top Via branch and CSeq method, not by the source address, so any local port can send it.
import { SipError } from './sip-error.js';
import { parseNameAddress, parseVias, type Via } from './header-values.js';
import type { SipRequest } from './sip-message.js';

export interface ResponseDestination {
  readonly transport: string;
  readonly host: string;
  readonly port: number;
}

export interface BuildResponseOptions {
  readonly status?: number;
  readonly reason?: string;
  /** Added to To when the request's To has no tag (§8.2.6.2); in-dialog requests already have one. */
  readonly toTag?: string;
}

/**
 * The response text: every Via in order, From, To (with a tag), Call-ID, CSeq copied from the
 * request, and `Content-Length: 0`.
 */
export function buildResponse(request: SipRequest, options: BuildResponseOptions = {}): string {
  const status = options.status ?? 200;
  const reason = options.reason ?? 'OK';
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`invalid SIP status ${status}`);
  if (/[\r\n]/.test(reason)) throw new RangeError('reason phrase must be one line');
  const required = (name: string): string => {
    const value = request.headers.get(name);
    if (value === undefined) throw new SipError('SIP_MISSING_HEADER', `cannot answer a request without ${name}`);
    return value;
  };
  const vias = request.headers.getAll('via');
  if (vias.length === 0) throw new SipError('SIP_MISSING_HEADER', 'cannot answer a request without Via');
  parseVias(vias); // refuse to echo a Via we could not route by
  const from = required('from');
  let to = required('to');
  if (parseNameAddress(to).tag === undefined) {
    if (!options.toTag) throw new SipError('SIP_MISSING_HEADER', 'the request has no To tag and none was given');
    to = `${to};tag=${options.toTag}`;
  }
  const lines = [
    `SIP/2.0 ${status} ${reason}`,
    ...vias.map((via) => `Via: ${via}`),
    `From: ${from}`,
    `To: ${to}`,
    `Call-ID: ${required('call-id')}`,
    `CSeq: ${required('cseq')}`,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { UDP: 5060, TCP: 5060, TLS: 5061, WS: 80, WSS: 443 };

/**
 * Where the response to a request received over an unreliable transport goes (§18.2.2, RFC 3581): to
 * the address the request came from — what `received` would say — at the top Via's port, or at the
 * port it came from when the Via asks with `rport`. The Via's host, `received` and `maddr` are never
 * followed: the gateway answers on Asterisk's behalf, and a forged Via must not aim that answer at an
 * address the request did not come from.
 */
export function responseDestination(topVia: Via, receivedFrom: { readonly address: string; readonly port: number }): ResponseDestination {
  const rport = topVia.params.get('rport');
  let port = topVia.port ?? DEFAULT_PORTS[topVia.transport] ?? 5060;
  if (rport === true || rport === '') port = receivedFrom.port;
  else if (typeof rport === 'string' && /^\d{1,5}$/.test(rport) && Number(rport) > 0) port = Number(rport);
  if (port > 65535) throw new SipError('SIP_BAD_VIA', `Via rport ${port} out of range`);
  return { transport: topVia.transport, host: receivedFrom.address, port };
}
