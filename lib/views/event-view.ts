// Kubernetes Events as rows: newest time first, the object they are about, and the source.
import type { KubeEvent } from '../shapes/kube';
import type { EventView } from './types';

export function eventTime(e: KubeEvent): string | null {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? null;
}

export function toEventView(e: KubeEvent): EventView {
  const o = e.involvedObject ?? {};
  return {
    uid: e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`,
    time: eventTime(e),
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    object: { kind: o.kind ?? '', namespace: o.namespace ?? e.metadata.namespace ?? '', name: o.name ?? '' },
    count: e.count ?? 1,
    source: e.source?.component ?? '',
  };
}

/** Newest first; ties by uid so the order is stable. */
export function compareEventsNewestFirst(a: EventView, b: EventView): number {
  const ta = a.time ?? '';
  const tb = b.time ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/** The latest AllocationFailed message for each service key, for the pending reason. */
export function latestAllocationFailures(events: Iterable<KubeEvent>): Map<string, { message: string; time: string }> {
  const out = new Map<string, { message: string; time: string }>();
  for (const e of events) {
    const o = e.involvedObject;
    if (e.reason !== 'AllocationFailed' || o?.kind !== 'Service') continue;
    const key = `${o.namespace ?? ''}/${o.name ?? ''}`;
    const time = eventTime(e) ?? '';
    const prev = out.get(key);
    if (!prev || prev.time <= time) out.set(key, { message: e.message ?? '', time });
  }
  return out;
}
