// Core benchmarks (issue 2): allocator throughput and Layer2 ranking cost, measured on the
// pure lib/ code with node:crypto's sha256 as the server passes it. Run by `npm run bench`.
import { hash } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Allocator, type AllocService, type AllocatorPool } from '../../lib/allocator';
import { RankingCache, electAnnouncer, type ElectionInput, type NodeInfo } from '../../lib/election';
import { parsePoolAddress, type IPRange } from '../../lib/ip';

type Row = { name: string; value: number; unit: string; goal?: string };

/** One-shot crypto.hash (Node >= 20.12) is ~1.7x faster than createHash().update().digest() here. */
const sha256 = (s: string): Uint8Array => hash('sha256', s, 'buffer') as unknown as Uint8Array;

const range = (s: string): IPRange => {
  const r = parsePoolAddress(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const pool = (name: string, addrs: string[], over: Partial<AllocatorPool> = {}): AllocatorPool => ({
  name,
  ranges: addrs.map(range),
  autoAssign: true,
  avoidBuggyIPs: false,
  ...over,
});

const service = (i: number, over: Partial<AllocService> = {}): AllocService => ({
  namespace: 'default',
  name: `svc-${i}`,
  labels: {},
  namespaceLabels: {},
  annotations: {},
  ipFamilies: ['IPv4'],
  ports: [{ protocol: 'TCP', port: 80 }],
  externalTrafficPolicy: 'Cluster',
  selector: { app: `app-${i}` },
  ...over,
});

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

const bulk = pool('bulk', ['10.0.0.0/16']);

function benchSingleSlash16(alloc: Allocator): Row[] {
  alloc.setPools([bulk]);
  const { ms } = timed(() => {
    for (let i = 0; i < 10_000; i++) {
      const r = alloc.allocate(`default/svc-${i}`, service(i));
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  // Lowest-free: the 10,000th service holds offset 9,999 = 10.0.39.15.
  if (alloc.ipsOf('default/svc-9999')?.[0] !== '10.0.39.15') throw new Error('unexpected allocation order');
  return [{ name: 'allocate 10,000 services from one /16', value: Math.round(10_000 / (ms / 1000)), unit: 'alloc/s', goal: '> 100,000/s' }];
}

/** Pinned pools by namespace, namespace labels and service labels, priorities, sharing groups, dual-stack. */
const mixedPools: AllocatorPool[] = [
  bulk,
  pool('gold', ['10.1.0.0/22'], { serviceAllocation: { priority: 1, namespaces: ['gold'], namespaceSelectors: [], serviceSelectors: [] } }),
  pool('silver', ['10.1.4.0/22'], {
    serviceAllocation: { priority: 2, namespaces: [], namespaceSelectors: [{ matchLabels: { tier: 'silver' } }], serviceSelectors: [] },
  }),
  pool('tagged', ['10.1.8.0/23'], {
    avoidBuggyIPs: true,
    serviceAllocation: { priority: 0, namespaces: [], namespaceSelectors: [], serviceSelectors: [{ matchLabels: { lb: 'tagged' } }] },
  }),
  pool('a-dual', ['10.2.0.0/20', 'fd00:10::/116']),
];

function mixedService(i: number): AllocService {
  const kind = i % 5;
  const group = Math.floor(i / 4);
  const sharing: Record<string, string> = i % 2 === 0 ? { 'metallb.io/allow-shared-ip': `group-${group}` } : {};
  return service(i, {
    namespace: kind === 0 ? 'gold' : kind === 1 ? 'silver-ns' : 'apps',
    namespaceLabels: kind === 1 ? { tier: 'silver' } : {},
    labels: kind === 2 ? { lb: 'tagged' } : {},
    annotations: sharing,
    ports: [{ protocol: 'TCP', port: 8000 + (i % 4) }],
    ipFamilyPolicy: kind === 3 ? 'PreferDualStack' : 'SingleStack',
    ipFamilies: kind === 3 ? ['IPv4', 'IPv6'] : ['IPv4'],
  });
}

function benchMixed(alloc: Allocator): Row[] {
  const reload = timed(() => alloc.setPools(mixedPools));
  if (reload.value.length !== 0) throw new Error('setPools invalidated allocations');
  const { ms } = timed(() => {
    for (let i = 10_000; i < 20_000; i++) {
      const r = alloc.allocate(`mixed/svc-${i}`, mixedService(i));
      if (!r.ok) throw new Error(`${i}: ${r.error.message}`);
    }
  });
  return [
    { name: 'setPools with 10,000 allocations held (revalidate all)', value: round(reload.ms), unit: 'ms' },
    { name: '10,000 more into pools with priorities, pinning, sharing, dual-stack', value: Math.round(10_000 / (ms / 1000)), unit: 'alloc/s', goal: '> 100,000/s' },
  ];
}

const nodeNames = Array.from({ length: 100 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
const ips = Array.from({ length: 10_000 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}`);

function winners(cache: RankingCache, nodes: string[]): string[] {
  return ips.map((ip) => cache.orderByHash(ip, nodes)[0]);
}

function benchRanking(): Row[] {
  const cache = new RankingCache(sha256);
  const scratch = timed(() => {
    cache.setNodes(nodeNames);
    return winners(cache, nodeNames);
  });
  const victim = scratch.value[0];
  const remaining = nodeNames.filter((n) => n !== victim);
  const removal = timed(() => {
    cache.removeNode(victim);
    return winners(cache, remaining);
  });
  const moved = removal.value.filter((w, i) => w !== scratch.value[i]).length;
  const rejoin = timed(() => {
    cache.addNode(victim);
    return winners(cache, nodeNames);
  });
  if (rejoin.value.some((w, i) => w !== scratch.value[i])) throw new Error('re-adding the node did not restore the ranking');
  return [
    { name: 'rank 10,000 IPs over 100 nodes from scratch (1,000,000 sha256)', value: round(scratch.ms), unit: 'ms' },
    { name: `re-rank 10,000 IPs after removing one node (${moved} IPs moved)`, value: round(removal.ms), unit: 'ms', goal: '< 100 ms' },
    { name: 're-rank 10,000 IPs after the node comes back (10,000 sha256)', value: round(rejoin.ms), unit: 'ms' },
    ...benchElection(cache),
  ];
}

/** Full per-service election (candidate checks + cached ranking) for 10,000 services. */
function benchElection(cache: RankingCache): Row[] {
  const nodes: NodeInfo[] = nodeNames.map((name) => ({ name, labels: { 'kubernetes.io/hostname': name }, networkUnavailable: false, speakerLive: true }));
  const ad = { name: 'l2', ipAddressPools: [], ipAddressPoolSelectors: [], nodeSelectors: [], serviceSelectors: [], preferredNodeSelectors: [], interfaces: [] };
  const inputs: ElectionInput[] = ips.map((ip, i) => ({
    nodes,
    advertisements: [ad],
    service: { namespace: 'default', name: `svc-${i}`, labels: {}, ips: [ip], pool: 'bulk', externalTrafficPolicy: 'Cluster', endpointNodes: ['node-000'] },
  }));
  const { ms } = timed(() => inputs.forEach((input) => electAnnouncer(input, cache)));
  return [{ name: 'electAnnouncer for 10,000 services over 100 nodes (cached ranking)', value: round(ms), unit: 'ms' }];
}

/** Throwaway runs of the same shapes, so the main figures are a running controller's steady state. */
function warmUp(): void {
  for (let i = 0; i < 2; i++) {
    const scratch = new Allocator();
    benchSingleSlash16(scratch);
    benchMixed(scratch);
  }
}

/** Best of three fresh runs per row: the machine is shared, and load only ever slows a run down. */
function bestOfThree(): Row[] {
  const runs = [0, 1, 2].map(() => {
    const alloc = new Allocator();
    return [...benchSingleSlash16(alloc), ...benchMixed(alloc)];
  });
  return runs[0].map((row, i) => {
    const values = runs.map((r) => r[i].value);
    return { ...row, value: row.unit === 'ms' ? Math.min(...values) : Math.max(...values) };
  });
}

export default async function bench(): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const loadBefore = loadavg()[0];
  const [cold] = benchSingleSlash16(new Allocator());
  warmUp();
  const rows = [
    { name: 'allocate 10,000 services from one /16, first run in the process (cold JIT)', value: cold.value, unit: cold.unit },
    ...bestOfThree(),
    ...benchRanking(),
  ];
  return {
    title: 'Core: allocator and Layer2 ranking (lib/allocator, lib/election)',
    rows,
    notes:
      'Except the cold row, allocator figures are the best of three fresh runs after two unmeasured warm-up runs of the same workload, as in a long-running controller. ' +
      'Allocation keeps a per-range cursor plus a min-heap of freed offsets, so no allocation scans the pool. ' +
      "RankingCache keeps each IP's hash order: removing a node filters it out (no hashing), adding one hashes only that node. " +
      `1-minute load average before / after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} (wall-clock figures scale with it).`,
  };
}
