import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnRanges } from '../../src/registration-sync/dn-ranges.js';
import { DnTable, type SyncSnapshot } from '../../src/registration-sync/dn-table.js';
import type { SyncCommand } from '../../src/registration-sync/dn-state.js';
import type { ContactStatusEvent, RegistryEvent } from '../../src/ami/events.js';

const OPTIONS = { unregisterDebounceMs: 1_000, confirmTimeoutMs: 5_000, retryBackoff: { initialDelayMs: 1_000, maxDelayMs: 8_000, multiplier: 2, jitter: 0 } };

function table(spec = '5001-5005') {
  return new DnTable(DnRanges.parse(spec), OPTIONS, {}, () => 0.5);
}
const added = (aor: string, uri = `sip:${aor}@127.0.0.1:40000;transport=ws`): ContactStatusEvent => ({ aor, uri, status: 'NonQualified', endpointName: aor, present: true });
const removed = (aor: string, uri = `sip:${aor}@127.0.0.1:40000;transport=ws`): ContactStatusEvent => ({ ...added(aor, uri), status: 'Removed', present: false });
const registry = (dn: string, status: RegistryEvent['status'], cause?: string): RegistryEvent => ({ clientUri: `sip:${dn}@127.0.0.1`, serverUri: 'sip:genesys', status, cause });
function drain(t: DnTable, now: number): SyncCommand[] {
  const out: SyncCommand[] = [];
  for (let c = t.next(now); c; c = t.next(now)) out.push(c);
  return out;
}
const kinds = (commands: SyncCommand[]) => commands.map((c) => `${c.kind} ${c.dn}`);

test('registers on the first contact and counts it only when Registry says Registered', () => {
  const t = table();
  t.contact(added('5001'), 0);
  const [command] = drain(t, 1);
  assert.deepEqual(command, { kind: 'register', dn: '5001', causedAt: 0, attempt: 1 });
  assert.equal(t.status('5001')?.genesys, 'registering');
  t.registry(registry('5001', 'Unregistered'), 2); // PJSIPRegister's unregister-first step
  assert.equal(t.status('5001')?.genesys, 'registering');
  t.registry(registry('5001', 'Registered'), 1_000);
  assert.equal(t.status('5001')?.genesys, 'registered');
  assert.equal(t.status('5001')?.attempts, 0);
});

test('a page reload (new contact added, then the old one removed) sends nothing', () => {
  const t = table();
  t.contact(added('5001', 'sip:5001@a;transport=ws'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 10);
  t.contact(added('5001', 'sip:5001@b;transport=ws'), 20);
  t.contact(removed('5001', 'sip:5001@a;transport=ws'), 21);
  t.tick(10_000);
  assert.deepEqual(drain(t, 10_000), []);
  assert.deepEqual(t.status('5001')?.contacts, ['sip:5001@b;transport=ws']);
});

test('unregisters after the debounce when the last contact goes, not before', () => {
  const t = table();
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 10);
  t.contact(removed('5001'), 100);
  t.tick(1_099);
  assert.deepEqual(drain(t, 1_099), []);
  t.tick(1_100);
  assert.deepEqual(kinds(drain(t, 1_100)), ['unregister 5001']);
  t.registry(registry('5001', 'Unregistered'), 1_110);
  assert.equal(t.status('5001')?.genesys, 'unregistered');
  assert.equal(t.status('5001')?.desired, 'unregistered');
});

test('a contact that comes back within the debounce cancels the unregister', () => {
  const t = table();
  t.contact(added('5001', 'a'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 10);
  t.contact(removed('5001', 'a'), 100);
  t.contact(added('5001', 'b'), 600);
  t.tick(5_000);
  assert.deepEqual(drain(t, 5_000), []);
  assert.equal(t.status('5001')?.genesys, 'registered');
});

test('Unreachable is a quality signal, not a removal; a refresh changes nothing', () => {
  const t = table();
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 1);
  t.contact({ ...added('5001'), status: 'Unreachable' }, 5);
  t.contact({ ...added('5001'), status: 'Reachable' }, 6);
  t.contact(added('5001'), 7);
  t.tick(10_000);
  assert.equal(t.hasBrowser('5001'), true);
  assert.deepEqual(drain(t, 10_000), []);
});

test('a silently lost register is retried with backoff until Registered arrives', () => {
  const t = table();
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Unregistered'), 1); // and then nothing: the REGISTER was never sent
  t.tick(4_999);
  assert.deepEqual(drain(t, 4_999), []);
  t.tick(5_000); // not confirmed: retry in 1 s (backoff attempt 1, no jitter)
  assert.equal(t.status('5001')?.lastError?.code, 'REGISTRATION_NOT_CONFIRMED');
  t.tick(5_999);
  assert.deepEqual(drain(t, 5_999), []);
  t.tick(6_000);
  const [retry] = drain(t, 6_000);
  assert.deepEqual(retry, { kind: 'register', dn: '5001', causedAt: 6_000, attempt: 2 });
  t.tick(11_000); // lost again: next retry after 2 s
  t.tick(12_999);
  assert.deepEqual(drain(t, 12_999), []);
  t.tick(13_000);
  assert.equal(drain(t, 13_000)[0]?.attempt, 3);
  t.registry(registry('5001', 'Registered'), 14_000);
  assert.equal(t.status('5001')?.genesys, 'registered');
  assert.equal(t.status('5001')?.lastError, undefined);
  assert.equal(t.status('5001')?.attempts, 0);
});

