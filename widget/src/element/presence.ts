// Genesys-side state of the agent's DN, read from the gateway's HTTP API (`GET /api/dns/:dn`).
import type { PresenceState } from '../state.js';

const KNOWN: ReadonlySet<string> = new Set<PresenceState>(['registered', 'unregistered', 'registering']);

/** Reads the DN's Genesys registration; `unreachable` when the gateway cannot be asked. */
export async function fetchPresence(gatewayUrl: string, dn: string, signal?: AbortSignal): Promise<PresenceState> {
  let url: URL;
  try {
    url = new URL(`api/dns/${encodeURIComponent(dn)}`, gatewayUrl.endsWith('/') ? gatewayUrl : `${gatewayUrl}/`);
  } catch {
    return 'unreachable';
  }
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/json' }, credentials: 'include' });
    if (!response.ok) return response.status === 404 ? 'unregistered' : 'unreachable';
    return presenceFrom(await response.json());
  } catch {
    return 'unreachable';
  }
}

/** Accepts `{ genesys: { state } }`, `{ genesys: 'registered' }` or `{ genesysState }`. */
export function presenceFrom(body: unknown): PresenceState {
  if (typeof body !== 'object' || body === null) return 'unknown';
  const record = body as Record<string, unknown>;
  const genesys = record['genesys'];
  const state =
    typeof genesys === 'string'
      ? genesys
      : typeof genesys === 'object' && genesys !== null
        ? (genesys as Record<string, unknown>)['state']
        : record['genesysState'];
  return typeof state === 'string' && KNOWN.has(state) ? (state as PresenceState) : 'unknown';
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

  start(gatewayUrl: string, dn: string): void {
    this.stop();
    const abort = (this.#abort = new AbortController());
    const poll = async () => {
      const state = await fetchPresence(gatewayUrl, dn, abort.signal);
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
