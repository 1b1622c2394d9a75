import { describe, expect, it } from 'vitest';
import { checkContinuity, reduceEvents, reduceReplace, reduceServices, staleDetails, type StreamBatch, type Versioned } from './stream';
import { row } from '../views/test-fixtures';
import type { ServiceView } from '../views/types';

const list: Versioned<ServiceView> = {
  epoch: 'e1',
  seq: 5,
  items: [row('a', 'one'), row('a', 'two')],
};

const batch = (seq: number, extra: Partial<StreamBatch> = {}): StreamBatch => ({ epoch: 'e1', seq, ...extra });

describe('reduceServices', () => {
  it('replaces a changed row in place by uid', () => {
    const next = reduceServices(list, batch(6, { services: { upserts: [row('a', 'two', { state: 'announced', node: 'node02' })], deletes: [] } }));
    expect(next?.items.map((r) => [r.name, r.state])).toEqual([
      ['one', 'pending'],
      ['two', 'announced'],
    ]);
    expect(next?.seq).toBe(6);
  });

  it('appends new rows and drops deleted ones', () => {
    const next = reduceServices(list, batch(6, { services: { upserts: [row('b', 'three')], deletes: ['uid-a-one'] } }));
    expect(next?.items.map((r) => r.name)).toEqual(['two', 'three']);
  });

  it('ignores a batch the list already includes', () => {
    const old = batch(5, { services: { upserts: [row('a', 'one', { state: 'conflict' })], deletes: [] } });
    expect(reduceServices(list, old)).toBe(list);
  });

  it('ignores a batch from another worker epoch (the client resyncs instead)', () => {
    const other = { ...batch(9, { services: { upserts: [row('z', 'z')], deletes: [] } }), epoch: 'e2' };
    expect(reduceServices(list, other)).toBe(list);
  });

  it('leaves an unloaded list unloaded', () => {
    expect(reduceServices(undefined, batch(6, { services: { upserts: [row('a', 'one')], deletes: [] } }))).toBeUndefined();
  });

  it('applying the same batch twice gives the same rows', () => {
    const b = batch(6, { services: { upserts: [row('a', 'two', { state: 'announced' })], deletes: [] } });
    const once = reduceServices(list, b);
    const twice = reduceServices({ ...once!, seq: 5 }, b);
    expect(twice?.items).toEqual(once?.items);
  });
});

describe('reduceReplace and reduceEvents', () => {
  it('replaces a small list wholesale', () => {
    expect(reduceReplace({ epoch: 'e1', seq: 1, items: [1] }, [2, 3], batch(2))).toEqual({ epoch: 'e1', seq: 2, items: [2, 3] });
  });

  it('merges events newest first by uid', () => {
    const ev = (uid: string, time: string) => ({ uid, time, type: 'Normal' as const, reason: 'r', message: 'm', object: { kind: 'Service', namespace: 'a', name: 'b' }, count: 1, source: '' });
    const next = reduceEvents({ epoch: 'e1', seq: 1, items: [ev('x', '2024-01-01T00:00:01Z')] }, batch(2, { events: [ev('y', '2024-01-01T00:00:02Z'), ev('x', '2024-01-01T00:00:03Z')] }));
    expect(next?.items.map((e) => e.uid)).toEqual(['x', 'y']);
  });
});

describe('checkContinuity', () => {
  it.each([
    { name: 'first batch applies', last: null, b: { epoch: 'e', seq: 7 }, want: 'apply' },
    { name: 'the next seq applies', last: { epoch: 'e', seq: 7 }, b: { epoch: 'e', seq: 8 }, want: 'apply' },
    { name: 'a gap means batches were lost: resync', last: { epoch: 'e', seq: 7 }, b: { epoch: 'e', seq: 10 }, want: 'resync' },
    { name: 'a new epoch means the worker restarted: resync', last: { epoch: 'e', seq: 7 }, b: { epoch: 'f', seq: 1 }, want: 'resync' },
    { name: 'a repeated batch is stale', last: { epoch: 'e', seq: 7 }, b: { epoch: 'e', seq: 7 }, want: 'stale' },
  ])('$name', ({ last, b, want }) => {
    expect(checkContinuity(last, b)).toBe(want);
  });
});

describe('staleDetails', () => {
  const event = (kind: string, namespace: string, name: string) => ({
    uid: `ev-${name}`,
    time: null,
    type: 'Normal' as const,
    reason: 'IPAllocated',
    message: '',
    object: { kind, namespace, name },
    count: 1,
    source: 'metallb-controller',
  });

  it('a changed row or a service event stales that service page and every pool page', () => {
    const b = batch(6, { services: { upserts: [row('a', 'two')], deletes: [] }, events: [event('Service', 'b', 'web'), event('Node', '', 'node01')] });
    expect(staleDetails(b)).toEqual([
      { queryKey: ['service', 'a', 'two'], exact: true },
      { queryKey: ['service', 'b', 'web'], exact: true },
      { queryKey: ['pool'], exact: false },
    ]);
  });

  it('a batch naming many services stales every service page at once', () => {
    const upserts = Array.from({ length: 51 }, (_, i) => row('a', `s${i}`));
    expect(staleDetails(batch(6, { services: { upserts, deletes: [] } }))).toEqual([
      { queryKey: ['service'], exact: false },
      { queryKey: ['pool'], exact: false },
    ]);
  });

  it('a node change stales every service page (its candidate ranking) but no pool page', () => {
    expect(staleDetails(batch(6, { nodes: [] }))).toEqual([{ queryKey: ['service'], exact: false }]);
  });

  it('an advertisement change stales both kinds of page; an event about a pool stales nothing', () => {
    expect(staleDetails(batch(6, { advertisements: [] }))).toEqual([
      { queryKey: ['service'], exact: false },
      { queryKey: ['pool'], exact: false },
    ]);
    expect(staleDetails(batch(6, { events: [event('IPAddressPool', '', 'p')] }))).toEqual([]);
  });
});
