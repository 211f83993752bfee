import type { AutoAnswerOptions } from './auto-answer/types.js';
import type { CallRecoveryOptions } from './calls/call-recovery-options.js';
import { DEFAULT_CALL_RECOVERY } from './calls/call-recovery-options.js';
import { TAB_OWNERSHIP_DEFAULTS } from './tabs/tab-ownership.js';
import type { IceServersProvider } from './ice/ice-servers-provider.js';
import { ConfigurationError } from './errors.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { QualityReporter } from './quality/quality-reporter.js';
import { resolveQualityOptions, type QualityOptions, type ResolvedQualityOptions } from './quality/quality-options.js';
import type { ReconnectOptions } from './registration/reconnect-options.js';
import { DEFAULT_RECONNECT } from './registration/reconnect-options.js';

/** Opens the SIP WebSocket. Replace it to run over a mock (tests, the in-page lab) or a proxy. */
export type WebSocketFactory = (url: string, protocols: string | string[]) => WebSocket;

export interface MediaOptions {
  /** Open the microphone on `connect()` so calls answer without a permission round trip. Default `true`. */
  acquireOnConnect?: boolean;
  /** Refuse to register when the microphone cannot be opened (an agent who cannot speak should not get calls). Default `true`. */
  requireMicrophone?: boolean;
  /** Input device to use; default: the system default. */
  inputDeviceId?: string;
  /** Output device for remote audio (`setSinkId`); default: the system default. */
  outputDeviceId?: string;
  /** Extra audio constraints (echoCancellation etc.). Default: browser defaults. */
  audioConstraints?: MediaTrackConstraints;
  /** Element that plays remote audio. Default: one the library creates (not attached to the DOM). */
  remoteAudioElement?: HTMLAudioElement;
  /** `navigator.mediaDevices` replacement (tests). */
  mediaDevices?: MediaDevices;
  /** How often the `inputLevel` event fires while someone listens, ms. Default `100`. */
  inputLevelIntervalMs?: number;
}

export interface DtmfOptions {
  /** `'rfc4733'` (RTP telephone-event) or `'info'` (SIP INFO). Default `'rfc4733'`. */
  transport?: 'rfc4733' | 'info';
  /** Tone length, ms. Default `100`. */
  durationMs?: number;
  /** Gap between tones, ms. Default `70`. */
  interToneGapMs?: number;
}

export interface TabOptions {
  /**
   * Let only one tab of the browser register the DN; the others stand by (`tabState`), take over when it
   * closes, or on `takeover()`. Default `true`. Where the browser lacks Web Locks every tab registers.
   */
  enabled?: boolean;
  /** How long the owning tab waits for a tab taking over to register before it carries on, ms. Default `5000`. */
  takeoverTimeoutMs?: number;
  /** How long `takeover()` waits for the owning tab's answer before taking over anyway, ms. Default `1000`. */
  replyTimeoutMs?: number;
}

export interface SoftphoneOptions {
  /** WebSocket URL of the SIP server, e.g. `wss://asterisk.example.com:8089/ws`. Required. */
  server: string;
  /** The agent's DN (SIP user), e.g. `'5001'`. Required. */
  dn: string;
  /** SIP password of the DN. Required; never logged. */
  password: string;
  /** Digest authorization user. Default: `dn`. */
  authorizationUser?: string;
  /** Display name in From. Default: none. */
  displayName?: string;
  /** SIP domain of the AOR. Default: the host of `server`. */
  domain?: string;
  /** REGISTER expiry, seconds. Default `300`. */
  registerExpires?: number;
  /** User-Agent header. Default `'wwe-webrtc-softphone'`. */
  userAgent?: string;
  /** STUN/TURN servers. Default `[]` (host candidates only — enough on a LAN/VPN to Asterisk). */
  iceServers?: RTCIceServer[];
  /**
   * Fetches STUN/TURN servers with short-lived credentials (e.g. `gatewayIceServers(…)`): at
   * `connect()` and again before they expire; `iceServers` is used until the first answer. Active
   * calls get the new servers too (for ICE restarts); a failure keeps the last good ones.
   */
  iceServersProvider?: IceServersProvider;
  /** `RTCPeerConnection` transport policy. Default `'all'`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Longest wait for ICE gathering before an offer/answer is sent anyway, ms. Default `500`. */
  iceGatheringTimeoutMs?: number;
  media?: MediaOptions;
  autoAnswer?: AutoAnswerOptions;
  reconnect?: ReconnectOptions;
  /** Keeping calls up through network blips (ICE restart, re-INVITE over the new WebSocket). */
  callRecovery?: CallRecoveryOptions;
  dtmf?: DtmfOptions;
  /** Call-quality sampling and warning thresholds (defaults in `DEFAULT_QUALITY_OPTIONS`). */
  quality?: QualityOptions;
  /**
   * Receives each ended call's quality report (e.g. `gatewayQualityReport(…)` to show the browser's
   * view beside Asterisk's at wwe-gateway). Called after the call ended, never awaited; failures are
   * logged. Default: none.
   */
  qualityReport?: QualityReporter;
  /** Reconnect when the browser reports `online`, pause while `offline`. Default `true`. */
  watchNetwork?: boolean;
  /** One tab per DN across the browser profile (Web Locks + BroadcastChannel). */
  tabs?: TabOptions;
  /** Unregister on `pagehide` (reload, tab close) so the DN does not keep a stale contact. Default `true`. */
  unregisterOnPageHide?: boolean;
  /** How the SIP WebSocket is opened. Default: `new WebSocket(url, protocols)`. */
  webSocketFactory?: WebSocketFactory;
  /** Diagnostics sink. Default: silent. */
  logger?: Logger;
}

