/**
 * STUN/TURN servers with a lifetime: what a TURN credential service hands out (Twilio's Network
 * Traversal tokens, Genesys Cloud's ICE servers, wwe-gateway's `/api/turn/credentials`).
 */
export interface IceServersGrant {
  readonly iceServers: RTCIceServer[];
  /** Seconds the servers' credentials stay valid from now. Absent: they never expire. */
  readonly ttl?: number;
}

/**
 * Fetches fresh ICE servers. Called at `connect()` and again before the previous grant expires; the
 * signal aborts a fetch that takes too long or that `disconnect()` made useless.
 */
export type IceServersProvider = (signal: AbortSignal) => Promise<IceServersGrant>;
