// Records the ledger from the dashboard's watch stream: after every flush of the live views it
// turns each service's change into entries (lib/history/diff), asks the cause classifier why an
// announcer moved (lib/history/cause, fed by the node tracker), samples pool utilisation, and
// writes it all in one transaction; the entries ride on the same stream batch to the browser.
// On its first flush it fills in what happened while it was not running, marked inferred.
import { isStatusOnlyChange, type InformerEvent } from '../kube/informer';
import type { KubeObject } from '../kube/types';
import {
  classifyAnnouncerChange,
  describePoolChange,
  diffService,
  readServiceEvent,
  type EntryDraft,
  type HistoryEntry,
  type PoolSpecFacts,
  type ServiceEventFact,
  type ServiceSnapshot,
  type TrackedService,
} from '../../lib/history';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import {
  assessLease,
  eventTime,
  EXCLUDE_LB_LABEL,
  hasCondition,
  nodeOfLease,
  sharingKeyOf,
  speakerLeaseName,
  summariseEndpoints,
  type KubeEvent,
  type KubeLease,
  type KubeNode,
  type KubeService,
  type ServiceView,
  type StreamBatch,
} from '../../lib/views';
import type { CachedKind, ClusterCache } from '../dashboard/cluster-cache';
import type { ServiceIndexes } from '../dashboard/indexes';
import type { Ledger, NewEntry } from './ledger';
import { NodeTracker } from './node-tracker';

/** What the recorder reads from the dashboard. */
export interface RecorderSource {
  cache: ClusterCache;
  indexes: ServiceIndexes;
  systemNamespace: string;
  serviceRows(): ServiceView[];
  findPoolByIP(ip: string): string | null;
}

/** A speaker that came back a moment before the previous announcer took over still counts as coming back. */
const SLACK_MS = 5_000;
/** A pool's utilisation is sampled on change, and at least this often so the chart has a recent point. */
const SAMPLE_EVERY_MS = 10 * 60_000;
const INSTANCE_ANNOTATION = 'ironlb.io/instance';

interface Baseline {
  at: number;
  service: ServiceSnapshot;
}

const toTracked = (v: ServiceView): TrackedService => ({
  key: `${v.namespace}/${v.name}`,
  uid: v.uid,
  ips: v.ips,
  pool: v.pool,
  node: v.node,
  state: v.state,
  reasonCode: v.reasonCode,
  reason: v.reason,
  ipsAnnounced: false,
});

function poolFacts(p: IPAddressPool | KubeObject | undefined): PoolSpecFacts | null {
  if (!p) return null;
  const spec = (p as IPAddressPool).spec ?? {};
  return {
    addresses: [...(spec.addresses ?? [])],
    autoAssign: spec.autoAssign ?? true,
    avoidBuggyIPs: spec.avoidBuggyIPs ?? false,
    allocation: spec.serviceAllocation ? JSON.stringify(spec.serviceAllocation) : '',
  };
}

/** The field manager of the latest write, when the API server keeps managedFields. */
function lastManager(o: KubeObject | undefined): string | null {
  const fields = (o?.metadata as { managedFields?: { manager?: string; time?: string }[] } | undefined)?.managedFields ?? [];
  const latest = [...fields].sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? 1 : -1))[0];
  return latest?.manager ?? null;
}

const parseTime = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

/** A service's state after what an Event says happened to it. */
function applyEventFact(base: TrackedService, fact: ServiceEventFact, poolOf: (ip: string) => string | null): TrackedService {
  switch (fact.kind) {
    case 'assigned':
      return { ...base, ips: fact.ips, pool: poolOf(fact.ips[0]) ?? base.pool, state: 'notAnnounced', reasonCode: 'waitingForSpeaker', reason: '' };
    case 'announcing':
      return base.ips.length ? { ...base, node: fact.node, state: 'announced', reasonCode: 'announced', reason: '' } : base;
    case 'failed':
      return base.ips.length ? base : { ...base, state: 'pending', reasonCode: 'allocationFailed', reason: fact.reason };
    case 'cleared':
      return { ...base, ips: [], node: null, state: 'pending', reasonCode: 'waitingForController', reason: '' };
  }
}

export class HistoryRecorder {
  readonly nodes = new NodeTracker();
  private readonly tracked: Map<string, TrackedService>;
  private readonly keyOfUid = new Map<string, string>();
  private readonly pools: Map<string, PoolSpecFacts>;
  private readonly baselines = new Map<string, Baseline>();
  private readonly allocatedBy = new Map<string, { by: string; time: string }>();
  private readonly samples = new Map<string, { used: number; size: number; at: number }>();
  private poolDrafts: NewEntry[] = [];
  private poolWrites: { upsert: Map<string, PoolSpecFacts>; remove: Set<string> } = { upsert: new Map(), remove: new Set() };
  private config = 0;
  private started = false;
  /** The ledger's last sign of life before this start: inferred entries fall between it and now. */
  private readonly lastSeen: number;

