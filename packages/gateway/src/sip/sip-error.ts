import { GatewayError } from '../errors.js';

/** Why a SIP message (or one of its headers) could not be used. Stable codes for logs and metrics. */
export type SipErrorCode =
  | 'SIP_NOT_SIP'
  | 'SIP_BAD_START_LINE'
  | 'SIP_BAD_HEADER'
  | 'SIP_TOO_MANY_HEADERS'
  | 'SIP_MISSING_HEADER'
  | 'SIP_BAD_VIA'
  | 'SIP_BAD_CSEQ'
  | 'SIP_BAD_ADDRESS';

export class SipError extends GatewayError {
  declare readonly code: SipErrorCode;

  constructor(code: SipErrorCode, message: string) {
    super(code, message);
  }
}
