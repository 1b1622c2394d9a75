// One IPAddressPool CR -> PoolConfig (addresses parsed, defaults applied), plus overlap checks
// within and across pools. Messages follow docs/semantics.md "Resources and validation".
import {
  describePoolAddressError,
  parsePoolAddressDetailed,
  rangesOverlap,
  type IPRange,
} from '../ip';
import { err, ok, type Result } from '../result';
import { applyPoolDefaults, type IPAddressPool } from '../schemas';
import { checkMetadata, checkSelectors, checkNoDuplicates, firstFailure } from './resource-checks';
import type { PoolConfig, PoolServiceAllocation } from './types';

/** A parsed address with the text the user wrote, for overlap messages. */
export type PoolAddress = { pool: string; text: string; range: IPRange };

export function parsePoolAddresses(pool: string, addresses: readonly string[]): Result<PoolAddress[], string> {
  if (addresses.length === 0) return err('pool has no prefixes defined');
  const out: PoolAddress[] = [];
  for (const text of addresses) {
    const parsed = parsePoolAddressDetailed(text);
    if (!parsed.ok) return err(describePoolAddressError(parsed.error, pool));
    out.push({ pool, text, range: parsed.value });
  }
  return ok(out);
}

export function describeOverlap(a: PoolAddress, existing: PoolAddress): string {
  return `CIDR "${a.text}" in pool "${a.pool}" overlaps with already defined CIDR "${existing.text}" in pool "${existing.pool}"`;
}

/** Checks each address against all earlier ones (spec order, then pool order). */
export function checkOverlaps(addresses: readonly PoolAddress[], earlier: PoolAddress[] = []): Result<true, PoolAddress & { message: string }> {
  const seen = [...earlier];
  for (const a of addresses) {
    const clash = seen.find((s) => rangesOverlap(s.range, a.range));
    if (clash) return err({ ...a, message: describeOverlap(a, clash) });
    seen.push(a);
  }
  return ok(true);
}

function checkServiceAllocation(pool: IPAddressPool): Result<true, string> {
  const sa = pool.spec.serviceAllocation;
  if (!sa) return ok(true);
  const named = (r: Result<true, string>) => (r.ok ? r : err(`${r.error} in pool "${pool.metadata.name}"`));
  return firstFailure([
    () => named(checkNoDuplicates(sa.namespaces, 'namespaces')),
    () => named(checkSelectors(sa.namespaceSelectors, 'namespaceSelectors')),
    () => named(checkSelectors(sa.serviceSelectors, 'serviceSelectors')),
  ]);
}

function toServiceAllocation(pool: IPAddressPool): PoolServiceAllocation | undefined {
  const sa = pool.spec.serviceAllocation;
  if (!sa) return undefined;
  return {
    priority: sa.priority ?? 0,
    namespaces: sa.namespaces ?? [],
    namespaceSelectors: sa.namespaceSelectors ?? [],
    serviceSelectors: sa.serviceSelectors ?? [],
  };
}

/** Everything about one pool that does not depend on other pools. */
export function toPoolConfig(
  pool: IPAddressPool,
  systemNamespace: string,
): Result<{ config: PoolConfig; addresses: PoolAddress[] }, string> {
  const meta = checkMetadata(pool.metadata, systemNamespace);
  if (!meta.ok) return meta;
  const addresses = parsePoolAddresses(meta.value, pool.spec.addresses);
  if (!addresses.ok) return addresses;
  const inPool = checkOverlaps(addresses.value);
  if (!inPool.ok) return err(inPool.error.message);
  const sa = checkServiceAllocation(pool);
  if (!sa.ok) return sa;
  const withDefaults = applyPoolDefaults(pool);
  const serviceAllocation = toServiceAllocation(pool);
  return ok({
    config: {
      name: meta.value,
      ranges: addresses.value.map((a) => a.range),
      autoAssign: withDefaults.spec.autoAssign ?? true,
      avoidBuggyIPs: withDefaults.spec.avoidBuggyIPs ?? false,
      ...(serviceAllocation ? { serviceAllocation } : {}),
      labels: { ...(pool.metadata.labels ?? {}) },
    },
    addresses: addresses.value,
  });
}
