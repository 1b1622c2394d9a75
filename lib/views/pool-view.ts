// Pools as the dashboard shows them: addresses, families, used/total (a shared IP counts once),
// the advertisements covering each (none = allocated but never announced), and the per-IP grid.
import { coversPool } from '../election/candidates';
import type { AdvertisementInfo } from '../election/types';
import { compareIP, formatIP, ipAt, isBuggyIPv4, parseIP, parsePoolAddress, rangeContains, rangeSize, type IPAddr, type IPRange } from '../ip';
import type { IPAddressPool } from '../schemas/ip-address-pool';
import type { IPCell, PoolDetail, PoolFamily, PoolView } from './types';
import { partitionPoint } from '../partition-point';

/** Who holds an IP: service keys ("ns/name") and the announcing node. */
export interface IPHolders {
  services: string[];
  node: string | null;
}

export type IPIndex = ReadonlyMap<string, IPHolders>;

/** The grid shows at most this many cells; a /16 would otherwise be 65,536 DOM nodes. */
export const GRID_LIMIT = 1024;
/** The detail's table of IPs in use shows at most this many (the rest: the Services page, filtered by pool). */
export const IN_USE_LIMIT = 500;

export function parsePoolRanges(pool: IPAddressPool): IPRange[] {
  const ranges: IPRange[] = [];
  for (const a of pool.spec.addresses) {
    const r = parsePoolAddress(a);
    if (r.ok) ranges.push(r.value);
  }
  return ranges;
}

/** The IPs of `index` inside `ranges`, parsed, in index order. */
function heldInRanges(ranges: readonly IPRange[], index: IPIndex): { ip: string; addr: IPAddr }[] {
  const out: { ip: string; addr: IPAddr }[] = [];
  for (const ip of index.keys()) {
    const parsed = parseIP(ip);
    if (parsed.ok && ranges.some((r) => rangeContains(r, parsed.value))) out.push({ ip, addr: parsed.value });
  }
  return out;
}

const ipsInRanges = (ranges: readonly IPRange[], index: IPIndex): string[] => heldInRanges(ranges, index).map((h) => h.ip);

/** A pool list entry names at most this many services (a /16 pool can hold thousands). */
export const SERVICE_NAMES_LIMIT = 50;

/**
 * `[...items].sort().slice(0, n)` without sorting them all: the pools list is rebuilt on every
 * flush while IPs are handed out, and sorting a 10,000-service pool's names each time showed in
 * the profile.
 */
export function firstSorted(items: Iterable<string>, n: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (out.length === n && !(item < out[n - 1])) continue;
    out.splice(partitionPoint(out.length, (i) => out[i] > item), 0, item);
    if (out.length > n) out.pop();
  }
  return out;
}

/**
 * `usedIPs`, when given, are the pool's IPs in `index` already worked out by the caller (who
 * can parse each IP once for all pools); otherwise the index is scanned.
 */
export function toPoolView(pool: IPAddressPool, index: IPIndex, ads: readonly AdvertisementInfo[], usedIPs?: readonly string[]): PoolView {
  const name = pool.metadata.name ?? '';
  const ranges = parsePoolRanges(pool);
  const total = ranges.reduce((sum, r) => sum + rangeSize(r), 0n);
  usedIPs ??= ipsInRanges(ranges, index);
  const services = new Set<string>();
  for (const ip of usedIPs) for (const s of index.get(ip)?.services ?? []) services.add(s);
  const labels = pool.metadata.labels ?? {};
  const families = [...new Set(ranges.map((r) => r.family))].sort() as PoolFamily[];
  const sa = pool.spec.serviceAllocation;
  return {
    name,
    uid: pool.metadata.uid ?? name,
    addresses: [...pool.spec.addresses],
    families,
    autoAssign: pool.spec.autoAssign ?? true,
    avoidBuggyIPs: pool.spec.avoidBuggyIPs ?? false,
    used: usedIPs.length,
    total: total.toString(),
    utilisation: total > 0n && total <= BigInt(Number.MAX_SAFE_INTEGER) ? usedIPs.length / Number(total) : 0,
    advertisements: ads.filter((ad) => coversPool(ad, name, labels)).map((ad) => ad.name).sort(),
    services: firstSorted(services, SERVICE_NAMES_LIMIT),
    serviceCount: services.size,
    priority: sa?.priority ?? null,
    pinned: Boolean(sa),
    labels,
    created: pool.metadata.creationTimestamp ?? null,
  };
}

/** An address some service holds: shared when more than one does. */
const heldCell = (ip: string, holders: IPHolders): IPCell => ({ ip, state: holders.services.length > 1 ? 'shared' : 'used', services: holders.services, node: holders.node });

function toCell(range: IPRange, offset: bigint, avoidBuggy: boolean, index: IPIndex): IPCell {
  const addr = ipAt(range, offset);
  const ip = formatIP(addr);
  const holders = index.get(ip);
  if (holders && holders.services.length > 0) return heldCell(ip, holders);
  const reserved = avoidBuggy && isBuggyIPv4(addr);
  return { ip, state: reserved ? 'reserved' : 'free', services: [], node: null };
}

/** Cells in address order over every range, capped at `limit`. */
export function buildIPGrid(pool: IPAddressPool, index: IPIndex, limit = GRID_LIMIT): { cells: IPCell[]; truncated: boolean } {
  const cells: IPCell[] = [];
  const avoidBuggy = pool.spec.avoidBuggyIPs ?? false;
  for (const range of parsePoolRanges(pool)) {
    const size = rangeSize(range);
    for (let off = 0n; off < size; off++) {
      if (cells.length >= limit) return { cells, truncated: true };
      cells.push(toCell(range, off, avoidBuggy, index));
    }
  }
  return { cells, truncated: false };
}

export function toPoolDetail(pool: IPAddressPool, index: IPIndex, ads: readonly AdvertisementInfo[]): PoolDetail {
  const grid = buildIPGrid(pool, index);
  const held = heldInRanges(parsePoolRanges(pool), index).sort((a, b) => compareIP(a.addr, b.addr));
  const view = toPoolView(pool, index, ads, held.map((h) => h.ip));
  const all = new Set<string>();
  for (const { ip } of held) for (const s of index.get(ip)?.services ?? []) all.add(s);
  const inUse = held.slice(0, IN_USE_LIMIT).map(({ ip }) => heldCell(ip, index.get(ip) as IPHolders));
  return { pool: { ...view, services: [...all].sort() }, cells: grid.cells, truncated: grid.truncated, inUse, resource: pool };
}

/** Groups the index's IPs by the pool containing them, parsing each IP once. */
export function groupIPsByPool(index: IPIndex, findPool: (ip: string) => string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ip of index.keys()) {
    const pool = findPool(ip);
    if (!pool) continue;
    const list = out.get(pool) ?? [];
    list.push(ip);
    out.set(pool, list);
  }
  return out;
}

/** Builds the IP -> holders index from service rows (the same rows the table shows). */
export function indexServiceIPs(rows: Iterable<{ namespace: string; name: string; ips: string[]; node: string | null }>): Map<string, IPHolders> {
  const index = new Map<string, IPHolders>();
  for (const row of rows) {
    for (const ip of row.ips) {
      const holders = index.get(ip) ?? { services: [], node: null };
      holders.services.push(`${row.namespace}/${row.name}`);
      holders.node = holders.node ?? row.node;
      index.set(ip, holders);
    }
  }
  return index;
}