export interface ResolvedOptions {
  server: string;
  dn: string;
  password: string;
  authorizationUser: string;
  displayName: string | undefined;
  domain: string;
  registerExpires: number;
  userAgent: string;
  iceServers: RTCIceServer[];
  iceServersProvider: IceServersProvider | undefined;
  iceTransportPolicy: RTCIceTransportPolicy;
  iceGatheringTimeoutMs: number;
  media: Required<Omit<MediaOptions, 'inputDeviceId' | 'outputDeviceId' | 'remoteAudioElement' | 'mediaDevices'>> &
    Pick<MediaOptions, 'inputDeviceId' | 'outputDeviceId' | 'remoteAudioElement' | 'mediaDevices'>;
  autoAnswer: AutoAnswerOptions;
  reconnect: Required<ReconnectOptions>;
  callRecovery: Required<CallRecoveryOptions>;
  tabs: Required<TabOptions>;
  dtmf: Required<DtmfOptions>;
  quality: ResolvedQualityOptions;
  qualityReport: QualityReporter | undefined;
  watchNetwork: boolean;
  unregisterOnPageHide: boolean;
  webSocketFactory: WebSocketFactory;
  logger: Logger;
}

export const DEFAULTS = {
  registerExpires: 300,
  userAgent: 'wwe-webrtc-softphone',
  iceGatheringTimeoutMs: 500,
  media: { acquireOnConnect: true, requireMicrophone: true, audioConstraints: {}, inputLevelIntervalMs: 100 },
  dtmf: { transport: 'rfc4733', durationMs: 100, interToneGapMs: 70 },
  watchNetwork: true,
  unregisterOnPageHide: true,
} as const;

const DN_PATTERN = /^[A-Za-z0-9._+-]{1,64}$/;

/** Validates options and fills defaults. Throws `ConfigurationError` with a message naming the field. */
export function resolveOptions(options: SoftphoneOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw new ConfigurationError('Softphone options are required.');
  let url: URL;
  try {
    url = new URL(options.server);
  } catch {
    throw new ConfigurationError(`options.server must be a ws:// or wss:// URL, got "${String(options.server)}".`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new ConfigurationError(`options.server must use wss:// (or ws:// for local tests), got "${url.protocol}".`);
  }
  if (typeof options.dn !== 'string' || !DN_PATTERN.test(options.dn)) {
    throw new ConfigurationError('options.dn must be a SIP user of letters, digits or ._+- (e.g. "5001").');
  }
  if (typeof options.password !== 'string' || options.password.length === 0) {
    throw new ConfigurationError('options.password is required (the SIP password of the DN).');
  }
  if (options.authorizationUser !== undefined && !DN_PATTERN.test(options.authorizationUser)) {
    throw new ConfigurationError('options.authorizationUser must be letters, digits or ._+-.');
  }
  const domain = options.domain ?? url.hostname;
  if (!/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/.test(domain)) throw new ConfigurationError(`options.domain is not a host name: "${domain}".`);
  const timeout = options.iceGatheringTimeoutMs ?? DEFAULTS.iceGatheringTimeoutMs;
  if (!Number.isFinite(timeout) || timeout < 0) throw new ConfigurationError('options.iceGatheringTimeoutMs must be a non-negative number.');
  const quality = resolveQualityOptions(options.quality);
  if (typeof quality === 'string') throw new ConfigurationError(quality);
  if (options.qualityReport !== undefined && typeof options.qualityReport !== 'function') {
    throw new ConfigurationError('options.qualityReport must be a function (report, call) returning a promise, e.g. gatewayQualityReport({ gatewayUrl, dn, password }).');
  }
  if (options.iceServersProvider !== undefined && typeof options.iceServersProvider !== 'function') {
    throw new ConfigurationError('options.iceServersProvider must be a function returning a promise of { iceServers, ttl? }.');
  }
  const callRecovery = { ...DEFAULT_CALL_RECOVERY, ...options.callRecovery };
  for (const key of ['timeoutMs', 'retryIntervalMs', 'answerTimeoutMs'] as const) {
    if (!Number.isFinite(callRecovery[key]) || callRecovery[key] <= 0) throw new ConfigurationError(`options.callRecovery.${key} must be a positive number of milliseconds.`);
  }
  const expires = options.registerExpires ?? DEFAULTS.registerExpires;
  if (!Number.isInteger(expires) || expires < 30) throw new ConfigurationError('options.registerExpires must be an integer ≥ 30 (seconds).');

  return {
    server: options.server,
    dn: options.dn,
    password: options.password,
    authorizationUser: options.authorizationUser ?? options.dn,
    displayName: options.displayName,
    domain,
    registerExpires: expires,
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
    iceServers: options.iceServers ?? [],
    iceServersProvider: options.iceServersProvider,
    iceTransportPolicy: options.iceTransportPolicy ?? 'all',
    iceGatheringTimeoutMs: timeout,
    media: { ...DEFAULTS.media, ...options.media },
    autoAnswer: options.autoAnswer ?? {},
    reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
    callRecovery,
    tabs: { enabled: true, ...TAB_OWNERSHIP_DEFAULTS, ...options.tabs },
    dtmf: { ...DEFAULTS.dtmf, ...options.dtmf },
    quality,
    qualityReport: options.qualityReport,
    watchNetwork: options.watchNetwork ?? DEFAULTS.watchNetwork,
    unregisterOnPageHide: options.unregisterOnPageHide ?? DEFAULTS.unregisterOnPageHide,
    webSocketFactory: options.webSocketFactory ?? ((socketUrl, protocols) => new WebSocket(socketUrl, protocols)),
    logger: options.logger ?? silentLogger,
  };
}
