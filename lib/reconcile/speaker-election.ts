// Every service's announce decision for one speaker, through lib/election, grouped so that
// services with the same advertisements (and, for Local policy, the same endpoint nodes) share
// one candidate set: 10,000 services over 100 nodes re-elect without 10^6 eligibility checks.
import {
  advertisementsForPool,
  checkNodeEligibility,
  findServiceBlock,
  selectsNode,
  selectsService,
  sumPreferenceWeight,
  type AdvertisementInfo,
  type AnnounceDecision,
  type NodeInfo,
  type Ranker,
  type ServiceInfo,
} from '../election';

/** Where an announced service goes on the wire: every eligible interface, or the named ones. */
export type InterfaceSpec = { all: true } | { all: false; names: string[] };

export interface SpeakerView {
  /** This speaker's node name. */
  self: string;
  nodes: readonly NodeInfo[];
  /** The services this speaker handles (LoadBalancer, our class, with an IP). */
  services: readonly ServiceInfo[];
  advertisements: readonly AdvertisementInfo[];
  /** Names of the configured pools; a service whose IP is in none is never announced. */
  pools: ReadonlySet<string>;
  /**
   * Membership on the LAN: whether a live node is live on an interface the service would be
   * announced on (a node heard only on eth0 is no candidate for an IP advertised on eth1).
   * Absent: `speakerLive` alone decides.
   */
  liveOn?: (node: string, spec: InterfaceSpec) => boolean;
}

/**
 * Hash orders kept between passes by the caller: liveness changes never change the order of
 * all nodes, so a pass after a node loss reads each IP's order from here instead of asking the
 * ranker (which copies it). Reset whenever the set of known nodes changes.
 */
export interface OrderMemo {
  nodesKey: string;
  orders: Map<string, readonly string[]>;
}

export const createOrderMemo = (): OrderMemo => ({ nodesKey: '', orders: new Map() });

/**
 * Verdicts that do not depend on which speaker decides: a service blocked before any node is
 * considered (no IP in a configured pool, no advertisement, no serving endpoint), or null where
 * nothing blocks it. Kept by the caller per flattened service (same object = same service), and
 * shared by speakers deciding over one model: 100 simulated speakers then hold one verdict per
 * such service, not a hundred (1.5 M objects at 10,000 services, heap snapshot), and decide it
 * with one lookup. Valid for one set of advertisements and pools; reset when they change.
 */
export interface BlockedMemo {
  advertisements: readonly AdvertisementInfo[] | null;
  poolsKey: string;
  verdicts: Map<ServiceInfo, ServiceVerdict | null>;
}

export const createBlockedMemo = (): BlockedMemo => ({ advertisements: null, poolsKey: '', verdicts: new Map() });

/** The memo for this view's advertisements and pools: emptied when they changed, pruned when it outgrew the services. */
function readyBlockedMemo(memo: BlockedMemo, view: SpeakerView): Map<ServiceInfo, ServiceVerdict | null> {
  const poolsKey = [...view.pools].sort().join('\u0000');
  if (memo.advertisements !== view.advertisements || memo.poolsKey !== poolsKey) {
    memo.advertisements = view.advertisements;
    memo.poolsKey = poolsKey;
    memo.verdicts = new Map();
  } else if (memo.verdicts.size > view.services.length * 2 + 100) {
    const kept = new Map<ServiceInfo, ServiceVerdict | null>();
    for (const s of view.services) if (memo.verdicts.has(s)) kept.set(s, memo.verdicts.get(s) ?? null);
    memo.verdicts = kept;
  }
  return memo.verdicts;
}

export interface ServiceVerdict {
  /** `namespace/name` */
  key: string;
  service: ServiceInfo;
  decision: AnnounceDecision;
  /** Meaningful when decision.announce: the interfaces the advertisements allow on this node. */
  interfaces: InterfaceSpec;
}

const NO_INTERFACES: InterfaceSpec = { all: false, names: [] };

export const serviceKeyOf = (s: { namespace: string; name: string }): string => `${s.namespace}/${s.name}`;

/** A candidate set shared by a group of services, with its highest preference weight. */
interface CandidateGroup {
  weights: Map<string, number>;
  maxWeight: number;
}

