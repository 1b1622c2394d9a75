// The dashboard's view models: what the worker sends and the browser renders. Plain JSON data,
// built by the pure joins in this folder from Kubernetes objects; never the source of truth.

/** The one vocabulary of service states (docs/ui.md "States and colours"). */
export type ServiceState = 'announced' | 'pending' | 'notAnnounced' | 'conflict';

/** Machine-readable cause next to the words; the words are what the UI shows. */
export type ServiceReasonCode =
  | 'announced'
  | 'waitingForController'
  | 'noPools'
  | 'allocationFailed'
  | 'foreignClass'
  | 'noMatchingAdvertisement'
  | 'noServingEndpoints'
  | 'noEligibleNode'
  | 'sharedIPWithServiceSelector'
  | 'waitingForSpeaker'
  | 'announcerDown'
  | 'twoAnnouncers'
  | 'foreignMAC';

export interface ServiceView {
  uid: string;
  namespace: string;
  name: string;
  ips: string[];
  pool: string | null;
  /** The node whose speaker announces the IPs (from ServiceL2Status), if any. */
  node: string | null;
  interfaces: string[];
  /** When the current announcer took over (ServiceL2Status creation), ISO time. */
  since: string | null;
  ports: string[];
  trafficPolicy: 'Cluster' | 'Local';
  created: string | null;
  state: ServiceState;
  reasonCode: ServiceReasonCode;
  /** The reason in words ("pool my-ip-space is full"); for announced: "announced by node02". */
  reason: string;
  sharingKey: string | null;
}

export type SpeakerState = 'live' | 'stale' | 'down';

export interface NodeCounters {
  requestsReceived: number;
  responsesSent: number;
  gratuitousSent: number;
}

/** One interface of a speaker on the LAN, as its own report says (server/speaker/README.md). */
export interface LanInterfaceHealth {
  name: string;
  /** listening: just opened; the speaker takes no part in elections on it yet. */
  state: 'listening' | 'ready';
  /** Peers heard there now: `node` and the peer's interface `via`; `ready` false while they listen. */
  heard: { node: string; via: string; ready: boolean }[];
  /** Peers that were heard there and went silent, and when they were last heard (ISO). */
  silent: { node: string; at: string }[];
}

export interface LanHealth {
  intervalMs: number;
  timeoutMs: number;
  /** Why the speaker has no heartbeat key (it cannot hear anyone), or null. */
  problem: string | null;
  interfaces: LanInterfaceHealth[];
  /** Heartbeats it refused since start, by reason. */
  rejected: Record<string, number>;
}

/** What a speaker reports about itself (published on its Lease, see server/speaker). */
export interface SpeakerHealth {
  interfaces: string[];
  announced: string[];
  counters: NodeCounters;
  lastGratuitous: string | null;
  conflicts: { ip: string; mac: string; at: string }[];
  errors: string[];
  /** Null in reports of speakers from before LAN heartbeats. */
  lan: LanHealth | null;
}

/**
 * Membership as the LAN and the API see it (issue 14). live: heard on the LAN, Lease renewed.
 * silentOnLan: the Lease is renewed but no peer hears it (link down, VLAN, heartbeats dropped).
 * cutOffFromApi: peers hear it but its Lease is not renewed (it keeps announcing: the LAN
 * decides). down: neither. unknown: no LAN report to judge by.
 */
export type LanState = 'live' | 'silentOnLan' | 'cutOffFromApi' | 'down' | 'unknown';

export interface NodeLanView {
  state: LanState;
  /** The state in words, with the peers involved. */
  reason: string;
  /** Per interface of this node: the peers that hear it now, and on which of their interfaces. */
  heardBy: { interface: string; by: { node: string; via: string }[] }[];
  /** Peers that heard it before and do no more, and when they last did (ISO). */
  silentTo: { node: string; via: string; lastHeardAt: string }[];
  /** What this node hears itself, per interface (its own report). */
  hears: { interface: string; state: 'listening' | 'ready'; peers: string[] }[];
  /** It has ready interfaces yet hears none of the other live speakers (a VLAN or switch problem). */
  hearsNoPeers: boolean;
  /** Heartbeats it refused (forged, replayed, unknown node...), by reason. */
  rejected: Record<string, number>;
}