  constructor(
    readonly ledger: Ledger,
    private readonly source: RecorderSource,
    private readonly now: () => number = Date.now,
  ) {
    this.tracked = ledger.loadServices();
    for (const t of this.tracked.values()) this.keyOfUid.set(t.uid, t.key);
    this.pools = ledger.loadPools();
    this.lastSeen = ledger.lastSeen();
  }

  /** Every informer change, as the dashboard sees it. */
  onEvent(kind: CachedKind, ev: InformerEvent<KubeObject>): void {
    switch (kind) {
      case 'nodes':
        this.observeNode(ev.key);
        return;
      case 'leases': {
        const node = nodeOfLease(ev.object as KubeLease);
        if (node) this.observeNode(node);
        return;
      }
      case 'ipaddresspools':
        if (isStatusOnlyChange(ev)) return;
        this.config++;
        this.onPool(ev);
        return;
      case 'l2advertisements':
        if (!isStatusOnlyChange(ev)) this.config++;
        return;
      case 'events':
        this.onServiceEvent(ev.object as unknown as KubeEvent);
        return;
      default:
    }
  }

  /** Re-reads every node's speaker liveness (a Lease that stops being renewed sends no event). */
  tick(): void {
    const names = new Set([...this.nodes.known(), ...this.source.cache.list<KubeNode>('nodes').map((n) => n.metadata.name ?? '')]);
    for (const name of names) if (name) this.observeNode(name);
  }

  private observeNode(name: string): void {
    const node = this.source.cache.informer('nodes').get(name) as unknown as KubeNode | undefined;
    const lease = this.source.cache.informer('leases').get(`${this.source.systemNamespace}/${speakerLeaseName(name)}`) as unknown as KubeLease | undefined;
    const labels = { ...(node?.metadata.labels ?? {}) };
    const excluded = EXCLUDE_LB_LABEL in labels;
    delete labels[EXCLUDE_LB_LABEL];
    const now = this.now();
    this.nodes.observe(
      name,
      {
        exists: Boolean(node),
        excluded,
        networkUnavailable: node ? hasCondition(node, 'NetworkUnavailable') : false,
        labels: JSON.stringify(labels),
        lease: lease ? { live: assessLease(lease, now).state !== 'down', instance: lease.metadata.annotations?.[INSTANCE_ANNOTATION] ?? null } : null,
      },
      now,
    );
  }

  private onServiceEvent(e: KubeEvent): void {
    const o = e.involvedObject;
    if (o?.kind !== 'Service' || e.reason !== 'IPAllocated') return;
    const key = `${o.namespace ?? ''}/${o.name ?? ''}`;
    const time = eventTime(e) ?? '';
    const prev = this.allocatedBy.get(key);
    if (!prev || prev.time <= time) this.allocatedBy.set(key, { by: e.source?.component || 'controller', time });
  }

  private onPool(ev: InformerEvent<KubeObject>): void {
    const name = ev.object.metadata.name ?? '';
    const before = this.pools.get(name) ?? (ev.type === 'modified' ? poolFacts(ev.old) : null);
    const after = ev.type === 'deleted' ? null : poolFacts(ev.object);
    const detail = describePoolChange(before, after);
    if (after) {
      this.pools.set(name, after);
      this.poolWrites.upsert.set(name, after);
      this.poolWrites.remove.delete(name);
    } else {
      this.pools.delete(name);
      this.poolWrites.remove.add(name);
      this.poolWrites.upsert.delete(name);
    }
    if (!detail) return;
    const created = before === null ? parseTime(ev.object.metadata.creationTimestamp) : null;
    this.poolDrafts.push({
      ...this.entryAt(created),
      kind: 'poolChanged',
      service: null,
      ip: null,
      pool: name,
      node: null,
      previousNode: null,
      cause: null,
      detail,
      by: lastManager(ev.object),
      resourceVersion: ev.object.metadata.resourceVersion ?? null,
    });
  }

  /** Live entries are stamped now; inferred ones at the objects' best time within the gap. */
  private entryAt(hint: number | null): { at: number; inferred: boolean } {
    const now = this.now();
    if (this.started) return { at: now, inferred: false };
    return { at: Math.min(now, Math.max(this.lastSeen, hint ?? now)), inferred: true };
  }