function collectGroupCandidates(
  ctx: PassContext,
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
): CandidateGroup {
  // Local policy: only endpoint nodes can qualify, so only they are checked.
  const nodes =
    service.externalTrafficPolicy === 'Local'
      ? service.endpointNodes.map((n) => ctx.nodeByName.get(n)).filter((n): n is NodeInfo => n !== undefined)
      : ctx.view.nodes;
  const weights = new Map<string, number>();
  // Without named interfaces a node is live for the service wherever it is live at all.
  const liveOn = ads.some((ad) => ad.interfaces.length > 0) ? ctx.view.liveOn : undefined;
  for (const node of nodes) {
    if (checkNodeEligibility(node, service, ads) !== null) continue;
    if (liveOn && !liveOn(node.name, resolveInterfaceSpec(ads, node))) continue;
    weights.set(node.name, sumPreferenceWeight(node, ads));
  }
  return { weights, maxWeight: Math.max(0, ...weights.values()) };
}

/** The interfaces of the advertisements that announce the service and select this node. */
export function resolveInterfaceSpec(ads: readonly AdvertisementInfo[], me: NodeInfo): InterfaceSpec {
  const mine = ads.filter((ad) => selectsNode(ad, me));
  if (mine.length === 0) return NO_INTERFACES;
  if (mine.some((ad) => ad.interfaces.length === 0)) return { all: true };
  return { all: false, names: [...new Set(mine.flatMap((ad) => ad.interfaces))].sort() };
}

/** The advertisements of one pool, computed once per pass. */
interface PoolAds {
  ads: AdvertisementInfo[];
  /** Some of them use serviceSelectors: the per-service filter (and the sharing rule) apply. */
  hasServiceSelectors: boolean;
  /** Group key of `ads` when no serviceSelectors filter them. */
  key: string;
}

/** Everything a pass computes once and shares between services. */
interface PassContext {
  view: SpeakerView;
  me: NodeInfo | undefined;
  nodeByName: Map<string, NodeInfo>;
  poolAds: Map<string, PoolAds>;
  groups: Map<string, CandidateGroup>;
  orderOf: (ip: string) => readonly string[];
  /** See BlockedMemo; absent: every pass decides every block again. */
  blocked?: Map<ServiceInfo, ServiceVerdict | null>;
}

function readPoolAds(ctx: PassContext, service: ServiceInfo): PoolAds {
  let entry = ctx.poolAds.get(service.pool);
  if (!entry) {
    const ads = advertisementsForPool(service, ctx.view.advertisements);
    entry = {
      ads,
      hasServiceSelectors: ads.some((a) => a.serviceSelectors.length > 0),
      key: ads.map((a) => a.name).join('\u0000'),
    };
    ctx.poolAds.set(service.pool, entry);
  }
  return entry;
}

const blockedVerdict = (key: string, service: ServiceInfo, decision: AnnounceDecision): ServiceVerdict => ({
  key,
  service,
  decision,
  interfaces: NO_INTERFACES,
});

/** Why nobody announces the service (lib/election's reasons), or null. Cheap when nothing blocks. */
function findBlock(
  ctx: PassContext,
  service: ServiceInfo,
  pool: PoolAds,
  ads: readonly AdvertisementInfo[],
): AnnounceDecision | null {
  if (!ctx.view.pools.has(service.pool)) {
    return {
      announce: false,
      reason: 'noMatchingAdvertisement',
      detail: `${service.ips[0] ?? 'the IP'} is in no configured IPAddressPool`,
    };
  }
  const sharingConflict = service.sharingKey !== undefined && pool.hasServiceSelectors;
  if (ads.length > 0 && !sharingConflict && service.endpointNodes.length > 0 && service.ips.length > 0)
    return null;
  const block = findServiceBlock({ nodes: ctx.view.nodes, service, advertisements: ctx.view.advertisements });
  if (!block) return null;
  if (block.reason === 'noIP')
    return { announce: false, reason: 'notOwner', winner: null, detail: block.detail };
  return { announce: false, reason: block.reason, detail: block.detail };
}

