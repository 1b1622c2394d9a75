// The live stream's wire format and the pure reducer that applies a batch to cached lists.
// Lists carry the (epoch, seq) they were built at; a batch applies only when it is newer.
// Every change is idempotent (replace by uid, delete by uid), so re-applying one is harmless.
import type { AdvertisementView, EventView, NodeView, PoolView, ServiceView } from './types';

export interface Versioned<T> {
  epoch: string;
  seq: number;
  items: T[];
}

export interface StreamBatch {
  epoch: string;
  seq: number;
  services?: { upserts: ServiceView[]; deletes: string[] };
  pools?: PoolView[];
  nodes?: NodeView[];
  advertisements?: AdvertisementView[];
  events?: EventView[];
  preflight?: { warnings: number; errors: number };
}

export const STREAM_TOPIC = 'dashboard';
/** Events kept in the browser's list (newest first). */
export const EVENT_LIST_LIMIT = 500;

/** Whether `batch` is news for a list built at (epoch, seq). */
export function isNewer(list: { epoch: string; seq: number }, batch: { epoch: string; seq: number }): boolean {
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

/** The service detail shows one row: replace it when the batch carries it. */
export function pickServiceUpdate(batch: StreamBatch, namespace: string, name: string): ServiceView | undefined {
  return batch.services?.upserts.find((s) => s.namespace === namespace && s.name === name);
}

/**
 * Given the seq of the last batch received, says what to do with the next one: apply it, or
 * resync because batches were missed (a new epoch means the worker restarted).
 */
export function checkContinuity(last: { epoch: string; seq: number } | null, batch: { epoch: string; seq: number }): 'apply' | 'resync' | 'stale' {
  if (!last) return 'apply';
  if (last.epoch !== batch.epoch) return 'resync';
  if (batch.seq <= last.seq) return 'stale';
  return batch.seq === last.seq + 1 ? 'apply' : 'resync';
}
