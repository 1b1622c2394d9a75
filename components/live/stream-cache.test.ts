// StreamCache against a real TanStack QueryClient: the races a page can lose against the stream.
import { dehydrate, hydrate, QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryKeys, type ServiceView, type StreamBatch, type StreamPosition, type Versioned } from '@/lib/views';
import { row } from '@/lib/views/test-fixtures';
import { createBrowserQueryClient } from '../data/query-client';
import { StreamCache } from './stream-cache';

type PoolAnswer = StreamPosition & { node: string | null };
const POOL = queryKeys.pool('e2e-pool');

let qc: QueryClient;
let cache: StreamCache;
const stops: (() => void)[] = [];

beforeEach(() => {
  qc = createBrowserQueryClient();
  cache = new StreamCache(qc);
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cache.stop();
  qc.clear();
});

async function until(ok: () => boolean, timeoutMs = 200): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end && !ok(); ) await new Promise((r) => setTimeout(r, 1));
  if (!ok()) throw new Error('condition not reached');
}
const settle = () => new Promise((r) => setTimeout(r, 20));

/** A mounted page reading `key`, whose fetches the test answers one at a time, like a slow server. */
function mountPage<T>(key: QueryKey) {
  const pending: ((a: T) => void)[] = [];
  const observer = new QueryObserver<T>(qc, { queryKey: key, queryFn: () => new Promise<T>((resolve) => pending.push(resolve)) });
  /** What the page rendered, each distinct answer once, in order. */
  const shown: T[] = [];
  let last: T | undefined;
  const render = (data: T | undefined) => {
    if (data !== undefined && data !== last) shown.push(data);
    last = data;
  };
  stops.push(observer.subscribe((r) => render(r.data)));
  render(observer.getCurrentResult().data);
  const answer = async (a: T) => {
    await until(() => pending.length > 0);
    pending.shift()!(a);
    await until(() => qc.getQueryState(key)?.fetchStatus === 'idle' || pending.length > 0);
  };
  return { answer, shown, inFlight: () => pending.length };
}

/** What a server page's prefetch hands the browser (app/_lib/prefetch.tsx): `data` as of when it was built. */
function hydrateFromServer(key: QueryKey, data: unknown): void {
  const server = new QueryClient();
  server.setQueryData(key, data);
  hydrate(qc, dehydrate(server));
}

const serviceBatch = (seq: number, upserts: ServiceView[] = []): StreamBatch => ({ epoch: 'e1', seq, services: { upserts, deletes: [] } });

describe('StreamCache: detail pages', () => {
  it('refetches a page whose first load was in flight when a batch changed it', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    const page = mountPage<PoolAnswer>(POOL);
    await until(() => page.inFlight() === 1);
    cache.batch(serviceBatch(7)); // the node is elected while the page loads
    await page.answer({ epoch: 'e1', seq: 6, node: null }); // built before batch 7
    await page.answer({ epoch: 'e1', seq: 7, node: 'node01' });
    expect(page.shown.map((a) => a.node)).toEqual([null, 'node01']);
  });

  it('refetches a touched page once, not again when the answer includes the batch', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    const page = mountPage<PoolAnswer>(POOL);
    await page.answer({ epoch: 'e1', seq: 6, node: null });
    cache.batch(serviceBatch(7));
    await page.answer({ epoch: 'e1', seq: 7, node: 'node01' });
    await settle();
    expect(page.inFlight()).toBe(0);
    expect(page.shown.map((a) => a.node)).toEqual([null, 'node01']);
  });

  it('leaves a page alone when no batch touches it', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    const page = mountPage<PoolAnswer>(POOL);
    await page.answer({ epoch: 'e1', seq: 6, node: null });
    cache.batch({ epoch: 'e1', seq: 7, nodes: [] }); // node changes concern service pages, not pools
    await settle();
    expect(page.inFlight()).toBe(0);
  });

  it('refetches a server-prefetched page built before a batch the browser already applied', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    cache.batch(serviceBatch(7));
    hydrateFromServer(POOL, { epoch: 'e1', seq: 6, node: null });
    const page = mountPage<PoolAnswer>(POOL);
    await page.answer({ epoch: 'e1', seq: 7, node: 'node01' });
    expect(page.shown.at(-1)?.node).toBe('node01');
  });

  it('does not refetch a server-prefetched page that already includes the batches the stream opens with', async () => {
    hydrateFromServer(POOL, { epoch: 'e1', seq: 7, node: 'node01' });
    const page = mountPage<PoolAnswer>(POOL);
    for (const seq of [5, 6, 7]) cache.batch(serviceBatch(seq), true);
    cache.hello({ epoch: 'e1', seq: 7 });
    await settle();
    expect(page.inFlight()).toBe(0);
  });

  it('refetches a history timeline whose first load was in flight when a batch brought new entries', async () => {
    type HistoryAnswer = StreamPosition & { entries: string[] };
    const key = queryKeys.serviceHistory('ingress-nginx', 'ingress-nginx-controller');
    cache.hello({ epoch: 'e1', seq: 6 });
    const page = mountPage<HistoryAnswer>(key);
    await until(() => page.inFlight() === 1);
    // The first announcer is recorded while the timeline loads: its entry rides on batch 7.
    cache.batch({ epoch: 'e1', seq: 7, history: [{ kind: 'announcerChanged' } as never] });
    await page.answer({ epoch: 'e1', seq: 6, entries: ['ipAssigned'] }); // read before batch 7
    await page.answer({ epoch: 'e1', seq: 7, entries: ['announcerChanged', 'ipAssigned'] });
    expect(page.shown.map((a) => a.entries.length)).toEqual([1, 2]);
  });

  it('refetches what the page rendered with when the stream connects further on', async () => {
    hydrateFromServer(POOL, { epoch: 'e1', seq: 6, node: null });
    const page = mountPage<PoolAnswer>(POOL);
    await settle();
    expect(page.inFlight()).toBe(0); // fresh server data: no fetch of its own
    cache.hello({ epoch: 'e1', seq: 9 });
    await page.answer({ epoch: 'e1', seq: 9, node: 'node01' });
    expect(page.shown.map((a) => a.node)).toEqual([null, 'node01']);
  });
});

