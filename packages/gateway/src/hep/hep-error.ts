import { GatewayError } from '../errors.js';

/** Why a datagram is not a usable HEP3 packet. Stable codes for logs and metrics. */
export type HepErrorCode =
  | 'HEP_TOO_SHORT'
  | 'HEP_BAD_MAGIC'
  | 'HEP_BAD_LENGTH'
  | 'HEP_TRUNCATED_CHUNK'
  | 'HEP_BAD_CHUNK'
  | 'HEP_TOO_LARGE'
  | 'HEP_MISSING_CHUNK'
  | 'HEP_COMPRESSED_PAYLOAD';

export class HepError extends GatewayError {
  declare readonly code: HepErrorCode;

  constructor(code: HepErrorCode, message: string) {
    super(code, message);
  }
}
