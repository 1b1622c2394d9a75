// Cluster-wide inputs of every service view, memoised: election NodeInfo (with speaker
// liveness), advertisements, pools by name with parsed ranges, and foreign-MAC conflicts.
import { parseIP, rangeContains, type IPRange } from '../../lib/ip';
import type { AdvertisementInfo, NodeInfo } from '../../lib/election';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import type { L2Advertisement } from '../../lib/schemas/l2-advertisement';
import {
  assessLease,
  nodeOfLease,
  parsePoolRanges,
  readSpeakerHealth,
  toAdvertisementInfo,
  toNodeInfo,
  type ClusterFacts,
  type KubeLease,
  type KubeNode,
  type SpeakerState,
} from '../../lib/views';
import type { ClusterCache } from './cluster-cache';

export class FactsMemo {
  private facts: ClusterFacts | null = null;
  private ranges: { name: string; ranges: IPRange[] }[] | null = null;
  private poolsByName: Map<string, IPAddressPool> | null = null;
  readonly speakers = new Map<string, SpeakerState>();
  private foreign = new Map<string, string>();

  constructor(
    private readonly cache: ClusterCache,
    private readonly loadBalancerClass: string | undefined,
  ) {}

  /** Drop memos after nodes, pools or advertisements changed. */
  reset(): void {
    this.facts = null;
    this.ranges = null;
    this.poolsByName = null;
  }

  leasesByNode(): Map<string, KubeLease> {
    const out = new Map<string, KubeLease>();
    for (const lease of this.cache.list<KubeLease>('leases')) {
      const node = nodeOfLease(lease);
      if (node) out.set(node, lease);
    }
    return out;
  }

  /** Re-assesses every speaker; true when any node changed state (live/stale/down). */
  refreshLiveness(nowMs: number): boolean {
    const leases = this.leasesByNode();
    let changed = false;
    const seen = new Set<string>();
    for (const node of this.cache.list<KubeNode>('nodes')) {
      const name = node.metadata.name ?? '';
      seen.add(name);
      const state = assessLease(leases.get(name), nowMs).state;
      if (this.speakers.get(name) !== state) {
        this.speakers.set(name, state);
        changed = true;
      }
    }
    for (const name of [...this.speakers.keys()]) {
      if (!seen.has(name)) {
        this.speakers.delete(name);
        changed = true;
      }
    }
    if (changed) this.facts = null;
    return changed;
  }

  /** Re-reads the conflict reports; true when the set of contested IPs changed. */
  refreshConflicts(): boolean {
    const next = new Map<string, string>();
    for (const lease of this.leasesByNode().values()) {
      for (const c of readSpeakerHealth(lease)?.conflicts ?? []) if (c.ip) next.set(c.ip, c.mac);
    }
    const same = next.size === this.foreign.size && [...next].every(([ip, mac]) => this.foreign.get(ip) === mac);
    this.foreign = next;
    return !same;
  }

  pools(): Map<string, IPAddressPool> {
    this.poolsByName ??= new Map(this.cache.list<IPAddressPool>('ipaddresspools').map((p) => [p.metadata.name ?? '', p]));
    return this.poolsByName;
  }

  findPoolByIP = (ip: string): string | null => {
    this.ranges ??= [...this.pools().values()].map((p) => ({ name: p.metadata.name ?? '', ranges: parsePoolRanges(p) }));
    const addr = parseIP(ip);
    if (!addr.ok) return null;
    return this.ranges.find((p) => p.ranges.some((r) => rangeContains(r, addr.value)))?.name ?? null;
  };

  advertisements(): AdvertisementInfo[] {
    return this.get().advertisements as AdvertisementInfo[];
  }

  nodes(): NodeInfo[] {
    return this.get().nodes as NodeInfo[];
  }

  get(): ClusterFacts {
    if (this.facts) return this.facts;
    const nodes = this.cache
      .list<KubeNode>('nodes')
      .map((n) => toNodeInfo(n, this.speakers.get(n.metadata.name ?? '') ?? 'down'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    this.facts = {
      nodes,
      speakers: this.speakers,
      advertisements: this.cache.list<L2Advertisement>('l2advertisements').map(toAdvertisementInfo),
      poolCount: this.pools().size,
      loadBalancerClass: this.loadBalancerClass,
      foreignMACFor: (ip) => this.foreign.get(ip) ?? null,
    };
    return this.facts;
  }
}
