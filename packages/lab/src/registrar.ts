import type { LabConnection } from './transport.js';

/** A softphone's registration, as Asterisk's AOR would hold it. */
export interface Contact {
  readonly dn: string;
  readonly uri: string;
  readonly connection: LabConnection;
  readonly registeredAt: number;
  expiresAt: number;
}

export type ContactChange = { type: 'added' | 'removed'; contact: Contact };

/**
 * Contacts per DN with Asterisk's `max_contacts=1` + `remove_existing=yes` behaviour by default:
 * a page reload's new REGISTER adds the new contact, then removes the old one.
 */
export class Registrar {
  readonly #contacts = new Map<string, Contact[]>();
  readonly #maxContacts: number;
  readonly #onChange: (change: ContactChange) => void;

  constructor(maxContacts: number, onChange: (change: ContactChange) => void) {
    this.#maxContacts = maxContacts;
    this.#onChange = onChange;
  }

  contacts(dn: string, now = performance.now()): Contact[] {
    return (this.#contacts.get(dn) ?? []).filter((c) => c.expiresAt > now && c.connection.open);
  }

  /** Adds or refreshes a binding; `expires` 0 removes it. */
  bind(dn: string, uri: string, connection: LabConnection, expiresSeconds: number, now = performance.now()): void {
    const list = this.#contacts.get(dn) ?? [];
    const existing = list.find((c) => c.uri === uri);
    if (expiresSeconds === 0) {
      if (existing) this.#remove(dn, existing);
      return;
    }
    if (existing) {
      existing.expiresAt = now + expiresSeconds * 1000;
      return;
    }
    const contact: Contact = { dn, uri, connection, registeredAt: now, expiresAt: now + expiresSeconds * 1000 };
    list.push(contact);
    this.#contacts.set(dn, list);
    this.#onChange({ type: 'added', contact });
    while (list.length > this.#maxContacts) {
      const oldest = list[0];
      if (!oldest) break;
      this.#remove(dn, oldest);
    }
  }

  /** Drops every binding made over a closed connection (Asterisk removes WS contacts on close). */
  connectionClosed(connection: LabConnection): void {
    for (const [dn, list] of this.#contacts) {
      for (const contact of list.filter((c) => c.connection === connection)) this.#remove(dn, contact);
    }
  }

  #remove(dn: string, contact: Contact): void {
    const list = this.#contacts.get(dn) ?? [];
    const index = list.indexOf(contact);
    if (index < 0) return;
    list.splice(index, 1);
    this.#onChange({ type: 'removed', contact });
  }
}
