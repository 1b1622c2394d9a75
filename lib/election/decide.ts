// The election itself: which node announces a service, whether this node should, and a
// per-node explanation for the UI. Every answer carries a reason, never a bare boolean.
import {
  advertisementsForPool,
  advertisementsForService,
  checkNodeEligibility,
  hasSharedIPServiceSelectorConflict,
  sumPreferenceWeight,
} from './candidates';
import { rankCandidates } from './ranking';
import type {
  AdvertisementInfo,
  AnnounceDecision,
  CandidateExplanation,
  Election,
  ElectionInput,
  NodeIneligibleReason,
  Ranker,
  ServiceBlockReason,
} from './types';

interface ServiceBlock {
  reason: ServiceBlockReason;
  detail: string;
}

/** Reasons that stop every node from announcing, whatever the nodes look like. */
export function findServiceBlock(input: ElectionInput): ServiceBlock | null {
  const { service, advertisements } = input;
  if (service.ips.length === 0) return { reason: 'noIP', detail: 'the service has no IP yet' };
  if (advertisementsForService(service, advertisements).length === 0) {
    const poolAds = advertisementsForPool(service, advertisements);
    const detail =
      poolAds.length === 0
        ? `no L2Advertisement selects pool "${service.pool}": its IPs are allocated but never announced`
        : `the L2Advertisements of pool "${service.pool}" do not select this service (serviceSelectors)`;
    return { reason: 'noMatchingAdvertisement', detail };
  }
  if (hasSharedIPServiceSelectorConflict(service, advertisements)) {
    return {
      reason: 'sharedIPWithServiceSelector',
      detail: `the service shares its IP (key "${service.sharingKey}") but an L2Advertisement of pool "${service.pool}" uses serviceSelectors`,
    };
  }
  if (service.endpointNodes.length === 0) {
    return { reason: 'noServingEndpoints', detail: 'no endpoint of the service is serving' };
  }
  return null;
}

function collectCandidates(input: ElectionInput, serviceAds: readonly AdvertisementInfo[]) {
  const candidates = new Map<string, number>();
  const ineligible = new Map<string, NodeIneligibleReason>();
  for (const node of input.nodes) {
    const why = checkNodeEligibility(node, input.service, serviceAds);
    if (why) ineligible.set(node.name, why);
    else candidates.set(node.name, sumPreferenceWeight(node, serviceAds));
  }
  return { candidates, ineligible };
}

/** Names the announcing node of a service, as every speaker computes it. */
export function electAnnouncer(input: ElectionInput, ranker: Ranker): Election {
  const block = findServiceBlock(input);
  if (block) return { elected: false, ...block };
  const serviceAds = advertisementsForService(input.service, input.advertisements);
  const { candidates } = collectCandidates(input, serviceAds);
  if (candidates.size === 0) {
    return { elected: false, reason: 'noCandidates', detail: 'no node is eligible to announce the service' };
  }
  const ip = input.service.ips[0];
  const ranked = rankCandidates(candidates, ip, ranker);
  return { elected: true, ip, winner: ranked[0].node, ranked };
}

/** The decision of the speaker on `myNode` for one service. */
export function shouldAnnounce(myNode: string, input: ElectionInput, ranker: Ranker): AnnounceDecision {
  const election = electAnnouncer(input, ranker);
  if (!election.elected && election.reason !== 'noIP' && election.reason !== 'noCandidates') {
    return { announce: false, reason: election.reason, detail: election.detail };
  }
  const me = input.nodes.find((n) => n.name === myNode);
  if (!me || !me.speakerLive) {
    return { announce: false, reason: 'speakerNotLive', detail: `the speaker on "${myNode}" holds no live lease` };
  }
  if (!election.elected) return { announce: false, reason: 'notOwner', winner: null, detail: election.detail };
  if (election.winner === myNode) return { announce: true, node: myNode, ip: election.ip };
  return {
    announce: false,
    reason: 'notOwner',
    winner: election.winner,
    detail: `node "${election.winner}" ranks first for ${election.ip}`,
  };
}

/**
 * Every node with its rank and the reason it announces or not: candidates in rank order
 * first, then the others by name.
 */
export function explainCandidates(input: ElectionInput, ranker: Ranker): CandidateExplanation[] {
  const serviceAds = advertisementsForService(input.service, input.advertisements);
  const byName = [...input.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const block = findServiceBlock(input);
  if (block) {
    return byName.map((node) => ({
      node: node.name,
      rank: null,
      weight: sumPreferenceWeight(node, serviceAds),
      status: 'ineligible',
      reason: block.reason,
    }));
  }
  const { candidates, ineligible } = collectCandidates(input, serviceAds);
  const ranked = candidates.size > 0 ? rankCandidates(candidates, input.service.ips[0], ranker) : [];
  const rankedRows: CandidateExplanation[] = ranked.map((c) => ({
    ...c,
    status: c.rank === 1 ? 'announcing' : 'standby',
    reason: c.rank === 1 ? 'announcing' : 'lowerRank',
  }));
  const otherRows: CandidateExplanation[] = byName
    .filter((node) => ineligible.has(node.name))
    .map((node) => ({
      node: node.name,
      rank: null,
      weight: sumPreferenceWeight(node, serviceAds),
      status: 'ineligible',
      reason: ineligible.get(node.name) as NodeIneligibleReason,
    }));
  return [...rankedRows, ...otherRows];
}
