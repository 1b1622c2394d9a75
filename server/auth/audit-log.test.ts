import { describe, expect, it } from 'vitest';
import { openAuthDb } from './db';
import { insertAudit, queryAudit } from './audit-log';
import type { Principal } from './check-request';

const alice: Principal = { name: 'alice', role: 'admin', via: 'session' };
const pool = (addresses: string[]) => ({
  metadata: { name: 'my-ip-space', namespace: 'metallb-system', managedFields: [{ manager: 'x' }], resourceVersion: '1' },
  spec: { addresses },
});

describe('audit log', () => {
  it('records who, what, before, after and the JSON Patch between them', () => {
    const db = openAuthDb(':memory:');
    const entry = insertAudit(
      db,
      { principal: alice, action: 'update', resource: 'IPAddressPool/metallb-system/my-ip-space', before: pool(['10.0.0.1/32']), after: pool(['10.0.0.1/32', '10.0.0.2/32']) },
      1_700_000_000_000,
    );
    expect(entry).toMatchObject({ actor: 'alice', actorRole: 'admin', via: 'session', action: 'update', at: 1_700_000_000_000 });
    expect(entry.diff).toEqual([{ op: 'add', path: '/spec/addresses/1', value: '10.0.0.2/32' }]);
  });

  it('drops managedFields, which change on every write and say nothing about intent', () => {
    const db = openAuthDb(':memory:');
    const entry = insertAudit(db, { principal: alice, action: 'create', resource: 'r', before: null, after: pool([]) });
    expect((entry.after as { metadata: object }).metadata).not.toHaveProperty('managedFields');
  });

  it('records a create as all-added and a delete as all-removed', () => {
    const db = openAuthDb(':memory:');
    const created = insertAudit(db, { principal: alice, action: 'create', resource: 'r', before: null, after: { spec: { a: 1 } } });
    const deleted = insertAudit(db, { principal: alice, action: 'delete', resource: 'r', before: { spec: { a: 1 } }, after: null });
    expect(created.diff).toEqual([{ op: 'add', path: '/spec', value: { a: 1 } }]);
    expect(deleted.diff).toEqual([{ op: 'remove', path: '/spec' }]);
  });

  it('keeps a huge object as a truncation marker, not the object', () => {
    const db = openAuthDb(':memory:');
    const entry = insertAudit(db, { principal: alice, action: 'create', resource: 'r', before: null, after: { blob: 'x'.repeat(300_000) } });
    expect(entry.after).toEqual({ truncated: true, bytes: expect.any(Number) });
  });

  it('lists newest first, filters, and pages with a cursor', () => {
    const db = openAuthDb(':memory:');
    for (let i = 0; i < 5; i++) {
      insertAudit(db, { principal: i % 2 ? alice : { ...alice, name: 'bob' }, action: 'update', resource: `IPAddressPool/ns/p${i}`, before: {}, after: { i } });
    }
    insertAudit(db, { principal: alice, action: 'create', resource: 'User/carol', before: null, after: {} });
    const first = queryAudit(db, { limit: 4 });
    expect(first.items.map((e) => e.resource)).toEqual(['User/carol', 'IPAddressPool/ns/p4', 'IPAddressPool/ns/p3', 'IPAddressPool/ns/p2']);
    const second = queryAudit(db, { limit: 4, beforeId: first.nextCursor! });
    expect(second.items.map((e) => e.resource)).toEqual(['IPAddressPool/ns/p1', 'IPAddressPool/ns/p0']);
    expect(second.nextCursor).toBeNull();
    expect(queryAudit(db, { actor: 'bob' }).items).toHaveLength(3);
    expect(queryAudit(db, { resource: 'IPAddressPool/' }).items).toHaveLength(5);
    expect(queryAudit(db, { resource: 'IPAddressPool/ns/p_' }).items).toHaveLength(0); // "_" is literal, not a wildcard
    expect(queryAudit(db, { action: 'create' }).items).toHaveLength(1);
  });
});
