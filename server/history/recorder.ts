// Records the ledger from the dashboard's watch stream: after every flush of the live views it
// turns each service's change into entries (lib/history/diff), asks the cause classifier why an
// announcer moved (lib/history/cause, fed by the node tracker), adds the pools' changes and
// utilisation (pool-recorder), and writes it all in one transaction; the entries ride on the same stream batch to the browser.
// On its first flush it fills in what happened while it was not running, marked inferred.
import { isStatusOnlyChange, type InformerEvent } from '../kube/informer';
import type { KubeObject } from '../kube/types';
import {
  classifyAnnouncerChange,
  diffService,
  applyEventFact,
  readServiceEvent,
  type EntryDraft,
  type HistoryEntry,
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
import { PoolRecorder } from './pool-recorder';

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

const parseTime = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

export class HistoryRecorder {
  readonly nodes = new NodeTracker();
  private readonly tracked: Map<string, TrackedService>;
  /** Each service's state as last written to the ledger, so an unchanged one is not written again. */
  private readonly persisted = new Map<string, string>();
  private readonly keyOfUid = new Map<string, string>();
  private readonly baselines = new Map<string, Baseline>();
  private readonly allocatedBy = new Map<string, { by: string; time: string }>();
  readonly pools: PoolRecorder;
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
    for (const t of this.tracked.values()) {
      this.keyOfUid.set(t.uid, t.key);
      this.persisted.set(t.key, JSON.stringify(t));
    }
    this.pools = new PoolRecorder(ledger, (hint) => this.entryAt(hint), now);
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
        this.pools.onEvent(ev);
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
    if (startup) this.pools.inferDeleted(this.source.cache.list<IPAddressPool>('ipaddresspools').map((p) => p.metadata.name ?? ''));
    entries.push(...this.pools.takeDrafts());
    this.started = true;
    this.nodes.settle();
    const written = this.write(entries, views, removed);
    if (batch?.pools || startup) this.pools.sample(this.poolViews());
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

  private write(entries: NewEntry[], views: ServiceView[], removed: Set<string>): HistoryEntry[] {
    const upsert: TrackedService[] = [];
    const written = new Map<string, string>();
    for (const v of views) {
      const t = this.tracked.get(`${v.namespace}/${v.name}`);
      const json = t && JSON.stringify(t);
      if (!t || !json || this.persisted.get(t.key) === json) continue;
      upsert.push(t);
      written.set(t.key, json);
    }
    const pools = this.pools.takeWrites();
    if (!entries.length && !upsert.length && !removed.size && !pools.upsert.length && !pools.remove.length) return [];
    const out = this.ledger.write({ entries, services: { upsert, remove: [...removed] }, pools, now: this.now() });
    for (const [key, json] of written) this.persisted.set(key, json);
    for (const key of removed) this.persisted.delete(key);
    return out;
  }

  /** Set by the dashboard: its current pool views. */
  poolViews: () => { name: string; used: number; total: string }[] = () => [];
}
