import { isContactPresent } from '../ami/events.js';
import type { AmiMessage } from '../ami/message.js';
import type { DnRanges } from './dn-ranges.js';
import type { SyncSnapshot } from './dn-table.js';
import type { RegistrationNames } from './registration-names.js';

/**
 * Builds a reconciliation snapshot from the items of two list replies, as they arrive, with no I/O:
 * `PJSIPShowRegistrationInboundContactStatuses` (`ContactStatusDetail` items carry the AOR; an empty
 * list is a normal empty list, unlike `PJSIPShowContacts`) and `PJSIPShowRegistrationsOutbound`
 * (`OutboundRegistrationDetail`: ObjectName, ClientUri, Status).
 */
export class SnapshotBuilder {
  readonly #contacts = new Map<string, Set<string>>();
  readonly #registrations = new Map<string, { clientUri: string; status: string }>();
  constructor(
    private readonly ranges: DnRanges,
    private readonly names: RegistrationNames,
  ) {}

  /** A `ContactStatusDetail` item. */
  addContact(item: AmiMessage): void {
    if (item.event !== 'ContactStatusDetail') return;
    const aor = item.get('AOR');
    const uri = item.get('URI');
    // Fail closed: only a status known to mean "there" counts as a browser.
    if (!aor || !uri || !this.ranges.contains(aor) || isContactPresent(item.get('Status') ?? '') !== true) return;
    const set = this.#contacts.get(aor) ?? new Set<string>();
    set.add(uri);
    this.#contacts.set(aor, set);
  }

  /** An `OutboundRegistrationDetail` item. */
  addRegistration(item: AmiMessage): void {
    if (item.event !== 'OutboundRegistrationDetail') return;
    const dn = this.names.dnOfName(item.get('ObjectName') ?? '');
    const clientUri = item.get('ClientUri');
    if (dn === undefined || !clientUri || !this.ranges.contains(dn)) return;
    // Status is missing right after `PJSIPUnregister *all` (transcript 02); treat it as unregistered.
    this.#registrations.set(dn, { clientUri, status: item.get('Status') || 'Unregistered' });
  }

  build(): SyncSnapshot {
    return { contacts: this.#contacts, registrations: this.#registrations };
  }
}
