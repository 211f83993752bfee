import { expect } from 'chai';
import { Registrar } from '../src/registrar.js';
import type { ContactChange } from '../src/registrar.js';

const connection = (id: number) => ({ id, open: true });

describe('Registrar', () => {
  it('replaces the oldest contact on a new registration (max_contacts=1, remove_existing)', () => {
    const changes: string[] = [];
    const registrar = new Registrar(1, (c: ContactChange) => changes.push(`${c.type} ${c.contact.uri}`));
    registrar.bind('5001', 'sip:a@x', connection(1), 300, 0);
    registrar.bind('5001', 'sip:b@x', connection(2), 300, 0);
    expect(changes).to.deep.equal(['added sip:a@x', 'added sip:b@x', 'removed sip:a@x']);
    expect(registrar.contacts('5001', 1).map((c) => c.uri)).to.deep.equal(['sip:b@x']);
  });

  it('refreshes, expires, unbinds with expires=0 and drops contacts of a closed connection', () => {
    const registrar = new Registrar(5, () => {});
    const conn = connection(1);
    registrar.bind('5001', 'sip:a@x', conn, 60, 0);
    registrar.bind('5001', 'sip:a@x', conn, 120, 30_000);
    expect(registrar.contacts('5001', 100_000)).to.have.length(1);
    expect(registrar.contacts('5001', 200_000)).to.have.length(0);
    registrar.bind('5001', 'sip:b@x', conn, 60, 0);
    registrar.bind('5001', 'sip:b@x', conn, 0, 1);
    expect(registrar.contacts('5001', 2).map((c) => c.uri)).to.deep.equal(['sip:a@x']);
    registrar.connectionClosed(conn);
    expect(registrar.contacts('5001', 2)).to.have.length(0);
  });
});
