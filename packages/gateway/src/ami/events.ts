import type { AmiMessage } from './message.js';

/**
 * Typed views of the unsolicited events the gateway acts on, and `AMI_EVENT_DECODERS`, the table
 * `AmiClient` reads them through. Each decoder returns `undefined` for a message that is not that
 * event, lacks a field it needs or carries a value it does not know, so odd events are ignored, never
 * thrown on and never guessed at.
 */

/** `NonQualified` (Asterisk ≥ 2017) or `Created` (older) when added; `Reachable`/`Unreachable` with qualify. */
export type ContactStatusValue = 'Created' | 'NonQualified' | 'Reachable' | 'Unreachable' | 'Removed' | 'Unknown' | 'Updated';

/**
 * Whether a contact with this status is there. `Unreachable` is a quality signal, not a removal;
 * `Unknown` is a contact qualify has not checked yet; `Updated` a refreshed registration.
 */
const CONTACT_PRESENT: Readonly<Record<ContactStatusValue, boolean>> = {
  Created: true,
  NonQualified: true,
  Reachable: true,
  Unreachable: true,
  Unknown: true,
  Updated: true,
  Removed: false,
};

/**
 * True or false for the statuses Asterisk sends (`ContactStatus` events and `ContactStatusDetail`
 * items), `undefined` for any other value: callers fail closed, so a value nobody anticipated never
 * makes a DN look online.
 */
export function isContactPresent(status: string): boolean | undefined {
  return Object.hasOwn(CONTACT_PRESENT, status) ? CONTACT_PRESENT[status as ContactStatusValue] : undefined;
}

export interface ContactStatusEvent {
  readonly aor: string;
  readonly uri: string;
  readonly status: ContactStatusValue;
  readonly endpointName: string | undefined;
  /** True unless the contact is gone (`Removed`). */
  readonly present: boolean;
}

export function decodeContactStatus(message: AmiMessage): ContactStatusEvent | undefined {
  if (message.event !== 'ContactStatus') return undefined;
  const aor = message.get('AOR');
  const uri = message.get('URI');
  const status = message.get('ContactStatus') ?? '';
  const present = isContactPresent(status);
  if (!aor || !uri || present === undefined) return undefined;
  return { aor, uri, status: status as ContactStatusValue, endpointName: message.get('EndpointName'), present };
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

/**
 * The events `AmiClient` decodes: AMI `Event:` name → the typed client event it becomes and its
 * decoder. Another event the gateway needs is one more row here (and its decoder above).
 */
export const AMI_EVENT_DECODERS = {
  ContactStatus: { emits: 'contactStatus', decode: decodeContactStatus },
  Registry: { emits: 'registry', decode: decodeRegistry },
  FullyBooted: { emits: 'fullyBooted', decode: decodeFullyBooted },
} as const;

type Decoders = typeof AMI_EVENT_DECODERS;

/** One typed `AmiClient` event per row of `AMI_EVENT_DECODERS`: `contactStatus`, `registry`, `fullyBooted`. */
export type DecodedAmiEvents = { [K in keyof Decoders as Decoders[K]['emits']]: NonNullable<ReturnType<Decoders[K]['decode']>> };

/** The decoder row for an AMI event name, if the gateway decodes that event. */
export function amiEventDecoder(event: string | undefined): Decoders[keyof Decoders] | undefined {
  return event !== undefined && Object.hasOwn(AMI_EVENT_DECODERS, event) ? AMI_EVENT_DECODERS[event as keyof Decoders] : undefined;
}
