// Every Prometheus metric ironlb exports: name, type, labels, help text and the process that
// exports it. The registries (server/controller, server/speaker, server/dashboard) register from
// here, and the tests hold the alert rules, the Grafana dashboard and docs/operators.md to it.
// MetalLB's names and help texts are kept where MetalLB has the metric (its metrics docs).

export type MetricKind = 'counter' | 'gauge';
/** Which process serves the metric: the controller, every speaker, or the dashboard. */
export type MetricSource = 'controller' | 'speaker' | 'dashboard';

export interface MetricDef<L extends string = string> {
  name: string;
  kind: MetricKind;
  labels: readonly L[];
  help: string;
  source: MetricSource;
  /** MetalLB exports a metric of this name and meaning. */
  metallb: boolean;
}

const def = <L extends string>(
  source: MetricSource,
  kind: MetricKind,
  name: string,
  labels: readonly L[],
  help: string,
): MetricDef<L> => ({ name, kind, labels, help, source, metallb: name.startsWith('metallb_') });

export const CONTROLLER_METRICS = {
  addressesTotal: def('controller', 'gauge', 'metallb_allocator_addresses_total', ['pool'], 'Number of usable IP addresses, per pool'),
  addressesInUse: def('controller', 'gauge', 'metallb_allocator_addresses_in_use_total', ['pool'], 'Number of IP addresses in use, per pool'),
  updates: def('controller', 'counter', 'metallb_k8s_client_updates_total', [], 'Number of k8s object updates that have been processed.'),
  updateErrors: def('controller', 'counter', 'metallb_k8s_client_update_errors_total', [], 'Number of k8s object updates that failed for some reason.'),
  configLoaded: def('controller', 'gauge', 'metallb_k8s_client_config_loaded_bool', [], '1 if the MetalLB configuration was successfully loaded at least once.'),
  configStale: def('controller', 'gauge', 'metallb_k8s_client_config_stale_bool', [], '1 if running on a stale configuration, because the latest config failed to load.'),
  isLeader: def('controller', 'gauge', 'ironlb_controller_leader_bool', [], '1 if this process is the active (lease-holding) controller.'),
  eventsDropped: def('controller', 'counter', 'ironlb_controller_events_dropped_total', ['reason'], 'Events dropped, by reason: by the per-object spam filter (a burst of 25 per object, then one per 5 minutes), or recorded with 1,000 already waiting to be written.'),
} as const;

export const SPEAKER_METRICS = {
  announced: def('speaker', 'gauge', 'metallb_speaker_announced', ['service', 'protocol', 'node', 'ip'], 'Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.'),
  requestsReceived: def('speaker', 'counter', 'metallb_layer2_requests_received', ['ip'], 'Number of layer2 requests received for owned IPs'),
  responsesSent: def('speaker', 'counter', 'metallb_layer2_responses_sent', ['ip'], 'Number of layer2 responses sent for owned IPs'),
  gratuitousSent: def('speaker', 'counter', 'metallb_layer2_gratuitous_sent', ['ip'], 'Number of gratuitous layer2 packets sent for owned IPs'),
  conflicts: def('speaker', 'counter', 'ironlb_layer2_conflicts_total', ['ip', 'node'], 'ARP/NDP claims for an announced IP from a MAC that is not the elected node (another host answers for the IP)'),
  liveMembers: def('speaker', 'gauge', 'ironlb_speaker_live_members', ['node'], 'Speakers this speaker sees live (heard on the LAN and taking part in elections, itself included)'),
  eventsDropped: def('speaker', 'counter', 'ironlb_speaker_events_dropped_total', ['node'], 'Events dropped: by the per-object spam filter (a burst of 25 per object, then one per 5 minutes), or recorded with 1,000 already waiting to be written'),
  resyncCorrections: def('speaker', 'counter', 'ironlb_speaker_resync_corrections_total', ['node'], 'Announce or withdraw decisions the periodic resync had to correct because no event had triggered them (each one is a bug)'),
  // LAN heartbeats between speakers (server/speaker/heartbeat reports them through MetricsSource).
  heartbeatsSent: def('speaker', 'counter', 'ironlb_speaker_heartbeats_sent_total', ['node', 'interface'], 'LAN heartbeats this speaker sent on an interface (one per interval, plus answers to joining peers and goodbyes)'),
  heartbeatsReceived: def('speaker', 'counter', 'ironlb_speaker_heartbeats_received_total', ['node', 'interface', 'peer'], 'Authenticated LAN heartbeats this speaker accepted on an interface, by the peer node that sent them'),
  heartbeatsRejected: def('speaker', 'counter', 'ironlb_speaker_heartbeats_rejected_total', ['node', 'interface', 'reason'], 'LAN heartbeats this speaker refused on an interface: truncated, malformed, unknownKey, badTag, replay or unknownNode'),
  lanPeers: def('speaker', 'gauge', 'ironlb_speaker_lan_peers', ['node', 'interface'], 'Other speakers this speaker hears on an interface now and that take part in elections there (0 on a multi-node cluster: the node is cut off on that LAN)'),
} as const;

export const DASHBOARD_METRICS = {
  services: def('dashboard', 'gauge', 'ironlb_services', ['state'], 'LoadBalancer services per state: announced, pending, notAnnounced, conflict'),
  serviceProblem: def('dashboard', 'gauge', 'ironlb_service_problem', ['service', 'state', 'reason'], '1 for each LoadBalancer service that is not announced, with its state and reason code'),
  announcerChanges: def('dashboard', 'counter', 'ironlb_service_announcer_changes_total', ['service'], 'Times the node announcing the service changed (failovers and handovers), from ServiceL2Status'),
  speakerState: def('dashboard', 'gauge', 'ironlb_node_speaker_state', ['node', 'state'], "1 for each node, labelled with its speaker's state from its Lease: live, stale or down"),
  cannotAnnounce: def('dashboard', 'gauge', 'ironlb_node_cannot_announce', ['node', 'reason'], '1 for each reason a node can never announce: excludedByLabel, networkUnavailable, notSelectedByAdvertisement, noSpeaker'),
  preflightChecks: def('dashboard', 'gauge', 'ironlb_preflight_checks', ['status'], 'Preflight checks per status: ok, info, warn, error'),
  // The history ledger's view of the pools (server/history/metrics.ts), where the dashboard keeps one.
  poolExhaustion: def('dashboard', 'gauge', 'ironlb_pool_exhaustion_seconds', ['pool'], 'Seconds until the pool has no free address at the current net allocation rate (+Inf: not at this rate; 0: full).'),
  poolAllocationRate: def('dashboard', 'gauge', 'ironlb_pool_allocation_rate_per_day', ['pool'], 'Net addresses taken from the pool per day, over the last 7 days (negative: the pool is draining).'),
  historyEntries: def('dashboard', 'gauge', 'ironlb_history_entries', [], 'Entries in the history ledger.'),
} as const;

export const METRIC_CATALOGUE: readonly MetricDef[] = [
  ...Object.values(CONTROLLER_METRICS),
  ...Object.values(SPEAKER_METRICS),
  ...Object.values(DASHBOARD_METRICS),
];

export function findMetric(name: string): MetricDef | undefined {
  return METRIC_CATALOGUE.find((m) => m.name === name);
}
