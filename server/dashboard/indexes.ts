// Secondary indexes over the informer caches, keyed by Service "namespace/name": its
// EndpointSlices, the ServiceL2Statuses naming it, and its latest AllocationFailed event.
import type { InformerEvent } from '../kube/informer';
import type { KubeObject } from '../kube/types';
import { SERVICE_L2_STATUS_LABELS } from '../../lib/schemas/service-l2-status';
import { eventTime, SERVICE_NAME_LABEL, type KubeEndpointSlice, type L2StatusFact } from '../../lib/views';
import { asShape } from './cluster-cache';

type Obj = KubeObject;

/** Map of service key -> (object key -> value), kept in step with informer events. */
class GroupIndex<V> {
  readonly groups = new Map<string, Map<string, V>>();

  set(group: string, key: string, value: V): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Map()));
    g.set(key, value);
  }

  delete(group: string, key: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    g.delete(key);
    if (g.size === 0) this.groups.delete(group);
  }

  values(group: string): V[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }
}

export function serviceKeyOfSlice(slice: Obj): string | null {
  const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${slice.metadata.namespace ?? ''}/${svc}` : null;
}

export interface L2StatusEntry extends L2StatusFact {
  name: string;
}

function readStatus(obj: Obj): { service: string; entry: L2StatusEntry } | null {
  const labels = obj.metadata.labels ?? {};
  const status = (obj as { status?: { node?: string; serviceName?: string; serviceNamespace?: string; interfaces?: { name: string }[] } }).status ?? {};
  const ns = status.serviceNamespace ?? labels[SERVICE_L2_STATUS_LABELS.serviceNamespace];
  const name = status.serviceName ?? labels[SERVICE_L2_STATUS_LABELS.serviceName];
  const node = status.node ?? labels[SERVICE_L2_STATUS_LABELS.node];
  if (!ns || !name || !node) return null;
  return {
    service: `${ns}/${name}`,
    entry: {
      name: obj.metadata.name ?? '',
      node,
      interfaces: (status.interfaces ?? []).map((i) => i.name),
      created: obj.metadata.creationTimestamp ?? null,
    },
  };
}

export class ServiceIndexes {
  readonly slices = new GroupIndex<KubeEndpointSlice>();
  readonly statuses = new GroupIndex<L2StatusEntry>();
  private readonly statusOwner = new Map<string, string>();
  private readonly failures = new Map<string, { message: string; time: string }>();

  /** Returns the service keys whose view may have changed. */
  applySlice(ev: InformerEvent<Obj>): string[] {
    const touched = new Set<string>();
    for (const obj of [ev.old, ev.object]) {
      const svc = obj ? serviceKeyOfSlice(obj) : null;
      if (svc) touched.add(svc);
    }
    const oldSvc = ev.old ? serviceKeyOfSlice(ev.old) : null;
    if (oldSvc) this.slices.delete(oldSvc, ev.key);
    const svc = serviceKeyOfSlice(ev.object);
    if (svc && ev.type !== 'deleted') this.slices.set(svc, ev.key, asShape('endpointslices', ev.object));
    return [...touched];
  }

  applyStatus(ev: InformerEvent<Obj>): string[] {
    const touched: string[] = [];
    const previous = this.statusOwner.get(ev.key);
    if (previous) {
      this.statuses.delete(previous, ev.key);
      this.statusOwner.delete(ev.key);
      touched.push(previous);
    }
    const read = ev.type === 'deleted' ? null : readStatus(ev.object);
    if (read) {
      this.statuses.set(read.service, ev.key, read.entry);
      this.statusOwner.set(ev.key, read.service);
      touched.push(read.service);
    }
    return touched;
  }

  /** Tracks AllocationFailed per service; returns the service touched, if any. */
  applyEvent(ev: InformerEvent<Obj>): string | null {
    const e = asShape('events', ev.object);
    const o = e.involvedObject;
    if (o?.kind !== 'Service' || ev.type === 'deleted') return null;
    if (e.reason !== 'AllocationFailed' && e.reason !== 'IPAllocated') return null;
    const key = `${o.namespace ?? ''}/${o.name ?? ''}`;
    const time = eventTime(e) ?? '';
    const prev = this.failures.get(key);
    if (prev && prev.time > time) return null;
    if (e.reason === 'IPAllocated') this.failures.delete(key);
    else this.failures.set(key, { message: e.message ?? '', time });
    return key;
  }

  failureFor(key: string): string | null {
    return this.failures.get(key)?.message ?? null;
  }
}
