// Public face of lib/election: Layer2 candidate set, ranking and announce decisions (docs/semantics.md "Election").
export type {
  AdvertisementInfo,
  AnnounceDecision,
  CandidateExplanation,
  Election,
  ElectionInput,
  HashFn,
  Labels,
  NodeIneligibleReason,
  NodeInfo,
  PreferredNodeSelector,
  RankedCandidate,
  Ranker,
  ServiceBlockReason,
  ServiceInfo,
} from './types';
export {
  EXCLUDE_LB_LABEL,
  advertisementsForPool,
  announceInterfaces,
  advertisementsForService,
  checkNodeEligibility,
  coversPool,
  hasSharedIPServiceSelectorConflict,
  selectsNode,
  selectsService,
  sumPreferenceWeight,
} from './candidates';
export { compareBytes, hashRanker, rankCandidates, rankingKey } from './ranking';
export { RankingCache } from './ranking-cache';
export { electAnnouncer, explainCandidates, findServiceBlock, shouldAnnounce } from './decide';
