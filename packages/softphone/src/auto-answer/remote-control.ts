/** Out-of-dialog NOTIFY events the softphone acts on (Genesys `sip-cti-control=talk,hold`). */
export type RemoteControlEvent = 'talk' | 'hold';

/** The longest Genesys call UUID accepted; real ones are 32 characters. */
const MAX_UUID_LENGTH = 128;

/** Validates an `X-Genesys-CallUUID` value: printable token characters only, bounded length. */
export function normalizeCallUuid(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || trimmed.length > MAX_UUID_LENGTH) return undefined;
  return /^[A-Za-z0-9._:@+-]+$/.test(trimmed) ? trimmed : undefined;
}

/** `Event: talk;foo=bar` → 'talk'; anything else we do not act on → undefined. */
export function remoteControlEvent(event: string | undefined | null): RemoteControlEvent | undefined {
  const name = event?.split(';')[0]?.trim().toLowerCase();
  return name === 'talk' || name === 'hold' ? name : undefined;
}
