import type { IncomingRequest } from 'jssip/lib/SIPMessage.js';
import { SipHeaders } from '@wwe-webrtc/shared';

/** JsSIP keeps a received message's header lines by name, each as `{ raw }` (its `addHeader`). */
type ParsedHeaders = Record<string, ReadonlyArray<{ raw?: unknown }>>;

/**
 * Every header of a request JsSIP received, read once into a plain snapshot. The INVITE's headers reach
 * the auto-answer signals, the Genesys call UUID and `Call.getHeader` through this one door only.
 */
export function requestHeaders(request: IncomingRequest): SipHeaders {
  const parsed = (request as unknown as { headers?: ParsedHeaders }).headers ?? {};
  const list: Array<[string, string]> = [];
  for (const [name, values] of Object.entries(parsed)) {
    for (const { raw } of values) if (typeof raw === 'string') list.push([name, raw]);
  }
  return new SipHeaders(list);
}