test('Rejected and Failed surface per DN with the cause, and are retried', () => {
  const t = table();
  t.contact(added('5002'), 0);
  drain(t, 0);
  t.registry(registry('5002', 'Rejected', '403 Forbidden'), 50);
  const status = t.status('5002');
  assert.equal(status?.genesys, 'rejected');
  assert.equal(status?.lastError?.code, 'REGISTRATION_REJECTED');
  assert.match(status?.lastError?.message ?? '', /403 Forbidden/);
  t.tick(1_050);
  assert.deepEqual(kinds(drain(t, 1_050)), ['register 5002']);
  t.registry(registry('5002', 'Failed'), 2_000);
  assert.equal(t.status('5002')?.lastError?.code, 'REGISTRATION_FAILED');
});

test('a Registered for a DN without a browser (Asterisk registering at load) is undone', () => {
  const t = table();
  t.registry(registry('5003', 'Registered'), 0);
  assert.deepEqual(kinds(drain(t, 0)), ['unregister 5003']);
});

test('an Unregistered for a confirmed DN with a browser re-registers it', () => {
  const t = table();
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 10);
  t.registry(registry('5001', 'Unregistered'), 20);
  t.tick(1_020);
  assert.deepEqual(kinds(drain(t, 1_020)), ['register 5001']);
});

test('an action refused by Asterisk is recorded and retried while the DN still wants it', () => {
  const t = table();
  t.contact(added('5001'), 0);
  const [command] = drain(t, 0);
  t.actionFailed(command!, 'Unable to retrieve registration entry', 5);
  assert.equal(t.status('5001')?.genesys, 'failed');
  assert.equal(t.status('5001')?.lastError?.code, 'ACTION_FAILED');
  t.tick(1_005);
  assert.deepEqual(kinds(drain(t, 1_005)), ['register 5001']);
});

test('DNs outside the ranges and hostile AORs are ignored', () => {
  const t = table();
  assert.equal(t.contact(added('9999'), 0), false);
  assert.equal(t.contact(added('5001\r\n\r\nAction: Command'), 0), false);
  assert.equal(t.registry({ ...registry('5001', 'Registered'), clientUri: 'sip:5001\r\nX@h' }, 0), false);
  assert.deepEqual(drain(t, 0), []);
});

test('unregisters go out before registers', () => {
  const t = table();
  t.contact(added('5001'), 0);
  t.contact(added('5002'), 0);
  t.registry(registry('5003', 'Registered'), 0);
  assert.deepEqual(kinds(drain(t, 0)), ['unregister 5003', 'register 5001', 'register 5002']);
});

function snapshot(contacts: Record<string, string[]>, registrations: Record<string, string>): SyncSnapshot {
  return {
    contacts: new Map(Object.entries(contacts).map(([dn, uris]) => [dn, new Set(uris)])),
    registrations: new Map(Object.entries(registrations).map(([dn, status]) => [dn, { clientUri: `sip:${dn}@10.0.0.1`, status }])),
  };
}

test('reconciliation acts only where Asterisk disagrees with the browsers', () => {
  const t = table();
  t.reconcile(snapshot({ '5001': ['a'], '5002': ['b'] }, { '5001': 'Registered', '5002': 'Unregistered', '5003': 'Registered', '5004': 'Unregistered' }), false, 0);
  assert.deepEqual(kinds(drain(t, 0)), ['unregister 5003', 'register 5002']);
  assert.equal(t.status('5001')?.genesys, 'registered');
  assert.equal(t.status('5004')?.genesys, 'unregistered');
  assert.equal(t.status('5005')?.lastError?.code, 'REGISTRATION_MISSING');
  // The client URI learnt from the list maps later Registry events.
  t.registry({ clientUri: 'sip:5002@10.0.0.1', serverUri: undefined, status: 'Registered', cause: undefined }, 10);
  assert.equal(t.status('5002')?.genesys, 'registered');
});

test('after an Asterisk restart every DN without a browser is unregistered, whatever the list says', () => {
  const t = table('5001-5004');
  t.reconcile(snapshot({ '5001': ['a'] }, { '5001': 'Unregistered', '5002': 'Unregistered', '5003': 'Unregistered', '5004': 'Registered' }), true, 0);
  assert.deepEqual(kinds(drain(t, 0)), ['unregister 5002', 'unregister 5003', 'unregister 5004', 'register 5001']);
});

test('a DN with a browser that Asterisk lists as Registered is left alone, also right after an Asterisk start', () => {
  // A gateway restarted within a minute of Asterisk's start sees a small Uptime: it must not re-register
  // online agents (PJSIPRegister un-REGISTERs first, which Genesys would see).
  const t = table('5001-5002');
  t.reconcile(snapshot({ '5001': ['a'], '5002': ['b'] }, { '5001': 'Registered', '5002': 'Unregistered' }), true, 0);
  assert.deepEqual(kinds(drain(t, 0)), ['register 5002']);
  assert.equal(t.status('5001')?.genesys, 'registered');
});

test('reconciliation replaces stale contacts and cancels stale timers', () => {
  const t = table();
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.contact(removed('5001'), 10); // debounce pending
  t.reconcile(snapshot({ '5001': ['new'] }, { '5001': 'Registered' }), false, 20);
  t.tick(10_000);
  assert.deepEqual(drain(t, 10_000), []);
  assert.deepEqual(t.status('5001')?.contacts, ['new']);
});

test('change hook reports every public change', () => {
  const seen: string[] = [];
  const t = new DnTable(DnRanges.parse('5001'), OPTIONS, { onChange: (s) => seen.push(`${s.dn}:${s.genesys}:${s.browser}`) });
  t.contact(added('5001'), 0);
  drain(t, 0);
  t.registry(registry('5001', 'Registered'), 1);
  assert.deepEqual(seen, ['5001:registering:true', '5001:registering:true', '5001:registered:true']);
});
