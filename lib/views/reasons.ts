// Reasons in words: what the UI says for each election/allocation cause. One place, so a
// reason reads the same on the table, the detail page and the what-if view.
import type { NodeIneligibleReason } from '../election/types';

const NODE_REASON_WORDS: Record<NodeIneligibleReason, string> = {
  speakerDown: 'speaker down',
  networkUnavailable: 'network unavailable (NetworkUnavailable=True)',
  excludedByLabel: 'excluded by label node.kubernetes.io/exclude-from-external-load-balancers',
  notSelectedByAdvertisement: 'not selected by any L2Advertisement of the pool',
  noLocalEndpoint: 'no serving endpoint on this node (externalTrafficPolicy: Local)',
};

const OTHER_WORDS: Record<string, string> = {
  announcing: 'announcing',
  lowerRank: 'lower rank',
  noIP: 'the service has no IP',
  noMatchingAdvertisement: 'no L2Advertisement covers the pool and selects the service',
  sharedIPWithServiceSelector: 'shares its IP while an advertisement of the pool uses serviceSelectors',
  noServingEndpoints: 'no serving endpoints',
  noCandidates: 'no eligible node',
};

export function describeCandidateReason(code: string): string {
  return (NODE_REASON_WORDS as Record<string, string>)[code] ?? OTHER_WORDS[code] ?? code;
}

const ALLOCATION_PREFIX = /^Failed to allocate IP for "[^"]*": /;

/** Turns the controller's AllocationFailed message (docs/semantics.md "Allocation") into the reason a user reads. */
export function describeAllocationFailure(message: string): string {
  const why = message.replace(ALLOCATION_PREFIX, '').trim();
  const full = /^no available IPs in pool "([^"]+)"$/.exec(why);
  if (full) return `pool ${full[1]} is full`;
  if (why === 'no available IPs') return 'no pool has a free IP for this service';
  const unknown = /^unknown pool "([^"]+)"$/.exec(why);
  if (unknown) return `pool ${unknown[1]} does not exist`;
  return why || 'the controller could not allocate an IP';
}
