// The what-if of a configuration change (a pool or advertisement created, edited or deleted):
// which services would change IP or go pending (the controller's allocator, replayed), which
// would change announcing node (the speakers' own decideAllServices), and which pools would lose
// their last L2Advertisement. Pure; the server hands in the cluster as its caches hold it.
import type { Config, PoolConfig } from '../config';
import { coversPool, type NodeInfo, type Ranker } from '../election';
import { checkServiceHandled, findPoolFor, readIngressIPs, toServiceInfo, type EndpointSliceObject } from '../reconcile/speaker-inputs';
import { decideAllServices, serviceKeyOf } from '../reconcile/speaker-election';
import { isLoadBalancer, isOurClass, serviceKey, type Labels, type ServiceObject } from '../reconcile/controller-service';
import { fingerprintPools } from '../reconcile/controller-config';
import { err, ok, type Result } from '../result';
import { replayAllocations, type ReplayedService } from './allocation-replay';
import { applyConfigChanges, type ConfigChange, type ConfigObjects } from './config-draft';
import { POOL_ANNOTATION } from './election-input';
import { summarisePreview, type PreviewSummary } from './preview-summary';

export interface PreviewCluster {
  systemNamespace: string;
  loadBalancerClass?: string;
  /** The pools and advertisements as stored now. */
  current: ConfigObjects;
  /** Every Service (the controller looks at all of them). */
  services: readonly ServiceObject[];
  namespaceLabels: (namespace: string) => Labels;
  slicesOf: (serviceKey: string) => readonly EndpointSliceObject[];
  /** Nodes with their speakers' liveness, as the dashboard sees them. */
  nodes: readonly NodeInfo[];
}

export interface IPChange {
  service: string;
  before: string[];
  after: string[];
  poolBefore: string | null;
  poolAfter: string | null;
  /** Why the service would have no IP (the allocator's words). */
  reason?: string;
}

export interface AnnouncerMove {
  service: string;
  /** The IP announced after the change (before it, when the service loses its IP). */
  ip: string;
  from: string | null;
  to: string | null;
  /** Why nobody would announce it, when `to` is null. */
  reason?: string;
}

export interface ConfigPreview {
  changes: { op: ConfigChange['op']; kind: ConfigChange['kind']; name: string }[];
  ipChanges: IPChange[];
  announcerMoves: AnnouncerMove[];
  /** Pools announced before that no L2Advertisement would select after. */
  poolsLosingAdvertisement: string[];
  /** New pools that no L2Advertisement would select: allocated from, never announced. */
  newPoolsWithoutAdvertisement: string[];
  servicesConsidered: number;
  summary: PreviewSummary;
  /** Things the preview could not know exactly. */
  warnings: string[];
}

interface Side {
  config: Config | null;
  ips: (svc: ServiceObject) => string[];
  poolOf: (svc: ServiceObject) => string | undefined;
}

interface Announced {
  node: string | null;
  ip: string;
  reason?: string;
}

/** The service as the speakers would read it on this side: its IPs and the pool annotation. */
function asSeen(svc: ServiceObject, side: Side): ServiceObject {
  const ips = side.ips(svc);
  const pool = side.poolOf(svc);
  const annotations = { ...(svc.metadata.annotations ?? {}) };
  if (pool) annotations[POOL_ANNOTATION] = pool;
  else delete annotations[POOL_ANNOTATION];
  return { ...svc, metadata: { ...svc.metadata, annotations }, status: { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } } };
}

