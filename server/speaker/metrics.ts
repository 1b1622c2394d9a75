// Prometheus metrics of the speakers, under MetalLB's names so existing dashboards and alerts
// keep working (names and help in lib/metrics/catalogue.ts). Values are pulled from each speaker
// at scrape time; no speaker pushes numbers.
import { Counter, Gauge, Registry } from 'prom-client';
import { SPEAKER_METRICS as M, type MetricDef } from '../../lib/metrics/catalogue';

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
  /** LAN heartbeat counters by interface (cumulative). */
  heartbeats?(): ReadonlyMap<string, HeartbeatCounters>;
  /** Peers heard and ready on each interface now. */
  lanPeers?(): { interface: string; peers: number }[];
  /** Events dropped: by the per-object spam filter or a full queue (cumulative). */
  eventsDropped(): number;
}

/**
 * Cumulative heartbeat counts of one interface (heartbeat/lan-membership.ts LinkCounters). A peer
 * stays in `received` at its last count once heard, so a peer that falls silent shows as a flat
 * line, not a gap: that is what the IronLBSpeakerSilentOnLAN alert looks for.
 */
export interface HeartbeatCounters {
  sent: number;
  received: ReadonlyMap<string, number>;
  rejected: ReadonlyMap<string, number>;
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

  const wireCounter = (d: MetricDef, field: CounterField) =>
    new Counter({
      name: d.name,
      help: d.help,
      labelNames: ['ip'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [ip, n] of sumBy(field)) this.inc({ ip }, n);
      },
    });

  new Gauge({
    name: M.announced.name,
    help: M.announced.help,
    labelNames: M.announced.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources)
        for (const a of s.announced())
          this.set({ service: a.service, protocol: 'layer2', node: s.node, ip: a.ip }, 1);
    },
  });
  wireCounter(M.requestsReceived, 'requestsReceived');
  wireCounter(M.responsesSent, 'responsesSent');
  wireCounter(M.gratuitousSent, 'gratuitousSent');
  new Counter({
    name: M.conflicts.name,
    help: M.conflicts.help,
    labelNames: M.conflicts.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) for (const c of s.conflicts()) this.inc({ ip: c.ip, node: s.node }, c.count);
    },
  });
  new Gauge({
    name: M.liveMembers.name,
    help: M.liveMembers.help,
    labelNames: M.liveMembers.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) this.set({ node: s.node }, s.liveMembers());
    },
  });

  new Counter({
    name: M.resyncCorrections.name,
    help: M.resyncCorrections.help,
    labelNames: M.resyncCorrections.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) this.inc({ node: s.node }, s.resyncCorrections());
    },
  });
  registerHeartbeatCounters(registry, sources);

  new Counter({
    name: M.eventsDropped.name,
    help: M.eventsDropped.help,
    labelNames: M.eventsDropped.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) this.inc({ node: s.node }, s.eventsDropped());
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

/** The heartbeat counters and the LAN peers gauge; empty until a speaker reports them. */
function registerHeartbeatCounters(registry: Registry, sources: ReadonlySet<MetricsSource>): void {
  const links = function* () {
    for (const s of sources) for (const [ifname, c] of s.heartbeats?.() ?? []) yield { node: s.node, ifname, c };
  };
  new Counter({
    name: M.heartbeatsSent.name,
    help: M.heartbeatsSent.help,
    labelNames: M.heartbeatsSent.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const { node, ifname, c } of links()) this.inc({ node, interface: ifname }, c.sent);
    },
  });
  new Counter({
    name: M.heartbeatsReceived.name,
    help: M.heartbeatsReceived.help,
    labelNames: M.heartbeatsReceived.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const { node, ifname, c } of links()) for (const [peer, n] of c.received) this.inc({ node, interface: ifname, peer }, n);
    },
  });
  new Counter({
    name: M.heartbeatsRejected.name,
    help: M.heartbeatsRejected.help,
    labelNames: M.heartbeatsRejected.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const { node, ifname, c } of links()) for (const [reason, n] of c.rejected) this.inc({ node, interface: ifname, reason }, n);
    },
  });
  new Gauge({
    name: M.lanPeers.name,
    help: M.lanPeers.help,
    labelNames: M.lanPeers.labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources) for (const p of s.lanPeers?.() ?? []) this.set({ node: s.node, interface: p.interface }, p.peers);
    },
  });
}
