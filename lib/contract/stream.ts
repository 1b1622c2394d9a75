// The live stream's wire format, the pure reducer that applies a batch to cached lists, and
// which detail pages a batch makes stale. Lists carry the (epoch, seq) they were built at; a
// batch applies only when it is newer. Every change is idempotent (replace by uid, delete by
// uid), so re-applying one is harmless.
import type { HistoryEntry } from '../history/types';
import { queryKeys } from './query-keys';
import type { AdvertisementView, EventView, NodeView, PoolView, ServiceView, StreamPosition } from '../views/types';

export interface Versioned<T> extends StreamPosition {
  items: T[];
}

export interface StreamBatch extends StreamPosition {
  services?: { upserts: ServiceView[]; deletes: string[] };
  pools?: PoolView[];
  nodes?: NodeView[];
  advertisements?: AdvertisementView[];
  events?: EventView[];
  preflight?: { warnings: number; errors: number };
  /** Ledger entries recorded from this batch's changes (lib/history), newest last. */
  history?: HistoryEntry[];
}

export const STREAM_TOPIC = 'dashboard';
/** Events kept in the browser's list (newest first). */
export const EVENT_LIST_LIMIT = 500;

/** Whether `batch` is news for a list built at (epoch, seq). */
export function isNewer(list: StreamPosition, batch: StreamPosition): boolean {
  return list.epoch === batch.epoch && batch.seq > list.seq;
}

export function reduceServices(list: Versioned<ServiceView> | undefined, batch: StreamBatch): Versioned<ServiceView> | undefined {
  if (!list || !batch.services || !isNewer(list, batch)) return list;
  const { upserts, deletes } = batch.services;
  const changed = new Map(upserts.map((s) => [s.uid, s]));
  const gone = new Set(deletes);
  const items: ServiceView[] = [];
  for (const row of list.items) {
    if (gone.has(row.uid)) continue;
    const next = changed.get(row.uid);
    items.push(next ?? row);
    if (next) changed.delete(row.uid);
  }
  for (const added of changed.values()) if (!gone.has(added.uid)) items.push(added);
  return { epoch: list.epoch, seq: batch.seq, items };
}

/** Whole-list topics (pools, nodes, advertisements) are small: a batch replaces them. */
export function reduceReplace<T>(list: Versioned<T> | undefined, items: T[] | undefined, batch: StreamBatch): Versioned<T> | undefined {
  if (!list || !items || !isNewer(list, batch)) return list;
  return { epoch: list.epoch, seq: batch.seq, items };
}

const timeOf = (e: EventView): string => e.time ?? '';

export function reduceEvents(list: Versioned<EventView> | undefined, batch: StreamBatch): Versioned<EventView> | undefined {
  if (!list || !batch.events || !isNewer(list, batch)) return list;
  const byUid = new Map(list.items.map((e) => [e.uid, e]));
  for (const e of batch.events) byUid.set(e.uid, e);
  const items = [...byUid.values()].sort((a, b) => (timeOf(a) < timeOf(b) ? 1 : timeOf(a) > timeOf(b) ? -1 : 0));
  return { epoch: list.epoch, seq: batch.seq, items: items.slice(0, EVENT_LIST_LIMIT) };
}

/** A query filter: every query whose key starts with `queryKey`, or only that key when exact. */
export interface DetailFilter {
  queryKey: readonly string[];
  exact: boolean;
}

const MANY_SERVICES = 50;

/**
 * The detail pages a batch makes stale. A service's page shows its row, its events, its
 * candidate ranking (nodes, pools, advertisements) and its ServiceL2Status (which reaches the
 * row as its announcing node); a pool's page shows the services holding its IPs and the
 * advertisements covering it. Deletes name uids only, so they mark every service page, as does
 * a batch naming more services than it is worth filtering one by one (only open pages refetch).
 */
export function staleDetails(batch: StreamBatch): DetailFilter[] {
  const filters: DetailFilter[] = [];
  if (batch.nodes || batch.pools || batch.advertisements || batch.services?.deletes.length) {
    filters.push({ queryKey: queryKeys.anyService, exact: false });
  } else {
    const keys = new Map<string, readonly string[]>();
    const add = (namespace: string, name: string) => keys.set(`${namespace}/${name}`, queryKeys.service(namespace, name));
    for (const s of batch.services?.upserts ?? []) add(s.namespace, s.name);
    for (const e of batch.events ?? []) if (e.object.kind === 'Service') add(e.object.namespace, e.object.name);
    if (keys.size > MANY_SERVICES) filters.push({ queryKey: queryKeys.anyService, exact: false });
    else for (const queryKey of keys.values()) filters.push({ queryKey, exact: true });
  }
  if (batch.services || batch.pools || batch.advertisements) filters.push({ queryKey: queryKeys.anyPool, exact: false });
  // New ledger entries: every open timeline and history list refetches (an indexed query each).
  if (batch.history?.length) filters.push({ queryKey: queryKeys.anyHistory, exact: false });
  if (batch.pools) filters.push({ queryKey: queryKeys.anyPoolTrend, exact: false });
  return filters;
}

/**
 * Given the seq of the last batch received, says what to do with the next one: apply it, or
 * resync because batches were missed (a new epoch means the worker restarted).
 */
export function checkContinuity(last: StreamPosition | null, batch: StreamPosition): 'apply' | 'resync' | 'stale' {
  if (!last) return 'apply';
  if (last.epoch !== batch.epoch) return 'resync';
  if (batch.seq <= last.seq) return 'stale';
  return batch.seq === last.seq + 1 ? 'apply' : 'resync';
}
