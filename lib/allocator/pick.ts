// Choosing addresses: the order pools are tried in, the checks a given set of IPs must pass,
// and the lowest free (or free-for-sharing) address of a family within one pool.
import { formatIP, type IPAddr, type IPFamily } from '../ip';
import { err, ok, type Result } from '../result';
import { checkSharing, isPoolCompatible, type Holder } from './compat';
import type { IPTable } from './ip-table';
import type { PoolState } from './pool-state';
import { checkFamilies } from './request';
import type { AllocService, AllocationRequest } from './types';

const byName = (a: PoolState, b: PoolState): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Pinned pools: priority ascending with 0 (unset) last, ties by name. */
export function sortPinned(pools: PoolState[]): PoolState[] {
  const rank = (p: PoolState): number => {
    const prio = p.spec.serviceAllocation?.priority ?? 0;
    return prio === 0 ? Number.POSITIVE_INFINITY : prio;
  };
  return [...pools].sort((a, b) => rank(a) - rank(b) || byName(a, b));
}

export function sortUnpinned(pools: PoolState[]): PoolState[] {
  return [...pools].sort(byName);
}

/** The pool holding the address, if any (pools never overlap once validated). */
export function findPool(pools: Iterable<PoolState>, ip: IPAddr): PoolState | undefined {
  for (const pool of pools) if (pool.rangeIndexOf(ip) >= 0) return pool;
  return undefined;
}

const sameSet = (a: readonly IPAddr[], b: readonly IPAddr[]): boolean =>
  a.length === b.length && a.every((x) => b.some((y) => y.family === x.family && y.n === x.n));

/**
 * Whether a service may hold exactly these IPs, sharing aside: families fit its policy, all
 * lie in one pool that allows them and serves the service, and they agree with what the
 * service asks for (requested IPs, pool annotation). Returns that pool.
 */
export function checkIPs(
  ips: readonly IPAddr[],
  service: AllocService,
  req: AllocationRequest,
  pools: ReadonlyMap<string, PoolState>,
): Result<PoolState, string> {
  const family = checkFamilies(service, ips);
  if (family) return err(family);
  const found = ips.map((ip) => findPool(pools.values(), ip));
  const missing = found.findIndex((p) => p === undefined);
  if (missing >= 0) return err(`"${formatIP(ips[missing])}" is not allowed in config`);
  const pool = found[0] as PoolState;
  const other = found.find((p) => p !== pool);
  if (other) return err(`"${ips.map(formatIP).join('" and "')}" are in different pools ("${pool.name}", "${other.name}")`);
  const avoided = ips.find((ip) => pool.isAvoided(ip.family, ip.n));
  if (avoided) return err(`"${formatIP(avoided)}" ends in .0 or .255 and pool "${pool.name}" has avoidBuggyIPs`);
  if (!isPoolCompatible(pool.spec, service)) {
    return err(`pool "${pool.name}" does not serve "${service.namespace}/${service.name}" (serviceAllocation)`);
  }
  if (req.requestedIPs.length > 0 && !sameSet(req.requestedIPs, ips)) {
    return err(`the service requests "${req.requestedIPs.map(formatIP).join(',')}"`);
  }
  if (req.pool !== undefined && req.pool !== pool.name) return err(`"${formatIP(ips[0])}" is not in pool "${req.pool}"`);
  return ok(pool);
}

/** The first sharing conflict among the IPs, or null. */
export function checkAllSharing(ips: readonly IPAddr[], table: IPTable, holder: Holder): string | null {
  for (const ip of ips) {
    const record = table.get(ip);
    const why = record ? checkSharing(ip, record.holders, holder) : null;
    if (why) return why;
  }
  return null;
}

/** Lowest address of the family that is unused or shareable by `holder`, in pool order. */
function lowestCandidate(pool: PoolState, family: IPFamily, table: IPTable, holder: Holder): IPAddr | null {
  let best = pool.lowestUnused(family, table.isUsed);
  if (!holder.sharingKey) return best?.ip ?? null;
  for (const rec of table.withKey(holder.sharingKey)) {
    if (rec.pool !== pool.name || rec.ip.family !== family) continue;
    if (checkSharing(rec.ip, rec.holders, holder)) continue;
    const rangeIndex = pool.rangeIndexOf(rec.ip);
    const better = !best || rangeIndex < best.rangeIndex || (rangeIndex === best.rangeIndex && rec.ip.n < best.ip.n);
    if (better) best = { ip: rec.ip, rangeIndex };
  }
  return best?.ip ?? null;
}

/** One address per family from this pool, or null when any family has none left. */
export function pickInPool(
  pool: PoolState,
  families: readonly IPFamily[],
  table: IPTable,
  holder: Holder,
): IPAddr[] | null {
  const picked: IPAddr[] = [];
  for (const family of families) {
    const ip = lowestCandidate(pool, family, table, holder);
    if (!ip) return null;
    picked.push(ip);
  }
  return picked;
}
