// The dashboard's live views, kept current from informer events: one ServiceView per
// LoadBalancer Service (recomputed only for what changed), and the small whole-list views.
// flush() turns accumulated changes into one StreamBatch with the next seq and pushes it.
import { isStatusOnlyChange, type InformerEvent } from '../kube/informer';
import type { KubeObject } from '../kube/types';
import {
  ingressIPs,
  poolOfService,
  speakerOn,
  summariseEndpoints,
  toEventView,
  toServiceInfo,
  toServiceView,
  readSpeakerHealth,
  sameHealthApartFromCounters,
  type EventView,
  type KubeLease,
  type KubeService,
  type ServiceView,
  type StreamBatch,
  GATEWAYS_ANNOTATION,
  HEALTH_ANNOTATION,
  HEALTH_COUNTERS_ANNOTATION,
} from '../../lib/views';
import { asShape, type CachedKind, type ClusterCache } from './cluster-cache';
import { FactsMemo } from './cluster-facts';
import { ServiceIndexes, type L2StatusEntry } from './indexes';
import { ListViews } from './list-views';

export interface ViewStateOptions {
  cache: ClusterCache;
  loadBalancerClass?: string;
  epoch: string;
  now: () => number;
}

/** Addresses, Pod CIDRs and the gateways annotation are what preflight's overlap check reads. */
function sameNodeNetwork(a: KubeObject | undefined, b: KubeObject): boolean {
  const facts = (o: KubeObject | undefined) => {
    const n = o as { spec?: { podCIDR?: string; podCIDRs?: string[] }; status?: { addresses?: unknown } } | undefined;
    return JSON.stringify([n?.spec?.podCIDR, n?.spec?.podCIDRs, n?.status?.addresses, o?.metadata.annotations?.[GATEWAYS_ANNOTATION]]);
  };
  return facts(a) === facts(b);
}

