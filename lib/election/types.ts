// Plain input and output types of the Layer2 election (docs/semantics.md "Election"), shared by the speaker,
// the what-if view and the dashboard. No Kubernetes objects here: callers flatten them first.
import type { LabelSelector } from '../schemas/label-selector';

export type Labels = Readonly<Record<string, string>>;

/** Hashing is passed in (lib/ is pure); the server passes node:crypto sha256. */
export type HashFn = (s: string) => Uint8Array;

export interface NodeInfo {
  name: string;
  labels: Labels;
  /** Node condition NetworkUnavailable=True. */
  networkUnavailable: boolean;
  /** The node's speaker holds a live membership lease. */
  speakerLive: boolean;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  labels: Labels;
  /** status.loadBalancer.ingress IPs, in order; the first one names the ranking. */
  ips: readonly string[];
  /** The pool the IPs belong to, and that pool's labels (for ipAddressPoolSelectors). */
  pool: string;
  poolLabels?: Labels;
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** Nodes that host at least one serving endpoint of the service. */
  endpointNodes: readonly string[];
  /** metallb.io/allow-shared-ip, when set. */
  sharingKey?: string;
}

export interface PreferredNodeSelector {
  weight: number;
  preference: LabelSelector;
}

export interface AdvertisementInfo {
  name: string;
  /** Both empty means every pool. */
  ipAddressPools: readonly string[];
  ipAddressPoolSelectors: readonly LabelSelector[];
  /** Empty means every node; several are ORed. */
  nodeSelectors: readonly LabelSelector[];
  /** Empty means every service. */
  serviceSelectors: readonly LabelSelector[];
  preferredNodeSelectors: readonly PreferredNodeSelector[];
  interfaces: readonly string[];
}

export interface ElectionInput {
  nodes: readonly NodeInfo[];
  service: ServiceInfo;
  advertisements: readonly AdvertisementInfo[];
}

/** Orders distinct node names by sha256(node + "#" + ip) bytewise ascending. */
export interface Ranker {
  orderByHash(ip: string, nodes: readonly string[]): readonly string[];
}

/** Why a node is not a candidate for this service. */
export type NodeIneligibleReason =
  | 'speakerDown'
  | 'networkUnavailable'
  | 'excludedByLabel'
  | 'notSelectedByAdvertisement'
  | 'noLocalEndpoint';

/** Why nobody announces the service at all. */
export type ServiceBlockReason =
  | 'noIP'
  | 'noMatchingAdvertisement'
  | 'sharedIPWithServiceSelector'
  | 'noServingEndpoints';

export interface RankedCandidate {
  node: string;
  /** 1-based; rank 1 announces. */
  rank: number;
  /** Summed preferredNodeSelectors weight. */
  weight: number;
}

export type Election =
  | { elected: true; ip: string; winner: string; ranked: RankedCandidate[] }
  | { elected: false; reason: ServiceBlockReason | 'noCandidates'; detail: string };

export type AnnounceDecision =
  | { announce: true; node: string; ip: string }
  | { announce: false; reason: 'notOwner'; winner: string | null; detail: string }
  | {
      announce: false;
      reason: 'noServingEndpoints' | 'noMatchingAdvertisement' | 'sharedIPWithServiceSelector' | 'speakerNotLive';
      detail: string;
    };

export interface CandidateExplanation {
  node: string;
  /** Rank among candidates (1 announces), or null when the node is not a candidate. */
  rank: number | null;
  weight: number;
  status: 'announcing' | 'standby' | 'ineligible';
  reason: 'announcing' | 'lowerRank' | NodeIneligibleReason | ServiceBlockReason;
}
