import { GatewayError, type SipErrorCode } from '../errors.js';

export type { SipErrorCode } from '../errors.js';

/** A SIP message (or one of its headers) that could not be used; `code` says why. */
export class SipError extends GatewayError {
  declare readonly code: SipErrorCode;

  constructor(code: SipErrorCode, message: string) {
    super(code, message);
  }
}
