// The whole-list views that are small (pools, nodes, advertisements, preflight) and the event
// list: rebuilt together from the caches and the service rows, pushed only when they differ.
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import {
  compareEventsNewestFirst,
  groupIPsByPool,
  indexServiceIPs,
  runPreflight,
  toConfigStateView,
  toAdvertisementView,
  toEventView,
  toNodeView,
  toPoolView,
  type AdvertisementView,
  type EventView,
  type NodeView,
  type PoolView,
  type PreflightReport,
  type ServiceView,
  type StreamBatch,
  noExtraNetworkSources,
  toClusterNetwork,
  type ClusterNetwork,
  type ExtraNetworkSources,
  type KubeService,
  type AddressFact,
  withLanStates,
} from '../../lib/views';
import type { ClusterCache } from './cluster-cache';
import type { FactsMemo } from './cluster-facts';

export const EVENTS_LIMIT = 500;

type Changes = Pick<StreamBatch, 'pools' | 'nodes' | 'advertisements' | 'preflight'>;

/** Lease age ticks every renewal; it is not a change worth pushing. */
const stableNodeJson = (nodes: NodeView[]) => JSON.stringify(nodes.map((n) => ({ ...n, leaseAgeMs: null, leaseRenewedAt: null })));

export type ListView = 'pools' | 'nodes' | 'advertisements' | 'preflight' | 'network';

export class ListViews {
  private readonly dirty = new Set<ListView>(['pools', 'nodes', 'advertisements', 'preflight', 'network']);
  pools: PoolView[] = [];
  nodes: NodeView[] = [];
  advertisements: AdvertisementView[] = [];
  preflight: PreflightReport = { checks: [], warnings: 0, errors: 0 };
  private json = { pools: '', nodes: '', advertisements: '', preflight: '' };
  private events: EventView[] | null = null;
  /** What the cluster's address space looks like (rebuilt when nodes, Services or sources change). */
  network: ClusterNetwork = { ranges: [], addresses: [], notes: [] };
  private extra: ExtraNetworkSources = noExtraNetworkSources();
  private readonly clusterIPMemo = new WeakMap<KubeService, AddressFact[]>();
  private extraJson = '';
  /** False until the polled sources were read once (server/dashboard/network-sources.ts). */
  extraRead = false;

  constructor(
    private readonly cache: ClusterCache,
    private readonly facts: FactsMemo,
  ) {}

  mark(...views: ListView[]): void {
    for (const v of views) this.dirty.add(v);
  }

  isDirty(): boolean {
    return this.dirty.size > 0;
  }

  invalidateEvents(): void {
    this.events = null;
  }

  latestEvents(limit = EVENTS_LIMIT): EventView[] {
    this.events ??= this.cache
      .list('events')
      .map(toEventView)
      .sort(compareEventsNewestFirst)
      .slice(0, EVENTS_LIMIT);
    return this.events.slice(0, limit);
  }

  /** New polled sources; marks the network and preflight dirty only when they differ. */
  setExtraNetwork(extra: ExtraNetworkSources): void {
    this.extraRead = true;
    const json = JSON.stringify(extra);
    if (json === this.extraJson) return;
    this.extraJson = json;
    this.extra = extra;
    this.mark('network', 'preflight');
  }

  private buildNetwork(): ClusterNetwork {
    return toClusterNetwork({
      nodes: this.cache.list('nodes'),
      services: this.cache.list('services'),
      kubeProxyConfig: this.kubeProxyConfig(),
      extra: this.extra,
      memo: this.clusterIPMemo,
    });
  }

  kubeProxyConfig(): string | undefined {
    return this.cache.list('kubeProxy')[0]?.data?.['config.conf'];
  }

  private buildPools(rows: ServiceView[]): PoolView[] {
    const index = indexServiceIPs(rows);
    const ads = this.facts.advertisements();
    const byPool = groupIPsByPool(index, this.facts.findPoolByIP);
    return [...this.facts.pools().values()]
      .map((p: IPAddressPool) => toPoolView(p, index, ads, byPool.get(p.metadata.name ?? '') ?? []))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  private buildNodes(rows: ServiceView[], now: number): NodeView[] {
    const announced = new Map<string, { ips: string[]; services: string[] }>();
    for (const r of rows) {
      if (!r.node || (r.state !== 'announced' && r.state !== 'conflict')) continue;
      const entry = announced.get(r.node) ?? { ips: [], services: [] };
      entry.ips.push(...r.ips);
      entry.services.push(`${r.namespace}/${r.name}`);
      announced.set(r.node, entry);
    }
    const leases = this.facts.leasesByNode();
    const views = this.cache
      .list('nodes')
      .map((n) => {
        const name = n.metadata.name ?? '';
        return toNodeView(n, leases.get(name), announced.get(name) ?? { ips: [], services: [] }, now);
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return withLanStates(views); // who hears whom: a join across every node's report
  }

  private buildAdvertisements(): AdvertisementView[] {
    const pools = [...this.facts.pools().values()];
    const nodes = this.facts.nodes();
    return this.cache
      .list('l2advertisements')
      .map((ad) => toAdvertisementView(ad, pools, nodes))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Rebuilds what is marked dirty; returns only the lists whose content changed. */
  rebuild(rows: ServiceView[], now: number): { changes: Changes } {
    const d = this.dirty;
    if (d.has('pools')) this.pools = this.buildPools(rows);
    if (d.has('nodes')) this.nodes = this.buildNodes(rows, now);
    if (d.has('advertisements')) this.advertisements = this.buildAdvertisements();
    if (d.has('network')) this.network = this.buildNetwork();
    this.preflight = runPreflight({
      kubeProxyConfig: this.kubeProxyConfig(),
      pools: this.pools,
      advertisements: this.advertisements,
      nodes: this.nodes,
      services: rows,
      network: this.network,
      configurationStates: this.cache.list('configurationstates').map(toConfigStateView),
    });
    const changes: Changes = {};
    if (d.has('pools')) {
      const json = JSON.stringify(this.pools);
      if (json !== this.json.pools) changes.pools = this.pools;
      this.json.pools = json;
    }
    if (d.has('nodes')) {
      const json = stableNodeJson(this.nodes);
      if (json !== this.json.nodes) changes.nodes = this.nodes;
      this.json.nodes = json;
    }
    if (d.has('advertisements')) {
      const json = JSON.stringify(this.advertisements);
      if (json !== this.json.advertisements) changes.advertisements = this.advertisements;
      this.json.advertisements = json;
    }
    const pf = JSON.stringify([this.preflight.warnings, this.preflight.errors]);
    if (pf !== this.json.preflight) changes.preflight = { warnings: this.preflight.warnings, errors: this.preflight.errors };
    this.json.preflight = pf;
    d.clear();
    return { changes };
  }
}