describe('StreamCache: summaries', () => {
  it('refetches an overview that lands behind a flowing stream at most once a second, not back to back', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    const page = mountPage<StreamPosition>(queryKeys.overview);
    await page.answer({ epoch: 'e1', seq: 6 });
    cache.batch({ epoch: 'e1', seq: 7, events: [] });
    cache.batch({ epoch: 'e1', seq: 8, events: [] });
    void qc.invalidateQueries({ queryKey: queryKeys.overview }); // as the once-a-second refresh does
    await page.answer({ epoch: 'e1', seq: 7 }); // built while batch 8 was on its way
    await settle();
    expect(page.inFlight()).toBe(0);
    await until(() => page.inFlight() === 1, 1_500); // the next refresh, a second after batch 7
  });
});

describe('StreamCache: lists', () => {
  const webList = (seq: number): Versioned<ServiceView> => ({ epoch: 'e1', seq, items: [row('default', 'web')] });
  const announced = row('default', 'web', { state: 'announced', node: 'node02' });
  const rowsShown = (page: { shown: Versioned<ServiceView>[] }) => page.shown.at(-1)?.items.map((r) => [r.name, r.state, r.node]);

  it('replays the batches a server-prefetched list missed instead of refetching it', async () => {
    cache.hello({ epoch: 'e1', seq: 6 });
    cache.batch(serviceBatch(7, [announced]));
    hydrateFromServer(queryKeys.services, webList(6));
    const page = mountPage<Versioned<ServiceView>>(queryKeys.services);
    await settle();
    expect(page.inFlight()).toBe(0);
    expect(rowsShown(page)).toEqual([['web', 'announced', 'node02']]);
  });

  it('catches up a list loaded before the stream connected from the batches the stream opens with', async () => {
    const page = mountPage<Versioned<ServiceView>>(queryKeys.services);
    await page.answer(webList(6)); // the list the browser preloaded while parsing the page
    cache.batch(serviceBatch(5), true); // the stream opens with its recent batches...
    cache.batch(serviceBatch(6), true);
    cache.batch(serviceBatch(7, [announced]), true);
    cache.hello({ epoch: 'e1', seq: 7 }); // ...then says where it stands
    await settle();
    expect(page.inFlight()).toBe(0);
    expect(rowsShown(page)).toEqual([['web', 'announced', 'node02']]);
  });

  it('fetches again a list older than every batch received, and never patches it across the gap', async () => {
    const page = mountPage<Versioned<ServiceView>>(queryKeys.services);
    await page.answer(webList(3));
    cache.batch(serviceBatch(6), true); // 4 and 5 are not among the recent ones
    cache.batch(serviceBatch(7, [row('default', 'web', { state: 'conflict' })]), true);
    expect(rowsShown(page)).toEqual([['web', 'pending', null]]);
    cache.hello({ epoch: 'e1', seq: 7 });
    await page.answer({ ...webList(7), items: [announced] });
    expect(rowsShown(page)).toEqual([['web', 'announced', 'node02']]);
  });
});
