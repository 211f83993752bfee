import { GatewayError, type HepErrorCode } from '../errors.js';

export type { HepErrorCode } from '../errors.js';

/** A datagram that is not a usable HEP3 packet; `code` says why. */
export class HepError extends GatewayError {
  declare readonly code: HepErrorCode;

  constructor(code: HepErrorCode, message: string) {
    super(code, message);
  }
}
