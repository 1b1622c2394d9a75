// Preflight: pools that hand out addresses the cluster already uses (MetalLB #364). An IP given to
// a LoadBalancer Service from a node's own address, the Service or Pod CIDR, or a gateway is
// answered on the LAN by two hosts, and breaks the node or the cluster network.
import { formatRange, parsePoolAddress, rangeContains, rangesOverlap, type IPRange } from '../ip';
import type { AddressFact, ClusterNetwork } from './cluster-network';
import { plural } from './plural';
import type { PreflightCheck } from './preflight-types';
import type { PoolView } from './types';

const RANGE_WORDS = { service: 'the Service CIDR', pod: 'the Pod CIDR' } as const;
const ADDRESS_WORDS: Record<AddressFact['kind'], [string, string]> = {
  node: ['node address', 'node addresses'],
  clusterIP: ['ClusterIP', 'ClusterIPs'],
  gateway: ['gateway', 'gateways'],
};
/** Examples named per kind before the rest is counted. */
const EXAMPLES = 3;

function poolRanges(pool: PoolView): IPRange[] {
  return pool.addresses.map((a) => parsePoolAddress(a)).flatMap((r) => (r.ok ? [r.value] : []));
}

const inAny = (ranges: readonly IPRange[], a: AddressFact): boolean => {
  for (const r of ranges) if (rangeContains(r, a.addr)) return true;
  return false;
};

function addressLines(pool: string, ranges: IPRange[], addresses: readonly AddressFact[]): string[] {
  const hits = new Map<AddressFact['kind'], AddressFact[]>();
  for (const a of addresses) {
    if (!inAny(ranges, a)) continue;
    const list = hits.get(a.kind);
    if (list) list.push(a);
    else hits.set(a.kind, [a]);
  }
  const lines: string[] = [];
  for (const [kind, found] of hits) {
    const named = found.slice(0, EXAMPLES).map((a) => `${a.ip} (${a.what})`).join(', ');
    const [one, many] = ADDRESS_WORDS[kind];
    lines.push(
      found.length <= EXAMPLES
        ? `pool ${pool} contains ${named}`
        : `pool ${pool} contains ${plural(found.length, one, many)}, e.g. ${named}`,
    );
  }
  return lines;
}

function findOverlaps(pool: PoolView, net: ClusterNetwork): string[] {
  const ranges = poolRanges(pool);
  const lines: string[] = [];
  for (const fact of net.ranges) {
    const clash = ranges.find((r) => rangesOverlap(r, fact.range));
    if (clash) lines.push(`pool ${pool.name} (${formatRange(clash)}) overlaps ${RANGE_WORDS[fact.kind]} ${fact.cidr} (${fact.source})`);
  }
  return [...lines, ...addressLines(pool.name, ranges, net.addresses)];
}

/**
 * The answer depends only on the pools' names and addresses and on `net`; preflight runs on every
 * view rebuild (twice a second under churn) while those rarely change, so the last answer per
 * network is kept. A memo, so the function stays pure in what it returns.
 */
const answered = new WeakMap<ClusterNetwork, { key: string; check: PreflightCheck }>();

export function checkPoolOverlaps(pools: readonly PoolView[], net: ClusterNetwork): PreflightCheck {
  const key = JSON.stringify(pools.map((p) => [p.name, p.addresses]));
  const last = answered.get(net);
  if (last?.key === key) return last.check;
  const check = computeOverlaps(pools, net);
  answered.set(net, { key, check });
  return check;
}

function computeOverlaps(pools: readonly PoolView[], net: ClusterNetwork): PreflightCheck {
  const details = pools.flatMap((p) => findOverlaps(p, net));
  const bad = new Set(pools.filter((p) => details.some((d) => d.startsWith(`pool ${p.name} `))).map((p) => p.name));
  return {
    id: 'poolOverlaps',
    title: 'Pools that overlap the cluster',
    status: details.length ? 'error' : 'ok',
    summary: details.length
      ? `${plural(bad.size, 'pool')} can hand out addresses the cluster already uses (node addresses, the Service or Pod CIDR, gateways): shrink ${bad.size === 1 ? 'it' : 'them'}.`
      : 'No pool contains a node address, a ClusterIP, a known gateway, or any of the Service and Pod CIDRs found.',
    details,
    notes: net.notes,
  };
}