function decideOne(ctx: PassContext, service: ServiceInfo): ServiceVerdict {
  const known = ctx.blocked?.get(service);
  if (known) return known;
  const key = serviceKeyOf(service);
  const pool = readPoolAds(ctx, service);
  const ads = pool.hasServiceSelectors ? pool.ads.filter((ad) => selectsService(ad, service)) : pool.ads;
  if (known === undefined) {
    const blocked = findBlock(ctx, service, pool, ads);
    const verdict = blocked ? blockedVerdict(key, service, blocked) : null;
    ctx.blocked?.set(service, verdict);
    if (verdict) return verdict;
  }
  const me = ctx.me;
  if (!me || !me.speakerLive) {
    return blockedVerdict(key, service, {
      announce: false,
      reason: 'speakerNotLive',
      detail: `the speaker on "${ctx.view.self}" holds no live lease`,
    });
  }
  const adsKey = pool.hasServiceSelectors ? ads.map((a) => a.name).join('\u0000') : pool.key;
  const groupKey =
    service.externalTrafficPolicy === 'Local'
      ? `${adsKey}\u0001${service.endpointNodes.join('\u0000')}`
      : adsKey;
  let group = ctx.groups.get(groupKey);
  if (!group) {
    group = collectGroupCandidates(ctx, service, ads);
    ctx.groups.set(groupKey, group);
  }
  const ip = service.ips[0];
  if (group.weights.size === 0) {
    return blockedVerdict(key, service, {
      announce: false,
      reason: 'notOwner',
      winner: null,
      detail: 'no node is eligible to announce the service',
    });
  }
  const winner = pickWinner(group, ctx.orderOf(ip));
  if (winner === ctx.view.self)
    return {
      key,
      service,
      decision: { announce: true, node: winner, ip },
      interfaces: resolveInterfaceSpec(ads, me),
    };
  return blockedVerdict(key, service, {
    announce: false,
    reason: 'notOwner',
    winner,
    detail: `node "${winner}" ranks first for ${ip}`,
  });
}

/**
 * The decision of `view.self` for every service, in the same order as view.services. Agrees
 * with lib/election's shouldAnnounce service by service (a property test holds it to that).
 */
export function decideAllServices(
  view: SpeakerView,
  ranker: Ranker,
  memo: OrderMemo = createOrderMemo(),
  blocked?: BlockedMemo,
): ServiceVerdict[] {
  const allNames = view.nodes.map((n) => n.name);
  const nodesKey = allNames.join('\u0000');
  if (memo.nodesKey !== nodesKey) {
    memo.nodesKey = nodesKey;
    memo.orders.clear();
  }
  const ctx: PassContext = {
    view,
    me: view.nodes.find((n) => n.name === view.self),
    nodeByName: new Map(view.nodes.map((n) => [n.name, n])),
    poolAds: new Map(),
    groups: new Map(),
    blocked: blocked && readyBlockedMemo(blocked, view),
    orderOf(ip) {
      let order = memo.orders.get(ip);
      if (!order) {
        order = ranker.orderByHash(ip, allNames);
        memo.orders.set(ip, order);
      }
      return order;
    },
  };
  const verdicts = view.services.map((service) => decideOne(ctx, service));
  if (memo.orders.size > view.services.length * 2 + 100) pruneMemo(memo, view.services);
  return verdicts;
}

/** Drops the orders of IPs no service holds any more. */
function pruneMemo(memo: OrderMemo, services: readonly ServiceInfo[]): void {
  const held = new Set(services.map((s) => s.ips[0]));
  for (const ip of [...memo.orders.keys()]) if (!held.has(ip)) memo.orders.delete(ip);
}

/**
 * rankCandidates' first place without sorting: the hash order of every node (a RankingCache
 * answers it from memory, whoever is alive) filtered to the top weight tier. Equivalent
 * because rankCandidates' weight sort is stable over the hash order.
 */
function pickWinner(group: CandidateGroup, orderOfAllNodes: readonly string[]): string {
  for (const node of orderOfAllNodes) {
    if (group.weights.get(node) === group.maxWeight) return node;
  }
  throw new Error('candidate missing from the hash order of all nodes');
}