/** One conflict incident: a foreign MAC claiming an IP, with every node that saw it. */
export interface ConflictIncident {
  ip: string;
  mac: string;
  seenBy: string[];
  /** The latest sighting (ISO). */
  lastSeen: string;
}

export interface NodeView {
  name: string;
  uid: string;
  speaker: SpeakerState;
  /** Milliseconds since the speaker last renewed its lease (at the time of the answer), null without a lease. */
  leaseAgeMs: number | null;
  /** The lease's renewTime, so a reader can recompute the age. */
  leaseRenewedAt: string | null;
  excluded: boolean;
  networkUnavailable: boolean;
  ready: boolean;
  labels: Record<string, string>;
  /** IPs this node announces according to ServiceL2Status (the cluster's truth). */
  announcedIPs: string[];
  services: string[];
  health: SpeakerHealth | null;
  lan: NodeLanView;
}

export type PoolFamily = 'IPv4' | 'IPv6';

export interface PoolView {
  name: string;
  uid: string;
  addresses: string[];
  families: PoolFamily[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  /** Distinct IPs in use (a shared IP counts once). */
  used: number;
  /** Addresses in the pool; a string because an IPv6 pool can exceed 2^53. */
  total: string;
  /** used / total in 0..1 (0 for an empty or astronomically large pool). */
  utilisation: number;
  advertisements: string[];
  /** Services holding IPs of the pool, the first SERVICE_NAMES_LIMIT by name. */
  services: string[];
  serviceCount: number;
  priority: number | null;
  pinned: boolean;
  labels: Record<string, string>;
  created: string | null;
}

export type IPCellState = 'free' | 'used' | 'shared' | 'reserved';

export interface IPCell {
  ip: string;
  state: IPCellState;
  services: string[];
  node: string | null;
}

export interface PoolDetail {
  pool: PoolView;
  cells: IPCell[];
  /** True when the pool has more addresses than the grid shows. */
  truncated: boolean;
  /** The pool's IPs that services hold, in address order, at most IN_USE_LIMIT (pool.used counts them all). */
  inUse: IPCell[];
  /** The raw resource, for the edit form. */
  resource: unknown;
}

export interface AdvertisementView {
  name: string;
  uid: string;
  ipAddressPools: string[];
  /** Pools this advertisement covers, resolved (named, selected by label, or all). */
  coveredPools: string[];
  nodeSelectors: number;
  interfaces: string[];
  /** Nodes this advertisement selects. */
  nodes: string[];
  resource: unknown;
}

export interface EventView {
  uid: string;
  time: string | null;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: { kind: string; namespace: string; name: string };
  count: number;
  source: string;
}

export interface CandidateRow {
  node: string;
  rank: number | null;
  status: 'announcing' | 'standby' | 'ineligible';
  reason: string;
  reasonCode: string;
  weight: number;
}

/** Where a list or an answer stands in the stream: the worker's epoch and the last batch it includes. */
export interface StreamPosition {
  epoch: string;
  seq: number;
}

/** A service's page; the answer carries the stream position it reflects. */
export interface ServiceDetail extends StreamPosition {
  service: ServiceView;
  /** The candidate ranking for the service's first IP, null without IP. */
  candidates: CandidateRow[] | null;
  events: EventView[];
  /**
   * The ServiceL2Status objects naming the service, with the state of the speaker on each one's
   * node: a speaker that is down cannot delete its own, so its object stays behind.
   */
  l2Statuses: { name: string; node: string; interfaces: string[]; created: string | null; speaker: SpeakerState }[];
  endpoints: { node: string; ready: boolean }[];
}

export interface OverviewView {
  counts: Record<ServiceState, number> & { total: number };
  pools: PoolView[];
  nodes: NodeView[];
  events: EventView[];
  preflight: { warnings: number; errors: number };
}
