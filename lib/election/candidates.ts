// Who may announce a service (docs/semantics.md "Election"): the advertisements covering it, each node's
// eligibility with the reason it fails, and the preferred-node weight it earns.
import type { LabelSelector } from '../schemas/label-selector';
import { selectorMatches } from '../config/label-selector';
import type { AdvertisementInfo, Labels, NodeIneligibleReason, NodeInfo, ServiceInfo } from './types';

/** The well-known node label that opts a node out of load-balancer duty. */
export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

const anyMatches = (selectors: readonly LabelSelector[], labels: Labels): boolean =>
  selectors.some((s) => selectorMatches(s, labels));

/** The advertisement covers the pool: named, selected by label, or both lists empty (all pools). */
export function coversPool(ad: AdvertisementInfo, pool: string, poolLabels: Labels = {}): boolean {
  if (ad.ipAddressPools.length === 0 && ad.ipAddressPoolSelectors.length === 0) return true;
  return ad.ipAddressPools.includes(pool) || anyMatches(ad.ipAddressPoolSelectors, poolLabels);
}

export function selectsService(ad: AdvertisementInfo, service: ServiceInfo): boolean {
  return ad.serviceSelectors.length === 0 || anyMatches(ad.serviceSelectors, service.labels);
}

export function selectsNode(ad: AdvertisementInfo, node: NodeInfo): boolean {
  return ad.nodeSelectors.length === 0 || anyMatches(ad.nodeSelectors, node.labels);
}

/** Advertisements for the service's pool (whatever their serviceSelectors). */
export function advertisementsForPool(
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
): AdvertisementInfo[] {
  return ads.filter((ad) => coversPool(ad, service.pool, service.poolLabels));
}

/** Advertisements that announce this service: cover its pool and select it. */
export function advertisementsForService(
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
): AdvertisementInfo[] {
  return advertisementsForPool(service, ads).filter((ad) => selectsService(ad, service));
}

/**
 * MetalLB #3025: services sharing an IP could match different advertisements through
 * serviceSelectors and elect different nodes, so a sharing key plus serviceSelectors on an
 * advertisement of the pool is refused. Depends only on the service itself, so the answer
 * does not flip when a sibling appears.
 */
export function hasSharedIPServiceSelectorConflict(
  service: ServiceInfo,
  ads: readonly AdvertisementInfo[],
): boolean {
  if (!service.sharingKey) return false;
  return advertisementsForPool(service, ads).some((ad) => ad.serviceSelectors.length > 0);
}

/** Why the node can't announce this service, or null when it is a candidate. */
export function checkNodeEligibility(
  node: NodeInfo,
  service: ServiceInfo,
  serviceAds: readonly AdvertisementInfo[],
): NodeIneligibleReason | null {
  if (!node.speakerLive) return 'speakerDown';
  if (node.networkUnavailable) return 'networkUnavailable';
  if (Object.hasOwn(node.labels, EXCLUDE_LB_LABEL)) return 'excludedByLabel';
  if (!serviceAds.some((ad) => selectsNode(ad, node))) return 'notSelectedByAdvertisement';
  if (service.externalTrafficPolicy === 'Local' && !service.endpointNodes.includes(node.name)) {
    return 'noLocalEndpoint';
  }
  return null;
}

/** Summed weight of every preferredNodeSelectors term (of the given advertisements) the node matches. */
export function sumPreferenceWeight(node: NodeInfo, ads: readonly AdvertisementInfo[]): number {
  let weight = 0;
  for (const ad of ads) {
    for (const p of ad.preferredNodeSelectors) {
      if (selectorMatches(p.preference, node.labels)) weight += p.weight;
    }
  }
  return weight;
}

/**
 * Interfaces the winner announces on: every eligible one when some advertisement selecting
 * the node leaves `interfaces` empty, else the union of the listed names (sorted).
 */
export function announceInterfaces(
  node: NodeInfo,
  serviceAds: readonly AdvertisementInfo[],
): { all: true } | { all: false; names: string[] } {
  const mine = serviceAds.filter((ad) => selectsNode(ad, node));
  if (mine.some((ad) => ad.interfaces.length === 0)) return { all: true };
  return { all: false, names: [...new Set(mine.flatMap((ad) => ad.interfaces))].sort() };
}
