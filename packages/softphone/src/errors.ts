/**
 * Every failure the library reports is a `SoftphoneError` with a stable `code`. Apps switch on `code`;
 * the message is for people and says what to do.
 */
export type SoftphoneErrorCode =
  // Options
  | 'INVALID_OPTIONS'
  // Microphone and devices
  | 'MIC_PERMISSION_DENIED'
  | 'MIC_BLOCKED_BY_POLICY'
  | 'NO_MICROPHONE'
  | 'MIC_UNAVAILABLE'
  | 'DEVICE_NOT_FOUND'
  | 'OUTPUT_SELECTION_UNSUPPORTED'
  // Connection and registration
  | 'AUTH_FAILED'
  | 'SERVER_UNREACHABLE'
  | 'REGISTRATION_FAILED'
  | 'NOT_CONNECTED'
  // Calls
  | 'INVALID_TARGET'
  | 'INVALID_CALL_STATE'
  | 'INVALID_DTMF'
  | 'CALL_FAILED'
  | 'TRANSFER_FAILED'
  // Incoming signalling the library refused to act on
  | 'MALFORMED_SIGNAL'
  // STUN/TURN servers from an iceServersProvider
  | 'ICE_SERVERS_UNAVAILABLE'
  // A TURN server refused a relay (its credentials, its quota)
  | 'TURN_REFUSED'
  // One tab per DN
  | 'OTHER_TAB_BUSY'
  | 'TAKEOVER_FAILED'
  | 'NOT_STANDING_BY'
  | 'TABS_UNSUPPORTED'
  // A part of the library loaded on first use (its own chunk) could not be fetched
  | 'FEATURE_UNAVAILABLE'
  // A call-quality report could not be delivered (qualityReport)
  | 'QUALITY_REPORT_FAILED';

export class SoftphoneError extends Error {
  readonly code: SoftphoneErrorCode;

  constructor(code: SoftphoneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SoftphoneError';
    this.code = code;
  }
}

/** Bad options passed to `new Softphone()` or a method. */
export class ConfigurationError extends SoftphoneError {
  constructor(message: string) {
    super('INVALID_OPTIONS', message);
    this.name = 'ConfigurationError';
  }
}

export type MediaErrorCode = Extract<
  SoftphoneErrorCode,
  'MIC_PERMISSION_DENIED' | 'MIC_BLOCKED_BY_POLICY' | 'NO_MICROPHONE' | 'MIC_UNAVAILABLE' | 'DEVICE_NOT_FOUND' | 'OUTPUT_SELECTION_UNSUPPORTED'
>;

/** The microphone or an audio device could not be used. */
export class MediaError extends SoftphoneError {
  declare readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MediaError';
  }
}

export type RegistrationErrorCode = Extract<
  SoftphoneErrorCode,
  'AUTH_FAILED' | 'SERVER_UNREACHABLE' | 'REGISTRATION_FAILED' | 'NOT_CONNECTED'
>;

/** The softphone could not reach the server or register the DN. */
export class RegistrationError extends SoftphoneError {
  declare readonly code: RegistrationErrorCode;
  /** SIP status code of the final REGISTER response, when there was one. */
  readonly statusCode: number | undefined;
  constructor(code: RegistrationErrorCode, message: string, options?: { cause?: unknown; statusCode?: number }) {
    super(code, message, options);
    this.name = 'RegistrationError';
    this.statusCode = options?.statusCode;
  }
}

export type CallErrorCode = Extract<
  SoftphoneErrorCode,
  'INVALID_TARGET' | 'INVALID_CALL_STATE' | 'INVALID_DTMF' | 'CALL_FAILED' | 'TRANSFER_FAILED' | 'NOT_CONNECTED'
>;

/** A call operation was refused or failed. */
export class CallError extends SoftphoneError {
  declare readonly code: CallErrorCode;
  constructor(code: CallErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CallError';
  }
}

/** An incoming request carried a header the library would not act on (it is refused, never thrown). */
export class SignalError extends SoftphoneError {
  declare readonly code: 'MALFORMED_SIGNAL';
  /** Name of the offending header. */
  readonly header: string;
  constructor(header: string, message: string) {
    super('MALFORMED_SIGNAL', message);
    this.name = 'SignalError';
    this.header = header;
  }
}

