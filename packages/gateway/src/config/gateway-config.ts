/**
 * The gateway's configuration after defaults, file, environment and secret files (`loadConfig`), as a
 * plain type: users read it in their editor and compile against it without zod's types. `schema.ts`
 * checks at compile time that it is exactly what the schema produces. Defaults and variables are in
 * the README's configuration table.
 */
export interface GatewayConfig {
  ami: {
    host: string;
    port: number;
    username: string;
    /** Never logged. */
    secret: string;
    authType: 'md5' | 'plain';
    tls: { enabled: boolean; caFile?: string | undefined; servername?: string | undefined; rejectUnauthorized: boolean };
    connectTimeoutMs: number;
    actionTimeoutMs: number;
    keepaliveIntervalMs: number;
  };
  dns: {
    /** e.g. `5001-5020,6100-6199`. */
    ranges: string;
    registrationTemplate: string;
    unregisterDebounceMs: number;
    confirmTimeoutMs: number;
    actionsPerSecond: number;
    actionBurst: number;
    unregistersPerSecond: number;
    restartUptimeSeconds: number;
  };
  http: {
    host: string;
    port: number;
    /** Admin bearer token; without one the API is open to loopback only. Never logged. */
    token?: string | undefined;
    /** Read-only token for agents' browsers: grants only `GET /api/dns/:dn`. Never logged. */
    presenceToken?: string | undefined;
    /** Exact origins whose pages may read presence cross-origin (CORS). Empty: no CORS headers. */
    corsOrigins: string[];
    /** Most HTTP connections open at once (agents' browsers each keep one while polling presence). */
    maxConnections: number;
    /** Most `GET /api/events` streams open at once. */
    maxEventStreams: number;
    /** An event stream whose client takes no data for this long, while data waits for it, is dropped. */
    eventStreamStallTimeoutMs: number;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  shutdown: { unregisterAll: boolean; timeoutMs: number };
  relay: RelayConfig;
  turn: TurnConfig;
  quality: QualityConfig;
}

/** Options of the remote-answer relay (HEP listener and NOTIFY responder). */
export interface RelayConfig {
  enabled: boolean;
  hep: {
    host: string;
    port: number;
    /** hep.conf `capture_password`. Never logged. */
    password?: string | undefined;
    /** Largest HEP packet accepted, bytes. */
    maxPacketBytes: number;
    /** Socket receive buffer asked of the kernel (capped by net.core.rmem_max), bytes. */
    receiveBufferBytes: number;
  };
  /** SIP Server address(es) as Asterisk sees them (`ip` or `ip:port`): only their NOTIFYs are relayed. */
  genesysAddresses: string[];
  /** Asterisk's trunk address(es); when set, the NOTIFY must be addressed to one of them. */
  asteriskAddresses: string[];
  /** Send the 200 OK to Genesys' NOTIFY on UDP trunks (stock Asterisk never answers it). */
  notifyResponder: boolean;
}

/** Short-lived TURN credentials for agents' browsers (coturn `use-auth-secret`). */
export interface TurnConfig {
  enabled: boolean;
  /** coturn's `static-auth-secret`. Never logged. */
  secret?: string | undefined;
  /** `turn:`, `turns:` or `stun:` URIs handed to browsers. */
  urls: string[];
  ttlSeconds: number;
  /** JSON file `{ "agents": { "<dn>": "<SIP password>" } }` (the generator's secrets.json). */
  agentPasswordsFile?: string | undefined;
  perDnPerMinute: number;
  perDnBurst: number;
  globalPerSecond: number;
  globalBurst: number;
}

/** Call quality from Asterisk's RTCP reports (AMI RTCPSent/RTCPReceived: manager.conf read=reporting). */
export interface QualityConfig {
  enabled: boolean;
  /** A live call whose worst MOS is below this is listed as below threshold (dashboard, /metrics). */
  mosThreshold: number;
  /** A leg without an RTCP report for this long is over (Asterisk reports every 5 s). */
  legTimeoutMs: number;
  /** Agents' browsers post their own summary of each call (`POST /api/dns/:dn/quality`). */
  browserReports: {
    enabled: boolean;
    /** JSON file `{ "agents": { "<dn>": "<SIP password>" } }`; default `turn.agentPasswordsFile`. */
    agentPasswordsFile?: string | undefined;
    perDnPerMinute: number;
    perDnBurst: number;
  };
}
