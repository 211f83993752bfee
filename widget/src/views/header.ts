import { html, nothing } from 'lit';
import type { ConnectionState, PresenceState } from '../state.js';

type Tone = 'ok' | 'busy' | 'bad' | 'idle';

const CONNECTION: Record<ConnectionState, [label: string, tone: Tone]> = {
  disconnected: ['Offline', 'idle'],
  connecting: ['Connecting…', 'busy'],
  registered: ['Ready', 'ok'],
  reconnecting: ['Reconnecting…', 'busy'],
  failed: ['Not connected', 'bad'],
};

const PRESENCE: Record<PresenceState, [label: string, tone: Tone]> = {
  unknown: ['Genesys: checking', 'idle'],
  registered: ['Genesys: in service', 'ok'],
  registering: ['Genesys: registering', 'busy'],
  unregistered: ['Genesys: out of service', 'bad'],
  unreachable: ['Genesys: no status', 'idle'],
};

export interface HeaderProps {
  dn: string;
  displayName: string;
  connection: ConnectionState;
  /** Another tab of this browser registers the DN. */
  standingBy?: boolean;
  /** Shown only when a gateway URL is configured. */
  presence: PresenceState | null;
}

export function renderHeader({ dn, displayName, connection, standingBy = false, presence }: HeaderProps) {
  const [label, tone] = standingBy ? (['In another tab', 'idle'] as const) : CONNECTION[connection];
  const title = dn ? `DN ${dn}` : 'Softphone';
  return html`<header part="header">
    <div class="identity">
      <strong>${displayName || title}</strong>
      <span>${displayName && dn ? title : 'WebRTC softphone'}</span>
    </div>
    <div class="pills">
      <span class="pill" part="status" data-tone=${tone} data-state=${standingBy ? 'standby' : connection}>
        <span class="visually-hidden">Connection:</span>${label}
      </span>
      ${presence ? html`<span class="pill small" part="presence" data-tone=${PRESENCE[presence][1]}>${PRESENCE[presence][0]}</span>` : nothing}
    </div>
  </header>`;
}