/** Maps a getUserMedia rejection to a typed error with advice for the user. */
export function microphoneErrorFrom(error: unknown): MediaError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return new MediaError(
        'MIC_PERMISSION_DENIED',
        'Microphone access was denied. Allow the microphone for this site in the browser (address bar → site settings) and reconnect.',
        { cause: error },
      );
    case 'SecurityError':
      return new MediaError(
        'MIC_BLOCKED_BY_POLICY',
        'The microphone is blocked by the page: serve over HTTPS and, inside an iframe, add allow="microphone; autoplay" to the iframe.',
        { cause: error },
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new MediaError('NO_MICROPHONE', 'No microphone was found. Plug in a headset or microphone and reconnect.', {
        cause: error,
      });
    default:
      return new MediaError(
        'MIC_UNAVAILABLE',
        'The microphone could not be opened; another application may be holding it. Close it and reconnect.',
        { cause: error },
      );
  }
}

/**
 * The `iceServersProvider` failed (network, refused credentials, a malformed answer). The softphone
 * keeps the last servers it had — calls go on — and tries again.
 */
export class IceServersError extends SoftphoneError {
  declare readonly code: 'ICE_SERVERS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ICE_SERVERS_UNAVAILABLE', message, options);
    this.name = 'IceServersError';
  }
}

/** A call's quality report did not reach the gateway, or the gateway refused it (logged, never thrown at a call). */
export class QualityReportError extends SoftphoneError {
  declare readonly code: 'QUALITY_REPORT_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super('QUALITY_REPORT_FAILED', message, options);
    this.name = 'QualityReportError';
  }
}

/**
 * A TURN server answered a call's relay allocation with an error: credentials it does not accept
 * (expired, or not made with its secret: 401, 441), its quota for them reached (486), or another
 * refusal. The call gathers no relay candidate from that server; with `iceTransportPolicy: 'relay'` it
 * then has no path for its media.
 */
export class TurnRefusedError extends SoftphoneError {
  declare readonly code: 'TURN_REFUSED'
  /** The server, as given in `iceServers` (`turn:host:port?transport=udp`). */
  readonly url: string;
  /** The STUN error code of its answer (RFC 8489 §14.8, RFC 8656 §19). */
  readonly stunCode: number;
  constructor(url: string, stunCode: number, reason: string) {
    super('TURN_REFUSED', turnRefusalMessage(url, stunCode, reason.trim().replace(/\.$/, '')));
    this.name = 'TurnRefusedError';
    this.url = url;
    this.stunCode = stunCode;
  }
}

function turnRefusalMessage(url: string, code: number, reason: string): string {
  const refused = `The TURN server ${url} refused a relay (${code}${reason ? ` ${reason}` : ''})`;
  if (code === 401 || code === 441) {
    return `${refused}: it does not accept the credentials. They have expired, or whoever issued them does not share the TURN server's secret (wwe-gateway's turn.secret and coturn's static-auth-secret must match, and both clocks be right).`;
  }
  if (code === 486) return `${refused}: the allocations open with these credentials reached its quota (other calls or tabs of this agent hold them).`;
  return `${refused}.`;
}
export type TabErrorCode = Extract<SoftphoneErrorCode, 'OTHER_TAB_BUSY' | 'TAKEOVER_FAILED' | 'NOT_STANDING_BY' | 'TABS_UNSUPPORTED'>;

/** Moving the DN between the tabs of a browser ("use here") was refused or failed; nothing changed. */
export class TabError extends SoftphoneError {
  declare readonly code: TabErrorCode;
  constructor(code: TabErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TabError';
  }
}

/**
 * A part of the library that loads on first use (the preflight test, call quality, call recovery, the
 * gateway's TURN client) could not be fetched: the network dropped, or the page outlived a deployment
 * that removed the file. The next use tries again.
 */
export class FeatureUnavailableError extends SoftphoneError {
  declare readonly code: 'FEATURE_UNAVAILABLE';
  /** Which part, e.g. `preflight test`. */
  readonly feature: string;
  constructor(feature: string, options?: { cause?: unknown }) {
    super('FEATURE_UNAVAILABLE', `The softphone's ${feature} could not be loaded. Check the network connection; if this persists, reload the page.`, options);
    this.name = 'FeatureUnavailableError';
    this.feature = feature;
  }
}
