// Every service's announce decision for one speaker, through lib/election, grouped so that
// services with the same advertisements (and, for Local policy, the same endpoint nodes) share
// one candidate set: 10,000 services over 100 nodes re-elect without 10^6 eligibility checks.
import {
  advertisementsForService,
  checkNodeEligibility,
  findServiceBlock,
  selectsNode,
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

/** Same eligibility and weights for every service with this key. */
function candidateGroupKey(service: ServiceInfo, ads: readonly AdvertisementInfo[]): string {
  const names = ads.map((a) => a.name).join('\u0000');
  return service.externalTrafficPolicy === 'Local' ? `${names}\u0001${service.endpointNodes.join('\u0000')}` : names;
}

/** A candidate set shared by a group of services, with its highest preference weight. */
interface CandidateGroup {
  weights: Map<string, number>;
  maxWeight: number;
}

function collectGroupCandidates(
  nodes: readonly NodeInfo[],
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
): CandidateGroup {
  const weights = new Map<string, number>();
  for (const node of nodes) {
    if (checkNodeEligibility(node, service, ads) === null) weights.set(node.name, sumPreferenceWeight(node, ads));
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

function decideBlocked(view: SpeakerView, service: ServiceInfo): AnnounceDecision | null {
  if (!view.pools.has(service.pool)) {
    return {
      announce: false,
      reason: 'noMatchingAdvertisement',
      detail: `${service.ips[0] ?? 'the IP'} is in no configured IPAddressPool`,
    };
  }
  const block = findServiceBlock({ nodes: view.nodes, service, advertisements: view.advertisements });
  if (block && block.reason !== 'noIP') return { announce: false, reason: block.reason, detail: block.detail };
  return null;
}

/**
 * The decision of `view.self` for every service, in the same order as view.services. Agrees
 * with lib/election's shouldAnnounce service by service (a property test holds it to that).
 */
export function decideAllServices(view: SpeakerView, ranker: Ranker): ServiceVerdict[] {
  const me = view.nodes.find((n) => n.name === view.self);
  const groups = new Map<string, CandidateGroup>();
  const allNames = view.nodes.map((n) => n.name);
  const verdicts: ServiceVerdict[] = [];
  for (const service of view.services) {
    const key = serviceKeyOf(service);
    const blocked = decideBlocked(view, service);
    if (blocked) {
      verdicts.push({ key, service, decision: blocked, interfaces: NO_INTERFACES });
      continue;
    }
    if (!me || !me.speakerLive) {
      const detail = `the speaker on "${view.self}" holds no live lease`;
      verdicts.push({ key, service, decision: { announce: false, reason: 'speakerNotLive', detail }, interfaces: NO_INTERFACES });
      continue;
    }
    const ads = advertisementsForService(service, view.advertisements);
    const groupKey = candidateGroupKey(service, ads);
    let candidates = groups.get(groupKey);
    if (!candidates) {
      candidates = collectGroupCandidates(view.nodes, service, ads);
      groups.set(groupKey, candidates);
    }
    verdicts.push({ key, service, ...decideRanked(view.self, me, service, ads, candidates, () => ranker.orderByHash(service.ips[0], allNames)) });
  }
  return verdicts;
}

function decideRanked(
  self: string,
  me: NodeInfo,
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
  candidates: CandidateGroup,
  orderAll: () => readonly string[],
): { decision: AnnounceDecision; interfaces: InterfaceSpec } {
  const ip = service.ips[0];
  if (candidates.weights.size === 0) {
    const detail = 'no node is eligible to announce the service';
    return { decision: { announce: false, reason: 'notOwner', winner: null, detail }, interfaces: NO_INTERFACES };
  }
  const winner = pickWinner(candidates, orderAll());
  if (winner === self) return { decision: { announce: true, node: self, ip }, interfaces: resolveInterfaceSpec(ads, me) };
  const detail = `node "${winner}" ranks first for ${ip}`;
  return { decision: { announce: false, reason: 'notOwner', winner, detail }, interfaces: NO_INTERFACES };
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
