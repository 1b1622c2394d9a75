// Read operations of the dashboard: each flushes pending changes first so the answer carries
// the (epoch, seq) it reflects, then reads the live views. Nothing here writes.
import { explainCandidates } from '../../lib/election';
import { RESOURCES, getObject } from '../kube';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import {
  countByState,
  describeCandidateReason,
  ingressIPs,
  indexServiceIPs,
  summariseEndpoints,
  toEventView,
  toPoolDetail,
  toServiceInfo,
  compareEventsNewestFirst,
  indexLabels,
  withLeaseAges,
  speakerOn,
  type CandidateRow,
  type LabelIndex,
  type KubeService,
  type OverviewView,
  type ServiceDetail,
  type StreamPosition,
  type Versioned,
} from '../../lib/views';
import type { Dashboard } from './dashboard';
import { notFound } from './errors';

async function fresh(dash: Dashboard): Promise<void> {
  await dash.ready();
  dash.push(true);
}

function currentNodes(dash: Dashboard) {
  const leases = dash.state.facts.leasesByNode();
  return withLeaseAges(dash.state.lists.nodes, (n) => leases.get(n), Date.now());
}

const versioned = <T>(dash: Dashboard, items: T[]): Versioned<T> => ({ epoch: dash.state.epoch, seq: dash.state.seq, items });

export async function readOverview(dash: Dashboard): Promise<OverviewView & StreamPosition> {
  await fresh(dash);
  const s = dash.state;
  const counts = countByState(s.serviceRows());
  return {
    epoch: s.epoch,
    seq: s.seq,
    counts,
    pools: s.lists.pools,
    nodes: currentNodes(dash),
    events: s.lists.latestEvents(12),
    preflight: { warnings: s.lists.preflight.warnings, errors: s.lists.preflight.errors },
  };
}

/**
 * The whole list as cached JSON (10,000 rows are ~3.5 MB). Filters are applied by the server
 * process on its mirror of this list (server/host/services-mirror.ts).
 */
export async function readServices(dash: Dashboard): Promise<{ json: string }> {
  await dash.ready();
  dash.push(false);
  return { json: dash.state.servicesListJson() };
}

function candidateRows(dash: Dashboard, svc: KubeService, key: string, pool: string | null): CandidateRow[] | null {
  if (!pool || ingressIPs(svc).length === 0) return null;
  const endpoints = summariseEndpoints(dash.state.indexes.slices.values(key));
  const info = toServiceInfo(svc, pool, dash.state.facts.pools().get(pool), endpoints);
  const rows = explainCandidates({ nodes: dash.state.facts.nodes(), service: info, advertisements: dash.state.facts.advertisements() }, dash.ranker);
  return rows.map((r) => ({ node: r.node, rank: r.rank, status: r.status, reasonCode: r.reason, reason: describeCandidateReason(r.reason), weight: r.weight }));
}

export async function readServiceDetail(dash: Dashboard, namespace: string, name: string): Promise<ServiceDetail> {
  await fresh(dash);
  const key = `${namespace}/${name}`;
  const view = dash.state.getView(key);
  const svc = dash.cache.get('services', key);
  if (!view || !svc) throw notFound(`LoadBalancer service ${key}`);
  const events = dash.cache
    .list('events')
    .filter((e) => e.involvedObject?.kind === 'Service' && e.involvedObject.namespace === namespace && e.involvedObject.name === name)
    .map(toEventView)
    .sort(compareEventsNewestFirst)
    .slice(0, 50);
  return {
    service: view,
    candidates: candidateRows(dash, svc, key, view.pool),
    events,
    l2Statuses: dash.state.statusEntries(key).map((s) => ({ ...s, speaker: speakerOn(dash.state.facts, s.node) })),
    endpoints: summariseEndpoints(dash.state.indexes.slices.values(key)).endpoints,
    epoch: dash.state.epoch,
    seq: dash.state.seq,
  };
}

export async function readPools(dash: Dashboard) {
  await fresh(dash);
  return versioned(dash, dash.state.lists.pools);
}

export async function readPool(dash: Dashboard, name: string) {
  await fresh(dash);
  const pool = dash.state.facts.pools().get(name) as IPAddressPool | undefined;
  if (!pool) throw notFound(`IPAddressPool ${name}`);
  const index = indexServiceIPs(dash.state.serviceRows());
  return { ...toPoolDetail(pool, index, dash.state.facts.advertisements()), epoch: dash.state.epoch, seq: dash.state.seq };
}

export async function readAdvertisements(dash: Dashboard) {
  await fresh(dash);
  return versioned(dash, dash.state.lists.advertisements);
}

export async function readAdvertisement(dash: Dashboard, name: string) {
  await fresh(dash);
  const ad = dash.state.lists.advertisements.find((a) => a.name === name);
  if (!ad) throw notFound(`L2Advertisement ${name}`);
  return ad;
}

export async function readNodes(dash: Dashboard) {
  await fresh(dash);
  return versioned(dash, currentNodes(dash));
}

export async function readEvents(dash: Dashboard, limit?: number) {
  await fresh(dash);
  return versioned(dash, dash.state.lists.latestEvents(limit));
}

export async function readPreflight(dash: Dashboard) {
  await dash.networkSourcesRead();
  await fresh(dash);
  return { ...dash.state.lists.preflight, epoch: dash.state.epoch, seq: dash.state.seq };
}

export function readStreamPosition(dash: Dashboard) {
  return { epoch: dash.state.epoch, seq: dash.state.seq };
}

const RAW_KINDS = { IPAddressPool: 'ipaddresspools', L2Advertisement: 'l2advertisements', Node: 'nodes' } as const;

/**
 * The object as the API server has it now (for audit "before" images); null when absent. Read
 * from the server, not the informer cache: right after a write the cache may still lag.
 */
export async function readRawObject(dash: Dashboard, kind: string, name: string): Promise<unknown> {
  await dash.ready();
  if (kind === 'ConfigMap' && name === 'kube-system/kube-proxy') {
    return (await getObject(dash.kube, RESOURCES.configmaps, { namespace: 'kube-system', name: 'kube-proxy' })) ?? null;
  }
  const resource = RAW_KINDS[kind as keyof typeof RAW_KINDS];
  if (!resource) return null;
  const ref = RESOURCES[resource];
  const namespace = ref.namespaced ? dash.systemNamespace : undefined;
  return (await getObject(dash.kube, ref, { namespace, name })) ?? null;
}

/** The labels in use on namespaces, nodes, services and pools: the selector editor's autocomplete. */
export async function readLabelIndex(dash: Dashboard): Promise<LabelIndex> {
  await dash.ready();
  const of = (kind: 'namespaces' | 'nodes' | 'services' | 'ipaddresspools') => indexLabels(dash.cache.list(kind));
  const namespaceNames = dash.cache.list('namespaces').map((n) => n.metadata.name ?? '').sort();
  return { namespaces: of('namespaces'), nodes: of('nodes'), services: of('services'), pools: of('ipaddresspools'), namespaceNames };
}