  private serviceSnapshot(key: string): ServiceSnapshot {
    const svc = this.source.cache.informer('services').get(key) as unknown as KubeService | undefined;
    const endpoints = summariseEndpoints(this.source.indexes.slices.values(key));
    return {
      trafficPolicy: svc?.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
      endpointNodes: endpoints.nodes,
      serving: endpoints.serving,
      selector: JSON.stringify([svc?.metadata.labels ?? {}, svc ? (sharingKeyOf(svc) ?? null) : null]),
      config: this.config,
    };
  }

  private statusVersion(key: string, node: string | null): string | null {
    if (!node) return null;
    const name = this.source.indexes.statuses.values(key).find((s) => s.node === node)?.name;
    const status = name ? this.source.cache.informer('servicel2statuses').get(`${this.source.systemNamespace}/${name}`) : undefined;
    return status?.metadata.resourceVersion ?? null;
  }

  /** The time an inferred entry is given: when the objects say it happened. */
  private hintFor(d: EntryDraft, view: ServiceView | undefined): number | null {
    if (d.kind === 'announcerChanged') return parseTime(view?.since);
    if (d.kind === 'ipAssigned') return parseTime(d.service ? this.allocatedBy.get(d.service)?.time : null) ?? parseTime(view?.created);
    return null;
  }

  private toEntry(d: EntryDraft, view: ServiceView | undefined, stamp?: { at: number; inferred: boolean }): NewEntry {
    const key = d.service ?? '';
    const svc = this.source.cache.informer('services').get(key);
    let cause: NewEntry['cause'] = null;
    let detail = d.detail;
    if (d.kind === 'announcerChanged' && d.needsCause) {
      const v = this.classify(key, d.previousNode, d.node);
      cause = v.cause;
      detail = v.detail;
    }
    return {
      ...(stamp ?? this.entryAt(this.hintFor(d, view))),
      kind: d.kind,
      service: d.service,
      ip: d.ip,
      pool: d.pool,
      node: d.node,
      previousNode: d.previousNode,
      cause,
      detail,
      by: d.kind === 'ipAssigned' ? (this.allocatedBy.get(key)?.by ?? null) : null,
      resourceVersion: d.kind === 'announcerChanged' ? (this.statusVersion(key, d.node) ?? svc?.metadata.resourceVersion ?? null) : (svc?.metadata.resourceVersion ?? null),
    };
  }

  private classify(key: string, from: string | null, to: string | null) {
    const base = this.baselines.get(key) ?? { at: this.now(), service: this.serviceSnapshot(key) };
    return classifyAnnouncerChange({
      from,
      to,
      fromBefore: from ? this.nodes.at(from, base.at) : undefined,
      fromAfter: from ? this.nodes.now(from) : undefined,
      toBefore: to ? this.nodes.at(to, base.at - SLACK_MS) : undefined,
      toAfter: to ? this.nodes.now(to) : undefined,
      serviceBefore: base.service,
      serviceAfter: this.serviceSnapshot(key),
    });
  }

  /** Applies one service's new state: entries to write, the state to remember. */
  private apply(prev: TrackedService | undefined, next: TrackedService | undefined, view: ServiceView | undefined, out: NewEntry[], stamp?: { at: number; inferred: boolean }): void {
    const key = next?.key ?? prev?.key ?? '';
    const { drafts, tracked } = diffService(prev, next);
    for (const d of drafts) out.push(this.toEntry(d, view, stamp));
    if (tracked) {
      this.tracked.set(key, tracked);
      this.keyOfUid.set(tracked.uid, key);
      if (!prev || prev.node !== tracked.node || prev.uid !== tracked.uid || !this.baselines.has(key)) {
        this.baselines.set(key, { at: stamp?.at ?? this.now(), service: this.serviceSnapshot(key) });
      }
    } else {
      this.tracked.delete(key);
      this.baselines.delete(key);
    }
  }

