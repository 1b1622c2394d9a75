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
  type LanState,
  type ServiceView,
  type StreamBatch,
} from '../../lib/views';
import { asShape, type CachedKind, type ClusterCache } from '../dashboard/cluster-cache';
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
  /** Each node's membership on the LAN as the dashboard last judged it (lib/views withLanStates). */
  lanStates?(): ReadonlyMap<string, LanState>;
}

/**
 * A move whose cause is not clear when it is seen (the new announcer's speaker acted on a silence
 * its peers report on their Leases a little later) waits this long for the evidence.
 */
export const CAUSE_WAIT_MS = 5_000;
/** Causes that need no waiting: they name what happened to the previous announcer or the service. */
const DECISIVE = new Set(['nodeGone', 'gracefulHandover', 'excluded', 'selectorOrPolicy', 'endpointsMoved']);

interface UndecidedMove {
  entry: NewEntry;
  from: string | null;
  to: string | null;
  base: Baseline;
  until: number;
}

/** A speaker that came back a moment before the previous announcer took over still counts as coming back. */
const SLACK_MS = 5_000;
const INSTANCE_ANNOTATION = 'ironlb.io/instance';
/**
 * A takeover is two writes by two speakers (the old node's ServiceL2Status deleted, the new one's
 * created), and on a busy machine the watch can show the gap between them. A service seen without
 * an announcer for less than this is a handover in progress: one move, old node to new, not a
 * move to nobody and a "first" announcer after it.
 */
export const HANDOVER_GRACE_MS = 3_000;

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

/** The same service, the same IPs, and its announcer gone: perhaps a takeover half seen. */
const vacated = (prev: TrackedService | undefined, next: TrackedService): boolean =>
  prev !== undefined && prev.uid === next.uid && prev.node !== null && next.node === null && next.ips.length > 0 && prev.ips.join() === next.ips.join();

