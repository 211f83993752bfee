import type { ConnectionOptions } from 'node:tls';
import type { BackoffOptions } from '@wwe-webrtc/shared';

/** What an `AmiClient` can be told. Defaults are in `AMI_CLIENT_DEFAULTS`. */
export interface AmiClientOptions {
  host: string;
  /** Default 5038. */
  port?: number;
  username: string;
  /** Never logged. */
  secret: string;
  /**
   * `md5` (default) sends `Action: Challenge` and logs in with `Key: md5(challenge + secret)`, so the
   * secret never crosses the wire; `plain` sends `Secret:` (use it only over loopback or TLS).
   */
  authType?: 'md5' | 'plain';
  /** TLS options to connect with TLS (Asterisk `tlsenable=yes`, usually port 5039); omit for TCP. */
  tls?: ConnectionOptions;
  /** `Events:` sent with Login to limit event classes (e.g. `system`); omitted by default (user's `read=`). */
  events?: string;
  /** Give up a connection whose login (TCP, banner, Challenge, Login) is not done by then, and retry. Default 5 000 ms. */
  connectTimeoutMs?: number;
  /** Reject an action with AMI_TIMEOUT when no reply arrives in time. Default 10 000 ms. */
  actionTimeoutMs?: number;
  /** Send `Ping` this often while connected; 0 disables. Default 15 000 ms. */
  keepaliveIntervalMs?: number;
  /** Drop and reconnect when a `Ping` gets no answer in this time. Default 5 000 ms. */
  keepaliveTimeoutMs?: number;
  /** Reconnect delays. */
  reconnect?: Partial<BackoffOptions>;
  /** Random source for jitter and ActionID prefixes (tests make it deterministic). */
  random?: () => number;
}

export const AMI_CLIENT_DEFAULTS = {
  port: 5038,
  authType: 'md5',
  connectTimeoutMs: 5_000,
  actionTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  keepaliveTimeoutMs: 5_000,
  // Capped low: after an Asterisk restart the gateway must be back before Asterisk's own registrations
  // fire (1–2 s after boot) to unregister idle DNs in time.
  reconnect: { initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, jitter: 0.3 } satisfies BackoffOptions,
} as const;
