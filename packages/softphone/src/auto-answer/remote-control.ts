/** Out-of-dialog NOTIFY events the softphone acts on (Genesys `sip-cti-control=talk,hold`). */
export type RemoteControlEvent = 'talk' | 'hold';

/** `Event: talk;foo=bar` → 'talk'; anything else we do not act on → undefined. */
export function remoteControlEvent(event: string | undefined | null): RemoteControlEvent | undefined {
  const name = event?.split(';')[0]?.trim().toLowerCase();
  return name === 'talk' || name === 'hold' ? name : undefined;
}
