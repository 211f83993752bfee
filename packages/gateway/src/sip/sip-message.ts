// SIP messages as the gateway reads them: the shared strict reader (@wwe-webrtc/shared), with its
// errors raised as the gateway's own SipError, so callers catch one family.
import { SipParseError, parseSipMessage as readSipMessage, type SipMessage } from '@wwe-webrtc/shared';
import { SipError } from './sip-error.js';

export { SipHeaders, canonicalName, type SipMessage, type SipRequest, type SipResponse } from '@wwe-webrtc/shared';

/** Parses a SIP message. Line ends may be CRLF or bare LF. Throws SipError. */
export function parseSipMessage(text: string): SipMessage {
  try {
    return readSipMessage(text);
  } catch (error) {
    if (error instanceof SipParseError) throw new SipError(error.code, error.message);
    throw error;
  }
}
