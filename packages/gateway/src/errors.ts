/**
 * Every error the gateway raises is a `GatewayError` with a stable `code`, all listed here. Match on
 * `code`, never on the message: messages say what to do and may improve between releases. Errors of a
 * part of the gateway (HEP, SIP) are subclasses beside that part, importing their codes from here.
 */

/** Why a datagram is not a usable HEP3 packet (`HepError`). */
export type HepErrorCode =
  | 'HEP_TOO_SHORT'
  | 'HEP_BAD_MAGIC'
  | 'HEP_BAD_LENGTH'
  | 'HEP_TRUNCATED_CHUNK'
  | 'HEP_BAD_CHUNK'
  | 'HEP_TOO_LARGE'
  | 'HEP_MISSING_CHUNK'
  | 'HEP_COMPRESSED_PAYLOAD';

/** Why a SIP message, or one of its headers, could not be used (`SipError`). */
export type SipErrorCode =
  | 'SIP_NOT_SIP'
  | 'SIP_BAD_START_LINE'
  | 'SIP_BAD_HEADER'
  | 'SIP_TOO_MANY_HEADERS'
  | 'SIP_MISSING_HEADER'
  | 'SIP_BAD_VIA'
  | 'SIP_BAD_CSEQ'
  | 'SIP_BAD_ADDRESS';

export type GatewayErrorCode =
  | HepErrorCode
  | SipErrorCode
  | 'AMI_INVALID_FIELD'
  | 'AMI_BANNER_INVALID'
  | 'AMI_AUTH_FAILED'
  | 'AMI_NOT_CONNECTED'
  | 'AMI_CONNECTION_LOST'
  | 'AMI_TIMEOUT'
  | 'AMI_ACTION_FAILED'
  | 'AMI_CLIENT_STOPPED'
  | 'DN_INVALID'
  | 'DN_RANGE_INVALID'
  | 'CONFIG_INVALID'
  | 'HTTP_BAD_REQUEST'
  | 'QUALITY_REPORT_INVALID';

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A key or value that would corrupt the AMI stream (CR, LF, a colon in a key) was refused before the socket. */
export class AmiInvalidFieldError extends GatewayError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super('AMI_INVALID_FIELD', `AMI field ${JSON.stringify(field)} refused: ${reason}. Nothing was sent.`);
  }
}

/** Asterisk refused the username/secret. */
export class AmiAuthError extends GatewayError {
  constructor(message: string) {
    super(
      'AMI_AUTH_FAILED',
      `AMI login failed (${message}). Check the AMI username and secret (WWE_GATEWAY_AMI_USERNAME, ` +
        'WWE_GATEWAY_AMI_SECRET) against manager.conf, and that the user may connect from this address (permit=).',
    );
  }
}

/** Asterisk answered `Response: Error` to an action. `response` holds the whole reply. */
export class AmiActionError extends GatewayError {
  constructor(
    readonly action: string,
    readonly reason: string,
  ) {
    super('AMI_ACTION_FAILED', `AMI action ${action} failed: ${reason}`);
  }
}

export class AmiConnectionError extends GatewayError {}

export class DnError extends GatewayError {}

export class ConfigError extends GatewayError {
  constructor(readonly problems: readonly string[]) {
    super('CONFIG_INVALID', `Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
