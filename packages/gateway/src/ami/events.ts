import type { AmiMessage } from './message.js';

/**
 * Typed views of the unsolicited events the gateway acts on. Each decoder returns `undefined` for a
 * message that is not that event or lacks a field it needs, so unknown or odd events are ignored, never
 * thrown on.
 */

/** `NonQualified` (Asterisk ≥ 2017) or `Created` (older) when added; `Reachable`/`Unreachable` with qualify. */
export type ContactStatusValue = 'Created' | 'NonQualified' | 'Reachable' | 'Unreachable' | 'Removed' | 'Unknown' | 'Updated';

export interface ContactStatusEvent {
  readonly aor: string;
  readonly uri: string;
  readonly status: string;
  readonly endpointName: string | undefined;
  /** True unless the contact is gone (`Removed`). `Unreachable` is a quality signal, not a removal. */
  readonly present: boolean;
}

export function decodeContactStatus(message: AmiMessage): ContactStatusEvent | undefined {
  if (message.event !== 'ContactStatus') return undefined;
  const aor = message.get('AOR');
  const uri = message.get('URI');
  const status = message.get('ContactStatus');
  if (!aor || !uri || !status) return undefined;
  return { aor, uri, status, endpointName: message.get('EndpointName'), present: status !== 'Removed' };
}

/** Result of a REGISTER sent to Genesys. */
export type RegistryStatus = 'Registered' | 'Unregistered' | 'Rejected' | 'Failed';

export interface RegistryEvent {
  /** The registration's client URI (`sip:5001@host`). Registry events do not name the registration. */
  readonly clientUri: string;
  readonly serverUri: string | undefined;
  readonly status: RegistryStatus;
  readonly cause: string | undefined;
}

const REGISTRY_STATUSES: ReadonlySet<string> = new Set(['Registered', 'Unregistered', 'Rejected', 'Failed']);

export function decodeRegistry(message: AmiMessage): RegistryEvent | undefined {
  if (message.event !== 'Registry' || message.get('ChannelType') !== 'PJSIP') return undefined;
  const clientUri = message.get('Username');
  const status = message.get('Status');
  if (!clientUri || !status || !REGISTRY_STATUSES.has(status)) return undefined;
  return { clientUri, serverUri: message.get('Domain'), status: status as RegistryStatus, cause: message.get('Cause') || undefined };
}

export interface FullyBootedEvent {
  /** Seconds since Asterisk started; small right after a restart. */
  readonly uptime: number | undefined;
  readonly lastReload: number | undefined;
}

export function decodeFullyBooted(message: AmiMessage): FullyBootedEvent | undefined {
  if (message.event !== 'FullyBooted') return undefined;
  return { uptime: toNumber(message.get('Uptime')), lastReload: toNumber(message.get('LastReload')) };
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
