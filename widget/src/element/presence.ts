// Genesys-side state of the agent's DN, read from the gateway's HTTP API (`GET /api/dns/:dn`).
import type { PresenceState } from '../state.js';

// The gateway's Genesys states (registration-sync) folded into what an agent needs to see.
const FROM_GATEWAY: Record<string, PresenceState> = {
  registered: 'registered',
  registering: 'registering',
  unregistering: 'registering',
  unregistered: 'unregistered',
  rejected: 'unregistered',
  failed: 'unregistered',
  unknown: 'unknown',
};

/** Reads the DN's Genesys registration; `unreachable` when the gateway cannot be asked. */
export async function fetchPresence(gatewayUrl: string, dn: string, token?: string, signal?: AbortSignal): Promise<PresenceState> {
  let url: URL;
  try {
    url = new URL(`api/dns/${encodeURIComponent(dn)}`, gatewayUrl.endsWith('/') ? gatewayUrl : `${gatewayUrl}/`);
  } catch {
    return 'unreachable';
  }
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const response = await fetch(url, { signal, headers });
    if (!response.ok) return 'unreachable';
    return presenceFrom(await response.json());
  } catch {
    return 'unreachable';
  }
}

/** Reads the gateway's DN status, `{ dn, browser, genesys: 'registered' | … }`. */
export function presenceFrom(body: unknown): PresenceState {
  if (typeof body !== 'object' || body === null) return 'unknown';
  const record = body as Record<string, unknown>;
  const state = record['genesys'];
  return (typeof state === 'string' && Object.hasOwn(FROM_GATEWAY, state) && FROM_GATEWAY[state]) || 'unknown';
}

/** Polls while started; reports each change. */
export class PresencePoller {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  #last: PresenceState | undefined;

  constructor(
    private readonly onChange: (state: PresenceState) => void,
    private readonly intervalMs = 5000,
  ) {}

  start(gatewayUrl: string, dn: string, token?: string): void {
    this.stop();
    const abort = (this.#abort = new AbortController());
    const poll = async () => {
      const state = await fetchPresence(gatewayUrl, dn, token, abort.signal);
      if (abort.signal.aborted) return;
      if (state !== this.#last) this.onChange((this.#last = state));
      this.#timer = setTimeout(poll, this.intervalMs);
    };
    void poll();
  }

  stop(): void {
    this.#abort?.abort();
    clearTimeout(this.#timer);
    this.#last = undefined;
  }
}
