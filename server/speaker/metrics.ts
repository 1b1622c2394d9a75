// Prometheus metrics of the speakers, under MetalLB's names so existing dashboards and alerts
// keep working, plus ironlb's own (conflicts, LAN heartbeats, resync). Values are pulled from
// each speaker at scrape time; no speaker pushes numbers.
import { Counter, Gauge, Registry } from 'prom-client';

/** Heartbeat counters of one interface (heartbeat/lan-membership.ts LinkCounters). */
export interface HeartbeatCounters {
  sent: number;
  received: ReadonlyMap<string, number>;
  rejected: ReadonlyMap<string, number>;
}

/** Cumulative wire counters of one IP on one speaker. */
export interface IpWireCounters {
  ip: string;
  requestsReceived: number;
  responsesSent: number;
  gratuitousSent: number;
}

/** What one speaker exposes to the scrape. */
export interface MetricsSource {
  node: string;
  /** One row per (service, IP) this speaker announces now. */
  announced(): { service: string; ip: string }[];
  counters(): IpWireCounters[];
  /** Conflicts seen per IP (cumulative). */
  conflicts(): { ip: string; count: number }[];
  /** Speakers this one sees alive. */
  liveMembers(): number;
  /** Decisions the periodic resync corrected (cumulative; each one is a missed event). */
  resyncCorrections(): number;
  /** Heartbeat counters by interface (cumulative). */
  heartbeats?(): ReadonlyMap<string, HeartbeatCounters>;
  /** Peers heard and ready on each interface now. */
  lanPeers?(): { interface: string; peers: number }[];
}

export interface SpeakerMetrics {
  readonly registry: Registry;
  /** Adds a speaker; returns its removal. */
  addSource(source: MetricsSource): () => void;
  /** Prometheus text exposition of every speaker added. */
  metricsText(): Promise<string>;
}

type CounterField = 'requestsReceived' | 'responsesSent' | 'gratuitousSent';

export function createSpeakerMetrics(registry: Registry = new Registry()): SpeakerMetrics {
  const sources = new Set<MetricsSource>();

  const sumBy = (field: CounterField): Map<string, number> => {
    const totals = new Map<string, number>();
    for (const s of sources)
      for (const c of s.counters()) totals.set(c.ip, (totals.get(c.ip) ?? 0) + c[field]);
    return totals;
  };

  const wireCounter = (name: string, help: string, field: CounterField) =>
    new Counter({
      name,
      help,
      labelNames: ['ip'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [ip, n] of sumBy(field)) this.inc({ ip }, n);
      },
    });

  new Gauge({
    name: 'metallb_speaker_announced',
    help: 'Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.',
    labelNames: ['service', 'protocol', 'node', 'ip'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources)
        for (const a of s.announced())
          this.set({ service: a.service, protocol: 'layer2', node: s.node, ip: a.ip }, 1);
    },
  });
  wireCounter(
    'metallb_layer2_requests_received',
    'Number of layer2 requests received for owned IPs',
    'requestsReceived',
  );
  wireCounter(
    'metallb_layer2_responses_sent',
    'Number of layer2 responses sent for owned IPs',
    'responsesSent',
  );
  wireCounter(
    'metallb_layer2_gratuitous_sent',
    'Number of gratuitous layer2 packets sent for owned IPs',
    'gratuitousSent',
  );
  new Counter({
    name: 'ironlb_layer2_conflicts_total',
    help: 'ARP/NDP claims for an announced IP from a MAC that is not the elected node (another host answers for the IP)',
    labelNames: ['ip', 'node'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) for (const c of s.conflicts()) this.inc({ ip: c.ip, node: s.node }, c.count);
    },
  });
  new Gauge({
    name: 'ironlb_speaker_live_members',
    help: 'Speakers this speaker sees live (heard on the LAN and taking part in elections, itself included)',
    labelNames: ['node'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) this.set({ node: s.node }, s.liveMembers());
    },
  });

  new Counter({
    name: 'ironlb_speaker_resync_corrections_total',
    help: 'Announce or withdraw decisions the periodic resync had to correct because no event had triggered them (each one is a bug)',
    labelNames: ['node'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) this.inc({ node: s.node }, s.resyncCorrections());
    },
  });

  new Counter({
    name: 'ironlb_speaker_heartbeats_sent_total',
    help: 'LAN heartbeats this speaker sent on an interface (one per interval, plus answers to joining peers and goodbyes)',
    labelNames: ['node', 'interface'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) for (const [ifname, c] of s.heartbeats?.() ?? []) this.inc({ node: s.node, interface: ifname }, c.sent);
    },
  });
  new Counter({
    name: 'ironlb_speaker_heartbeats_received_total',
    help: 'Authenticated LAN heartbeats this speaker accepted on an interface, by the peer node that sent them',
    labelNames: ['node', 'interface', 'peer'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources)
        for (const [ifname, c] of s.heartbeats?.() ?? [])
          for (const [peer, n] of c.received) this.inc({ node: s.node, interface: ifname, peer }, n);
    },
  });
  new Counter({
    name: 'ironlb_speaker_heartbeats_rejected_total',
    help: 'LAN heartbeats this speaker refused on an interface: truncated, malformed, unknownKey, badTag, replay or unknownNode',
    labelNames: ['node', 'interface', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources)
        for (const [ifname, c] of s.heartbeats?.() ?? [])
          for (const [reason, n] of c.rejected) this.inc({ node: s.node, interface: ifname, reason }, n);
    },
  });
  new Gauge({
    name: 'ironlb_speaker_lan_peers',
    help: 'Other speakers this speaker hears on an interface now and that take part in elections there (0 on a multi-node cluster: the node is cut off on that LAN)',
    labelNames: ['node', 'interface'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) for (const p of s.lanPeers?.() ?? []) this.set({ node: s.node, interface: p.interface }, p.peers);
    },
  });

  return {
    registry,
    addSource(source) {
      sources.add(source);
      return () => void sources.delete(source);
    },
    metricsText: () => registry.metrics(),
  };
}
