// Prometheus metrics of the speakers, under MetalLB's names so existing dashboards and alerts
// keep working. Values are pulled from each speaker at scrape time; no speaker pushes numbers.
import { Counter, Gauge, Registry } from 'prom-client';

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
  /** Events the per-object spam filter dropped (cumulative). */
  eventsDropped(): number;
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
    help: 'Speakers this speaker sees holding a live membership lease',
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
    name: 'ironlb_speaker_events_dropped_total',
    help: 'Events the per-object spam filter dropped (a burst of 25 per object, then one per 5 minutes)',
    labelNames: ['node'] as const,
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
