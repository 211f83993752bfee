/** The public, read-only view of one DN, as the HTTP API and SSE stream show it. */
export type GenesysState =
  /** Not known yet (before the first reconciliation). */
  | 'unknown'
  /** PJSIPRegister sent (or queued); waiting for `Registry: Registered`. */
  | 'registering'
  | 'registered'
  | 'unregistering'
  | 'unregistered'
  /** Genesys refused the REGISTER (`Registry: Rejected`), e.g. a DN unknown to SIP Server. */
  | 'rejected'
  /** No answer from Genesys (`Registry: Failed`) or Asterisk refused the action. */
  | 'failed';

export type DnErrorCode =
  | 'REGISTRATION_REJECTED'
  | 'REGISTRATION_FAILED'
  | 'REGISTRATION_NOT_CONFIRMED'
  | 'REGISTRATION_MISSING'
  | 'ACTION_FAILED';

export interface DnLastError {
  readonly code: DnErrorCode;
  readonly message: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface DnStatus {
  readonly dn: string;
  /** Contact URIs of the DN's browsers on Asterisk. */
  readonly contacts: readonly string[];
  /** The DN has at least one browser contact. */
  readonly browser: boolean;
  /** What the gateway wants Genesys to see. */
  readonly desired: 'registered' | 'unregistered';
  readonly genesys: GenesysState;
  /** Register attempts since the last confirmation. */
  readonly attempts: number;
  /** Epoch ms of the last change of contacts or Genesys state. */
  readonly lastChange: number;
  readonly lastError: DnLastError | undefined;
}

export interface SyncCommand {
  readonly kind: 'register' | 'unregister';
  readonly dn: string;
  /** When the cause (contact event, timer, reconciliation) happened; for latency metrics. */
  readonly causedAt: number;
  /** Register attempt number (1 = first). */
  readonly attempt: number;
}