/** Labels and conditions are what a node view and the election read. */
function sameNodeFacts(a: KubeObject | undefined, b: KubeObject): boolean {
  const facts = (o: KubeObject | undefined) =>
    JSON.stringify([o?.metadata.labels ?? {}, ((o as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions ?? []).map((c) => [c.type, c.status])]);
  return facts(a) === facts(b);
}

const isLoadBalancer = (svc: KubeService | undefined): svc is KubeService => svc?.spec?.type === 'LoadBalancer';

/** Small views (pools, nodes, advertisements, preflight) are rebuilt at most this often. */
const SMALL_VIEW_INTERVAL_MS = 500;
/**
 * A renewal that moved only a speaker's counters is shown within this long, not at once: every
 * renewal of 100 speakers otherwise rebuilt every node's view (the largest cost of the app at
 * rest, issue 17), and the counters themselves are only as fresh as the Lease (15-30 s).
 */
const COUNTERS_VIEW_MS = 10_000;
const MAX_EVENTS_PER_BATCH = 200;

export class ViewState {
  readonly facts: FactsMemo;
  readonly indexes = new ServiceIndexes();
  readonly lists: ListViews;
  private readonly views = new Map<string, ServiceView>();
  /**
   * Each row's JSON, to tell a rebuilt row from the one shown: a node's or a pool's change
   * rebuilds all 10,000 rows, and stringifying both sides of each comparison was half of that
   * (profiled while 100 nodes joined).
   */
  private readonly viewJson = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private dirtyAll = false;
  private lastSmallMs = 0;
  private countersMoved = false;
  private lastCountersMs = 0;
  private newEvents: EventView[] = [];
  private serviceRowsJson: string | null = null;
  seq = 0;

  constructor(private readonly opts: ViewStateOptions) {
    this.facts = new FactsMemo(opts.cache, opts.loadBalancerClass);
    this.lists = new ListViews(opts.cache, this.facts);
  }

  get epoch(): string {
    return this.opts.epoch;
  }

  hasPending(): boolean {
    return this.dirtyAll || this.dirty.size > 0 || this.lists.isDirty() || this.newEvents.length > 0;
  }

  /** Routes one informer change to the views it can affect. */
  handle(kind: CachedKind, ev: InformerEvent<KubeObject>): void {
    switch (kind) {
      case 'services':
        this.dirty.add(ev.key);
        // ClusterIPs are immutable: only a new or deleted Service changes the address space.
        if (ev.type !== 'modified') this.lists.mark('network', 'preflight');
        return;
      case 'endpointslices':
        for (const key of this.indexes.applySlice(ev)) this.dirty.add(key);
        return;
      case 'servicel2statuses':
        for (const key of this.indexes.applyStatus(ev)) this.dirty.add(key);
        return;
      case 'events':
        this.onEvent(ev);
        return;
      case 'leases':
        this.onLease(ev);
        return;
      case 'kubeProxy':
        this.lists.mark('preflight', 'network');
        return;
      case 'configurationstates':
        this.lists.mark('preflight');
        return;
      case 'namespaces':
        return; // read on demand (preview, label autocomplete); no view shows them
      case 'nodes':
        if (ev.type !== 'modified' || !sameNodeNetwork(ev.old, ev.object)) this.lists.mark('network', 'preflight');
        // Status heartbeats change nothing we show; labels and conditions change candidates.
        if (ev.type === 'modified' && sameNodeFacts(ev.old, ev.object)) return;
        this.invalidateAll();
        this.lists.mark('nodes', 'advertisements');
        return;
      default:
        // pools, advertisements: every service's pool and reason may change, unless only the
        // status counters moved (the controller writes them as it hands out IPs).
        if (isStatusOnlyChange(ev)) {
          this.lists.mark('pools');
          return;
        }
        this.invalidateAll();
        this.lists.mark('pools', 'advertisements');
    }
  }

  private onEvent(ev: InformerEvent<KubeObject>): void {
    const touched = this.indexes.applyEvent(ev);
    if (touched) this.dirty.add(touched);
    if (ev.type !== 'deleted' && this.newEvents.length < MAX_EVENTS_PER_BATCH) {
      this.newEvents.push(toEventView(asShape('events', ev.object)));
    }
    this.lists.invalidateEvents();
  }

  private invalidateAll(): void {
    this.facts.reset();
    this.facts.refreshLiveness(this.opts.now());
    this.dirtyAll = true;
  }

  private onLease(ev: InformerEvent<KubeObject>): void {
    const health = (o?: KubeObject) => o?.metadata.annotations?.[HEALTH_ANNOTATION];
    const counters = (o?: KubeObject) => o?.metadata.annotations?.[HEALTH_COUNTERS_ANNOTATION];
    const read = (o?: KubeObject) => readSpeakerHealth(o as KubeLease | undefined);
    if (ev.type === 'modified' && health(ev.old) === health(ev.object)) {
      // A renewal at rest: the report's text is the same, at most its counters moved.
      if (counters(ev.old) !== counters(ev.object)) this.countersMoved = true; // shown by tick()
      return;
    }
    // A new text that no node view shows differently: an older speaker's renewal, whose report
    // still carries its counters.
    if (ev.type === 'modified' && sameHealthApartFromCounters(read(ev.old), read(ev.object))) {
      this.countersMoved = true;
      return;
    }
    this.lists.mark('nodes');
    if (this.facts.refreshConflicts(ev.object as KubeLease, ev.type === 'deleted')) this.dirtyAll = true;
    if (ev.type !== 'modified') this.tick();
  }

  /** Periodic: a lease that stops being renewed changes state without any event. */
  tick(): void {
    const now = this.opts.now();
    const changed = this.facts.refreshLiveness(now);
    if (changed.any) this.lists.mark('nodes');
    if (this.countersMoved && now - this.lastCountersMs >= COUNTERS_VIEW_MS) {
      this.countersMoved = false;
      this.lastCountersMs = now;
      this.lists.mark('nodes');
    }
    // Only down <-> not down changes who may announce; live <-> stale is shown on nodes only.
    if (changed.down) this.dirtyAll = true;
  }

  private statusesOf(key: string): L2StatusEntry[] {
    const list = this.indexes.statuses.values(key);
    const facts = this.facts;
    const rank = (s: L2StatusEntry) => (speakerOn(facts, s.node) === 'down' ? 1 : 0);
    return list.sort((a, b) => rank(a) - rank(b) || ((b.created ?? '') < (a.created ?? '') ? -1 : 1));
  }

  private build(key: string, svc: KubeService): ServiceView {
    const cluster = this.facts.get();
    const pool = poolOfService(svc, this.facts.findPoolByIP);
    const endpoints = summariseEndpoints(this.indexes.slices.values(key));
    const hasIP = ingressIPs(svc).length > 0;
    const info = hasIP && pool ? toServiceInfo(svc, pool, this.facts.pools().get(pool), endpoints) : null;
    return toServiceView(
      {
        service: svc,
        pool,
        info,
        endpoints,
        l2Statuses: this.statusesOf(key),
        allocationFailure: hasIP ? null : this.indexes.failureFor(key),
      },
      cluster,
    );
  }

  /** Recomputes what changed; returns the rows that differ and the uids that went away. */
  private refreshServices(): { upserts: ServiceView[]; deletes: string[] } {
    const informer = this.opts.cache.informer('services');
    const keys = this.dirtyAll ? new Set([...informer.cache.keys(), ...this.views.keys()]) : this.dirty;
    const upserts: ServiceView[] = [];
    const deletes: string[] = [];
    for (const key of keys) {
      const svc = this.opts.cache.get('services', key);
      const prev = this.views.get(key);
      if (!isLoadBalancer(svc)) {
        if (prev) {
          this.views.delete(key);
          this.viewJson.delete(key);
          deletes.push(prev.uid);
        }
        continue;
      }
      const next = this.build(key, svc);
      if (prev && prev.uid !== next.uid) deletes.push(prev.uid);
      const json = JSON.stringify(next);
      if (prev && this.viewJson.get(key) === json) continue;
      this.views.set(key, next);
      this.viewJson.set(key, json);
      upserts.push(next);
    }
    this.dirty.clear();
    this.dirtyAll = false;
    if (upserts.length || deletes.length) {
      this.serviceRowsJson = null;
      this.lists.mark('pools', 'nodes', 'preflight');
    }
    return { upserts, deletes };
  }

  /** Applies pending changes; returns the batch to push, or null when nothing changed. */
  flush(force = false): StreamBatch | null {
    const services = this.refreshServices();
    const batch: StreamBatch = { epoch: this.opts.epoch, seq: this.seq + 1 };
    let changed = false;
    if (services.upserts.length || services.deletes.length) {
      batch.services = services;
      changed = true;
    }
    if (this.newEvents.length) {
      batch.events = this.newEvents;
      this.newEvents = [];
      changed = true;
    }
    const now = this.opts.now();
    if (this.lists.isDirty() && (force || now - this.lastSmallMs >= SMALL_VIEW_INTERVAL_MS)) {
      this.lastSmallMs = now;
      const small = this.lists.rebuild(this.serviceRows(), now);
      Object.assign(batch, small.changes);
      if (Object.keys(small.changes).length) changed = true;
    }
    if (!changed) return null;
    this.seq = batch.seq;
    return batch;
  }

  /** Adds changes of the same moment to a flushed batch, or makes a batch of them alone. */
  extend(batch: StreamBatch | null, extra: Omit<StreamBatch, 'epoch' | 'seq'>): StreamBatch {
    if (batch) return Object.assign(batch, extra);
    this.seq += 1;
    return { epoch: this.opts.epoch, seq: this.seq, ...extra };
  }

  serviceRows(): ServiceView[] {
    return [...this.views.values()];
  }

  getView(key: string): ServiceView | undefined {
    return this.views.get(key);
  }

  /**
   * The whole list as JSON; its rows are encoded once per change of a service (10,000 rows is
   * ~3 MB). The seq is always the latest: batches without services leave the rows as they are,
   * and a list stamped with an older seq would send every reader back for it again.
   */
  servicesListJson(): string {
    this.serviceRowsJson ??= JSON.stringify(this.serviceRows());
    return `{"epoch":${JSON.stringify(this.opts.epoch)},"seq":${this.seq},"items":${this.serviceRowsJson}}`;
  }

  statusEntries(key: string): L2StatusEntry[] {
    return this.statusesOf(key);
  }
}