/** Who announces each service on one side, with the speakers' own pass (lib/reconcile). */
function electAll(cluster: PreviewCluster, subset: readonly ServiceObject[], side: Side, ranker: Ranker): Map<string, Announced> {
  const out = new Map<string, Announced>();
  const config = side.config;
  if (!config) return out;
  const loadBalancerClass = cluster.loadBalancerClass;
  const services = subset
    .map((s) => asSeen(s, side))
    .filter((s) => checkServiceHandled(s, loadBalancerClass) === null)
    .map((s) => toServiceInfo(s, cluster.slicesOf(serviceKey(s)), config.pools));
  const self = cluster.nodes.find((n) => n.speakerLive);
  if (!self) {
    for (const s of services) out.set(serviceKeyOf(s), { node: null, ip: s.ips[0], reason: 'no node runs a live speaker' });
    return out;
  }
  const view = { self: self.name, nodes: cluster.nodes, services, advertisements: config.advertisements, pools: new Set(config.pools.map((p) => p.name)) };
  for (const v of decideAllServices(view, ranker)) {
    const d = v.decision;
    const node = d.announce ? d.node : d.reason === 'notOwner' ? d.winner : null;
    out.set(v.key, { node, ip: v.service.ips[0], ...(node ? {} : { reason: d.announce ? undefined : d.detail }) });
  }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function observedSide(config: Config | null): Side {
  const pools = config?.pools ?? [];
  return { config, ips: readIngressIPs, poolOf: (svc) => findPoolFor(readIngressIPs(svc), svc.metadata.annotations?.[POOL_ANNOTATION], pools)?.name };
}

/** After the change: the replayed allocation; services of another loadBalancerClass keep what they show. */
function replayedSide(config: Config, replay: Map<string, ReplayedService>, loadBalancerClass?: string): Side {
  const entry = (svc: ServiceObject) => replay.get(serviceKey(svc));
  return {
    config,
    ips: (svc) => entry(svc)?.ips ?? (isOurClass(svc, loadBalancerClass) ? [] : readIngressIPs(svc)),
    poolOf: (svc) => entry(svc)?.pool,
  };
}

function diffIPs(cluster: PreviewCluster, before: Side, after: Side, replay: Map<string, ReplayedService>): IPChange[] {
  const out: IPChange[] = [];
  for (const svc of cluster.services) {
    const b = before.ips(svc);
    const a = after.ips(svc);
    if (sameList(a, b)) continue;
    const key = serviceKey(svc);
    const reason = a.length === 0 ? replay.get(key)?.reason : undefined;
    out.push({ service: key, before: b, after: a, poolBefore: before.poolOf(svc) ?? null, poolAfter: after.poolOf(svc) ?? null, ...(reason ? { reason } : {}) });
  }
  return out.sort((x, y) => (x.service < y.service ? -1 : 1));
}

function diffAnnouncers(before: Map<string, Announced>, after: Map<string, Announced>): AnnouncerMove[] {
  const out: AnnouncerMove[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const from = b?.node ?? null;
    const to = a?.node ?? null;
    if (from === to) continue;
    const reason = to === null ? (a?.reason ?? 'the service would have no IP') : undefined;
    out.push({ service: key, ip: a?.ip ?? b?.ip ?? '', from, to, ...(reason ? { reason } : {}) });
  }
  return out.sort((x, y) => (x.service < y.service ? -1 : 1));
}

const covered = (config: Config, pool: PoolConfig) => config.advertisements.some((ad) => coversPool(ad, pool.name, pool.labels));

function diffCoverage(before: Config | null, after: Config) {
  const losing: string[] = [];
  const uncoveredNew: string[] = [];
  for (const pool of after.pools) {
    if (covered(after, pool)) continue;
    const old = before?.pools.find((p) => p.name === pool.name);
    if (!old) uncoveredNew.push(pool.name);
    else if (before && covered(before, old)) losing.push(pool.name);
  }
  return { losing, uncoveredNew };
}

/** JSON of the advertisements that cover each pool: a pool whose text changed may change announcer. */
function adsByPool(config: Config): Map<string, string> {
  // selectedPools lists every pool an advertisement covers: a new pool elsewhere changes it, not the election here.
  const text = (ad: Config['advertisements'][number]) => JSON.stringify({ ...ad, selectedPools: undefined });
  return new Map(config.pools.map((p) => [p.name, JSON.stringify([p.labels, config.advertisements.filter((ad) => coversPool(ad, p.name, p.labels)).map(text)])]));
}

/**
 * The services whose election can differ: their IPs or pool change, or the advertisements of
 * their pool do. The others keep their announcer (same inputs, same code), so a preview on a
 * large cluster elects only what the change touches.
 */
function touchedServices(cluster: PreviewCluster, before: Side, after: Side): ServiceObject[] {
  if (!before.config || !after.config) return [...cluster.services];
  const a = adsByPool(before.config);
  const b = adsByPool(after.config);
  const changed = new Set([...a.keys(), ...b.keys()].filter((p) => a.get(p) !== b.get(p)));
  return cluster.services.filter((svc) => {
    const [pb, pa] = [before.poolOf(svc), after.poolOf(svc)];
    return pb !== pa || !sameList(before.ips(svc), after.ips(svc)) || changed.has(pb ?? '') || changed.has(pa ?? '');
  });
}

/** The preview of `changes` on the cluster as it is, or why the API server would refuse them. */
export function computeConfigPreview(cluster: PreviewCluster, changes: readonly ConfigChange[], ranker: Ranker): Result<ConfigPreview, string> {
  const ns = cluster.systemNamespace;
  const draft = applyConfigChanges(cluster.current, changes, ns);
  if (!draft.ok) return err(draft.error);
  const now = applyConfigChanges(cluster.current, [], ns);
  const warnings = now.ok ? [] : [`today's configuration is invalid (${now.error}): the controller keeps an older one, so "before" is what the services show`];
  const beforeConfig = now.ok ? now.value.config : null;
  const afterConfig = draft.value.config;
  // Only pools decide allocation: with the same pools, every service keeps what it shows.
  const poolsChanged = !beforeConfig || fingerprintPools(beforeConfig.pools) !== fingerprintPools(afterConfig.pools);
  const replay = poolsChanged
    ? replayAllocations({ services: cluster.services, namespaceLabels: cluster.namespaceLabels, loadBalancerClass: cluster.loadBalancerClass, before: beforeConfig?.pools ?? null, after: afterConfig.pools })
    : new Map<string, ReplayedService>();
  const before = observedSide(beforeConfig);
  const after = poolsChanged ? replayedSide(afterConfig, replay, cluster.loadBalancerClass) : observedSide(afterConfig);
  const touched = touchedServices(cluster, before, after);
  const announcedBefore = electAll(cluster, touched, before, ranker);
  const announcedAfter = electAll(cluster, touched, after, ranker);
  const coverage = diffCoverage(beforeConfig, afterConfig);
  const preview = {
    changes: changes.map((c) => ({ op: c.op, kind: c.kind, name: c.name })),
    ipChanges: diffIPs(cluster, before, after, replay),
    announcerMoves: diffAnnouncers(announcedBefore, announcedAfter),
    poolsLosingAdvertisement: coverage.losing,
    newPoolsWithoutAdvertisement: coverage.uncoveredNew,
    servicesConsidered: cluster.services.filter((svc) => isLoadBalancer(svc) && isOurClass(svc, cluster.loadBalancerClass)).length,
    warnings,
  };
  return ok({ ...preview, summary: summarisePreview(preview) });
}