  /** Events still in the cluster that are newer than the ledger: what happened while we were away. */
  private inferFromEvents(out: NewEntry[]): void {
    const events = this.source.cache
      .list<KubeEvent>('events')
      .filter((e) => e.involvedObject?.kind === 'Service')
      .map((e) => ({ e, at: parseTime(eventTime(e)) ?? 0, fact: readServiceEvent(e.reason, e.message) }))
      .filter((x) => x.fact !== null && x.at > this.lastSeen)
      .sort((a, b) => a.at - b.at);
    for (const { e, at, fact } of events) {
      const o = e.involvedObject!;
      const key = `${o.namespace ?? ''}/${o.name ?? ''}`;
      const prev = this.tracked.get(key);
      const uid = o.uid ?? prev?.uid ?? key;
      const base: TrackedService = prev && prev.uid === uid ? prev : { key, uid, ips: [], pool: null, node: null, state: 'pending', reasonCode: 'waitingForController', reason: '', ipsAnnounced: false };
      const next = applyEventFact(base, fact!, this.source.findPoolByIP);
      const from = out.length;
      this.apply(prev, next, undefined, out, { at: Math.min(at, this.now()), inferred: true });
      for (const entry of out.slice(from)) {
        if (entry.kind !== 'announcerChanged' || !entry.previousNode) continue;
        entry.cause = 'unknown';
        entry.detail = `seen in a ${e.reason} Event while the dashboard was not running`;
      }
    }
  }

  /**
   * After each flush of the live views: the entries for what changed (written, and returned to
   * ride on the batch). The first call also settles what happened while the recorder was away.
   */
  afterFlush(batch: StreamBatch | null): HistoryEntry[] {
    const entries: NewEntry[] = [];
    const removed = new Set<string>();
    const startup = !this.started;
    if (startup) this.inferFromEvents(entries);
    const views = startup ? this.source.serviceRows() : (batch?.services?.upserts ?? []);
    const seen = new Set<string>();
    for (const view of views) {
      const next = toTracked(view);
      seen.add(next.key);
      const prev = this.tracked.get(next.key);
      this.apply(prev, next, view, entries);
    }
    if (startup) {
      for (const key of [...this.tracked.keys()]) if (!seen.has(key)) this.release(key, entries, removed, 'service deleted while the dashboard was not running');
    }
    for (const uid of batch?.services?.deletes ?? []) {
      const key = this.keyOfUid.get(uid);
      this.keyOfUid.delete(uid);
      // A re-created service (same name, new uid) was already settled by its upsert.
      if (key && this.tracked.get(key)?.uid === uid) {
        const still = this.source.cache.informer('services').get(key);
        this.release(key, entries, removed, still ? 'no longer a LoadBalancer service' : 'service deleted');
      }
    }
    if (startup) this.inferDeletedPools();
    entries.push(...this.poolDrafts);
    this.poolDrafts = [];
    this.started = true;
    this.nodes.settle();
    const written = this.write(entries, views, removed);
    if (batch?.pools || startup) this.sample();
    return written;
  }

  private release(key: string, out: NewEntry[], removed: Set<string>, why: string): void {
    const prev = this.tracked.get(key);
    if (!prev) return;
    const before = out.length;
    this.apply(prev, undefined, undefined, out);
    for (let i = before; i < out.length; i++) out[i].detail = why;
    removed.add(key);
  }

  private inferDeletedPools(): void {
    const present = new Set(this.source.cache.list<IPAddressPool>('ipaddresspools').map((p) => p.metadata.name ?? ''));
    for (const name of [...this.pools.keys()]) {
      if (present.has(name)) continue;
      this.onPool({ type: 'deleted', key: name, object: { metadata: { name } } as KubeObject });
    }
  }

  private write(entries: NewEntry[], views: ServiceView[], removed: Set<string>): HistoryEntry[] {
    const upsert: TrackedService[] = [];
    for (const v of views) {
      const t = this.tracked.get(`${v.namespace}/${v.name}`);
      if (t) upsert.push(t);
    }
    const pools = { upsert: [...this.poolWrites.upsert], remove: [...this.poolWrites.remove] };
    this.poolWrites = { upsert: new Map(), remove: new Set() };
    if (!entries.length && !upsert.length && !removed.size && !pools.upsert.length && !pools.remove.length) return [];
    return this.ledger.write({ entries, services: { upsert, remove: [...removed] }, pools, now: this.now() });
  }

  /** Pool utilisation: a sample when the used count changed, and every SAMPLE_EVERY_MS. */
  sample(pools: { name: string; used: number; total: string }[] = this.poolViews()): void {
    const now = this.now();
    const points = [];
    for (const p of pools) {
      const size = Number(p.total);
      const last = this.samples.get(p.name);
      if (last && last.used === p.used && last.size === size && now - last.at < SAMPLE_EVERY_MS) continue;
      this.samples.set(p.name, { used: p.used, size, at: now });
      points.push({ pool: p.name, at: now, used: p.used, size });
    }
    this.ledger.sample(points);
  }

  /** Set by the dashboard: its current pool views. */
  poolViews: () => { name: string; used: number; total: string }[] = () => [];
}
