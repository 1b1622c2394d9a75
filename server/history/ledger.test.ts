import { describe, expect, it } from 'vitest';
import { FLAPPING_SQL, Ledger, type NewEntry } from './ledger';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const open = (retention = { maxAgeMs: 90 * 86_400_000, maxEntries: 1_000_000 }) => Ledger.open(':memory:', retention);
const entry = (at: number, over: Partial<NewEntry> = {}): NewEntry => ({
  at,
  kind: 'announcerChanged',
  service: 'shop/web',
  ip: '10.20.13.15',
  pool: 'my-ip-space',
  node: 'node02',
  previousNode: 'node01',
  cause: 'excluded',
  detail: 'node node01 was excluded',
  by: null,
  resourceVersion: '4711',
  inferred: false,
  ...over,
});

describe('Ledger', () => {
  it('answers a service, an IP and a node newest first, with the range and the limit applied', () => {
    const l = open();
    l.write({ now: T0, entries: [entry(T0, { kind: 'ipAssigned', node: null, previousNode: null, cause: null, by: 'controller' }), entry(T0 + 1000), entry(T0 + 2000, { node: 'node03', previousNode: 'node02', cause: 'nodeGone' })] });
    l.write({ now: T0, entries: [entry(T0 + 3000, { service: 'shop/api', ip: '10.20.13.16', node: 'node01', previousNode: 'node03', cause: 'gracefulHandover' })] });
    const svc = l.byService('shop/web', { limit: 10 });
    expect(svc.map((e) => [e.kind, e.node, e.cause])).toEqual([
      ['announcerChanged', 'node03', 'nodeGone'],
      ['announcerChanged', 'node02', 'excluded'],
      ['ipAssigned', null, null],
    ]);
    expect(svc[2]).toMatchObject({ at: new Date(T0).toISOString(), by: 'controller', resourceVersion: '4711', inferred: false });
    expect(l.byService('shop/web', { limit: 1, since: T0 + 500, until: T0 + 1500 }).map((e) => e.at)).toEqual([new Date(T0 + 1000).toISOString()]);
    expect(l.byIP('10.20.13.16', { limit: 10 })).toHaveLength(1);
    expect(l.byNode('node03', { limit: 10 }).map((e) => e.service)).toEqual(['shop/api', 'shop/web']);
    expect(l.range({ limit: 2 }).map((e) => e.service)).toEqual(['shop/api', 'shop/web']);
    expect(l.knows('service', 'shop/nope')).toBe(false);
  });

  it('keeps entries of one millisecond apart and files a past (inferred) entry at its own time', () => {
    const l = open();
    l.write({ now: T0, entries: [entry(T0), entry(T0), entry(T0 + 5)] });
    l.write({ now: T0, entries: [entry(T0 - 60_000, { inferred: true }), entry(T0, { inferred: true })] });
    const all = l.range({ limit: 10 });
    expect(all).toHaveLength(5);
    expect(all.at(-1)).toMatchObject({ at: new Date(T0 - 60_000).toISOString(), inferred: true });
    expect(all.filter((e) => e.at === new Date(T0).toISOString())).toHaveLength(3);
  });

  it('remembers the services and pools it last saw across a reopen of the file', () => {
    const l = open();
    const tracked = { key: 'shop/web', uid: 'u', ips: ['10.20.13.15'], pool: 'p', node: 'node01', state: 'announced', reasonCode: 'announced', reason: '', ipsAnnounced: true };
    l.write({ now: T0, entries: [], services: { upsert: [tracked], remove: [] }, pools: { upsert: [['p', { addresses: ['10.20.13.15/32'], autoAssign: true, avoidBuggyIPs: false, allocation: '' }]], remove: [] } });
    expect(l.loadServices().get('shop/web')).toEqual(tracked);
    expect([...l.loadPools().keys()]).toEqual(['p']);
    expect(l.lastSeen()).toBe(T0);
  });

  it('prunes by count and by age, oldest first, in steps', () => {
    const l = open({ maxAgeMs: 3_600_000, maxEntries: 1000 });
    l.write({ now: T0, entries: Array.from({ length: 1500 }, (_, i) => entry(T0 + i)) });
    while (l.pruneStep(T0)) {
      /* steps until done */
    }
    expect(l.size()).toBe(1000);
    expect(l.range({ limit: 1, until: T0 + 499 })).toEqual([]);
    l.pruneStep(T0 + 3_600_000 + 1200);
    expect(l.size()).toBe(300);
    expect(l.range({ limit: 10_000 })).toHaveLength(300);
  });

  it('flags services that changed more than the threshold in the window', () => {
    const l = open();
    l.write({ now: T0, entries: [...Array.from({ length: 5 }, (_, i) => entry(T0 + i * 1000)), entry(T0, { service: 'shop/api' }), entry(T0, { service: 'shop/new', cause: null })] });
    expect(l.flapping(T0 - 1, 3, 10)).toEqual([{ service: 'shop/web', changes: 5, announcerChanges: 5, ipChanges: 0, lastAt: new Date(T0 + 4000).toISOString() }]);
  });

  it('reads every query as one range: an index range, or the rowid range of the window', () => {
    const l = open();
    const plan = (sql: string, ...args: number[]) => (l.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan('SELECT * FROM entries WHERE service = 1 AND id >= 0 AND id < 9 ORDER BY id DESC LIMIT 5')).toMatch(/USING INDEX entries_service \(service=\? AND rowid>\? AND rowid<\?\)/);
    expect(plan('SELECT * FROM entries WHERE kind = 2 AND prev_node = 1 AND id >= 0 AND id < 9 ORDER BY id DESC LIMIT 5')).toMatch(/entries_prev_node/);
    expect(plan(FLAPPING_SQL, 0, 3, 20)).toMatch(/SCAN entries USING INTEGER PRIMARY KEY \(rowid>\?\)|SEARCH entries USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });

  it('samples utilisation once a minute and carries the level into a range', () => {
    const l = open();
    l.sample([{ pool: 'p', at: T0, used: 1, size: 6 }]);
    l.sample([{ pool: 'p', at: T0 + 10_000, used: 2, size: 6 }]);
    l.sample([{ pool: 'p', at: T0 + 120_000, used: 3, size: 6 }]);
    expect(l.usage('p', T0, T0 + 600_000)).toEqual([
      { at: T0, used: 2, size: 6 },
      { at: T0 + 120_000, used: 3, size: 6 },
    ]);
    expect(l.usage('p', T0 + 60_000, T0 + 600_000)[0]).toEqual({ at: T0 + 60_000, used: 2, size: 6 });
  });
});
