import type { AmiListResult } from '../ami/client.js';
import type { DnRanges } from './dn-ranges.js';
import type { SyncSnapshot } from './dn-table.js';

/**
 * Builds a reconciliation snapshot from two list replies, with no I/O:
 * `PJSIPShowRegistrationInboundContactStatuses` (`ContactStatusDetail` items carry the AOR; an empty
 * list is a normal empty list, unlike `PJSIPShowContacts`) and `PJSIPShowRegistrationsOutbound`
 * (`OutboundRegistrationDetail`: ObjectName, ClientUri, Status).
 */
export function buildSnapshot(contacts: AmiListResult, registrations: AmiListResult, ranges: DnRanges, template: string): SyncSnapshot {
  const contactMap = new Map<string, Set<string>>();
  for (const item of contacts.items) {
    if (item.event !== 'ContactStatusDetail') continue;
    const aor = item.get('AOR');
    const uri = item.get('URI');
    if (!aor || !uri || !ranges.contains(aor) || item.get('Status') === 'Removed') continue;
    const set = contactMap.get(aor) ?? new Set<string>();
    set.add(uri);
    contactMap.set(aor, set);
  }
  const nameToDn = registrationNameMatcher(template);
  const registrationMap = new Map<string, { clientUri: string; status: string }>();
  for (const item of registrations.items) {
    if (item.event !== 'OutboundRegistrationDetail') continue;
    const dn = nameToDn(item.get('ObjectName') ?? '');
    const clientUri = item.get('ClientUri');
    if (dn === undefined || !clientUri || !ranges.contains(dn)) continue;
    // Status is missing right after `PJSIPUnregister *all` (transcript 02); treat it as unregistered.
    registrationMap.set(dn, { clientUri, status: item.get('Status') || 'Unregistered' });
  }
  return { contacts: contactMap, registrations: registrationMap };
}

/** Reverses the registration name template: `genesys_reg_{dn}` → name → DN. */
export function registrationNameMatcher(template: string): (name: string) => string | undefined {
  const [before, after] = template.split('{dn}') as [string, string];
  const pattern = new RegExp(`^${escape(before)}([0-9]{1,15})${escape(after)}$`);
  return (name) => pattern.exec(name)?.[1];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
