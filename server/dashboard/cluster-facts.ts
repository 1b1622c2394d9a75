// Cluster-wide inputs of every service view, memoised: election NodeInfo (with speaker
// liveness), advertisements, pools by name with parsed ranges, and foreign-MAC conflicts.
import { parseIP, rangeContains, type IPRange } from '../../lib/ip';
import type { AdvertisementInfo, NodeInfo } from '../../lib/election';
import type { IPAddressPool } from '../../lib/schemas/ip-address-pool';
import {
  assessLease,
  nodeOfLease,
  parsePoolRanges,
  readSpeakerHealth,
  speakerOn,
  toAdvertisementInfo,
  toNodeInfo,
  type ClusterFacts,
  type KubeLease,
  type SpeakerState,
} from '../../lib/views';
import type { ClusterCache } from './cluster-cache';

/** Entries kept in FactsMemo's IP -> pool memo before it starts again (a few MB). */
const POOL_OF_IP_LIMIT = 100_000;

export class FactsMemo {
  private facts: ClusterFacts | null = null;
  private ranges: { name: string; ranges: IPRange[] }[] | null = null;
  /**
   * IP -> pool, answered from memory until the pools change: every flush lists the pools' used
   * IPs (list-views.ts) and parsing 10,000 IPs each time was a tenth of the worker's CPU while
   * the controller handed out 10,000 IPs (profiled).
   */
  private poolOfIP = new Map<string, string | null>();
  private poolsByName: Map<string, IPAddressPool> | null = null;
  readonly speakers = new Map<string, SpeakerState>();
  private foreign = new Map<string, string>();
  private readonly conflictsByNode = new Map<string, Map<string, string>>();

  constructor(
    private readonly cache: ClusterCache,
    private readonly loadBalancerClass: string | undefined,
  ) {}

  /** Drop memos after nodes, pools or advertisements changed. */
  reset(): void {
    this.facts = null;
    this.ranges = null;
    this.poolOfIP = new Map();
    this.poolsByName = null;
  }

  leasesByNode(): Map<string, KubeLease> {
    const out = new Map<string, KubeLease>();
    for (const lease of this.cache.list('leases')) {
      const node = nodeOfLease(lease);
      if (node) out.set(node, lease);
    }
    return out;
  }

  /**
   * Re-assesses every speaker. `down` is true when a node crossed between down and not down
   * (that changes candidates, so every service view); `any` also counts live <-> stale.
   */
  refreshLiveness(nowMs: number): { any: boolean; down: boolean } {
    const leases = this.leasesByNode();
    const changed = { any: false, down: false };
    const seen = new Set<string>();
    const note = (before: SpeakerState | undefined, after: SpeakerState | undefined) => {
      changed.any = true;
      if ((before === 'down' || before === undefined) !== (after === 'down' || after === undefined)) changed.down = true;
    };
    for (const node of this.cache.list('nodes')) {
      const name = node.metadata.name ?? '';
      seen.add(name);
      const state = assessLease(leases.get(name), nowMs).state;
      const before = this.speakers.get(name);
      if (before !== state) {
        this.speakers.set(name, state);
        note(before, state);
      }
    }
    for (const name of [...this.speakers.keys()]) {
      if (seen.has(name)) continue;
      note(this.speakers.get(name), undefined);
      this.speakers.delete(name);
    }
    if (changed.down) this.facts = null;
    return changed;
  }

  /** Re-reads one speaker's conflict report; true when the set of contested IPs changed. */
  refreshConflicts(lease: KubeLease, deleted: boolean): boolean {
    const node = nodeOfLease(lease);
    if (!node) return false;
    const next = new Map<string, string>();
    if (!deleted) for (const c of readSpeakerHealth(lease)?.conflicts ?? []) if (c.ip) next.set(c.ip, c.mac);
    const prev = this.conflictsByNode.get(node) ?? new Map<string, string>();
    const same = next.size === prev.size && [...next].every(([ip, mac]) => prev.get(ip) === mac);
    if (same) return false;
    if (next.size) this.conflictsByNode.set(node, next);
    else this.conflictsByNode.delete(node);
    this.foreign = new Map();
    for (const m of this.conflictsByNode.values()) for (const [ip, mac] of m) this.foreign.set(ip, mac);
    return true;
  }

  pools(): Map<string, IPAddressPool> {
    this.poolsByName ??= new Map(this.cache.list('ipaddresspools').map((p) => [p.metadata.name ?? '', p]));
    return this.poolsByName;
  }

  findPoolByIP = (ip: string): string | null => {
    const known = this.poolOfIP.get(ip);
    if (known !== undefined) return known;
    this.ranges ??= [...this.pools().values()].map((p) => ({ name: p.metadata.name ?? '', ranges: parsePoolRanges(p) }));
    const addr = parseIP(ip);
    const pool = addr.ok ? (this.ranges.find((p) => p.ranges.some((r) => rangeContains(r, addr.value)))?.name ?? null) : null;
    // IPs come and go with services: a memo grown far past any pool's use starts again.
    if (this.poolOfIP.size >= POOL_OF_IP_LIMIT) this.poolOfIP = new Map();
    this.poolOfIP.set(ip, pool);
    return pool;
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
      .list('nodes')
      .map((n) => toNodeInfo(n, speakerOn(this, n.metadata.name ?? '')))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    this.facts = {
      nodes,
      speakers: this.speakers,
      advertisements: this.cache.list('l2advertisements').map(toAdvertisementInfo),
      poolCount: this.pools().size,
      loadBalancerClass: this.loadBalancerClass,
      foreignMACFor: (ip) => this.foreign.get(ip) ?? null,
    };
    return this.facts;
  }
}