/** true/false when the LAN reports say, null when they do not (no heartbeat reports). */
const heardOnLan = (state: LanState | undefined): boolean | null =>
  state === 'live' || state === 'cutOffFromApi' ? true : state === 'down' || state === 'silentOnLan' ? false : null;

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
  /** Services whose announcer just went away, held for HANDOVER_GRACE_MS: when it went, and the row. */
  private readonly held = new Map<string, { at: number; view: ServiceView }>();
  /** Moves written once their cause is clear (or CAUSE_WAIT_MS passed), by service. */
  private readonly undecided = new Map<string, UndecidedMove>();
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
        // Before the first flush the caches are half listed (a node without its Lease yet looks
        // like a speaker that starts later): the first flush observes every node at once.
        if (this.started) this.observeNode(ev.key);
        return;
      case 'leases': {
        const node = nodeOfLease(ev.object as KubeLease);
        if (node && this.started) this.observeNode(node);
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
        this.onServiceEvent(asShape('events', ev.object));
        return;
      default:
    }
  }

  /**
   * Re-reads every node's speaker liveness: a Lease that stops being renewed sends no event, and
   * what the LAN hears arrives with the node views. Everything else a node observation holds
   * changes only with a Node or Lease event, observed as it comes (onEvent); so a node is observed
   * again only when its liveness moved (100 nodes four times a second were the app's largest
   * periodic cost at rest, issue 17).
   */
  tick(): void {
    const names = new Set([...this.nodes.known(), ...this.source.cache.list('nodes').map((n) => n.metadata.name ?? '')]);
    const lan = this.source.lanStates?.();
    const now = this.now();
    for (const name of names) {
      if (!name) continue;
      const lease = this.leaseOf(name);
      const speaker = !lease ? 'absent' : this.speakerLive(name, lease, lan, now) ? 'live' : 'down';
      if (this.nodes.now(name)?.speaker !== speaker) this.observeNode(name, lan);
    }
  }

  private leaseOf(node: string): KubeLease | undefined {
    return this.source.cache.get('leases', `${this.source.systemNamespace}/${speakerLeaseName(node)}`);
  }

  /**
   * A node's speaker is live when its peers hear it on the LAN (whatever its Lease says: the LAN
   * decides who announces); without LAN reports (older speakers, MetalLB's), when its Lease is.
   */
  private speakerLive(node: string, lease: KubeLease, lan: ReadonlyMap<string, LanState> | undefined, now: number): boolean {
    return heardOnLan(lan?.get(node)) ?? assessLease(lease, now).state !== 'down';
  }

  private observeNode(name: string, lan = this.source.lanStates?.()): void {
    const node = this.source.cache.get('nodes', name);
    const lease = this.leaseOf(name);
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
        lease: lease ? { live: this.speakerLive(name, lease, lan, now), instance: lease.metadata.annotations?.[INSTANCE_ANNOTATION] ?? null } : null,
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
    const svc = this.source.cache.get('services', key);
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

  private classify(key: string, from: string | null, to: string | null, base = this.baselineOf(key)) {
    // A Lease that stopped being renewed sends no event: read both nodes' liveness as of now, or a
    // move the speakers made on an expiry the last tick had not seen yet looks unexplained.
    if (from) this.observeNode(from);
    if (to) this.observeNode(to);
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

  private baselineOf(key: string): Baseline {
    return this.baselines.get(key) ?? { at: this.now(), service: this.serviceSnapshot(key) };
  }

  /** Writes a service's waiting move (with its best cause so far) before anything newer of it. */
  private decideMove(key: string, out: NewEntry[], force: boolean): void {
    const m = this.undecided.get(key);
    if (!m) return;
    const v = this.classify(key, m.from, m.to, m.base);
    if (!force && !DECISIVE.has(v.cause) && this.now() < m.until) return;
    this.undecided.delete(key);
    out.push({ ...m.entry, cause: v.cause, detail: v.detail });
  }

  /** Applies one service's new state: entries to write, the state to remember. */
  private apply(prev: TrackedService | undefined, next: TrackedService | undefined, view: ServiceView | undefined, out: NewEntry[], stamp?: { at: number; inferred: boolean }): void {
    const key = next?.key ?? prev?.key ?? '';
    const { drafts, tracked } = diffService(prev, next);
    if (drafts.length) this.decideMove(key, out, true);
    for (const d of drafts) {
      const entry = this.toEntry(d, view, stamp);
      const waits = d.kind === 'announcerChanged' && d.needsCause && !stamp && this.started && !DECISIVE.has(entry.cause ?? '');
      if (waits) this.undecided.set(key, { entry, from: d.previousNode, to: d.node, base: this.baselineOf(key), until: this.now() + CAUSE_WAIT_MS });
      else out.push(entry);
    }
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
      .list('events')
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
    // Every node as of this flush (its LAN membership is a join over all reports: any may change it).
    if (startup || batch?.nodes) this.tick();
    const views = startup ? this.source.serviceRows() : (batch?.services?.upserts ?? []);
    const seen = new Set<string>();
    for (const view of views) {
      const next = toTracked(view);
      seen.add(next.key);
      const prev = this.tracked.get(next.key);
      if (!startup && vacated(prev, next)) {
        if (!this.held.has(next.key)) this.held.set(next.key, { at: this.now(), view });
        continue;
      }
      this.held.delete(next.key);
      this.apply(prev, next, view, entries);
    }
    const settled = this.settleHeld(entries);
    for (const key of [...this.undecided.keys()]) this.decideMove(key, entries, false);
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
    if (startup) this.pools.inferDeleted(this.source.cache.list('ipaddresspools').map((p) => p.metadata.name ?? ''));
    entries.push(...this.pools.takeDrafts());
    this.started = true;
    this.nodes.settle();
    const written = this.write(entries, [...views, ...settled], removed);
    if (batch?.pools || startup) this.pools.sample(this.poolViews());
    return written;
  }

  /** Whether a service is held as a handover in progress (the dashboard flushes until it settles). */
  hasHeld(): boolean {
    return this.held.size > 0 || this.undecided.size > 0;
  }

  /** Held services still without an announcer after the grace: recorded as left with none, when it went. */
  private settleHeld(out: NewEntry[]): ServiceView[] {
    const due: ServiceView[] = [];
    const now = this.now();
    for (const [key, h] of this.held) {
      if (now - h.at < HANDOVER_GRACE_MS) continue;
      this.held.delete(key);
      this.apply(this.tracked.get(key), toTracked(h.view), h.view, out, { at: h.at, inferred: false });
      due.push(h.view);
    }
    return due;
  }

  private release(key: string, out: NewEntry[], removed: Set<string>, why: string): void {
    this.held.delete(key);
    this.decideMove(key, out, true);
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
