// Cross-pool overlap for the pool form: the shared zod schema checks one pool on its own; this
// names the other pool an address collides with ("overlaps with 10.20.13.0/28 in pool lab").
import { parsePoolAddress, rangesOverlap, type IPRange } from '../ip';

export interface OtherPool {
  name: string;
  addresses: readonly string[];
}

export interface AddressIssue {
  index: number;
  message: string;
}

export function findCrossPoolOverlaps(addresses: readonly string[], others: readonly OtherPool[], self?: string): AddressIssue[] {
  const existing: { pool: string; text: string; range: IPRange }[] = [];
  for (const pool of others) {
    if (pool.name === self) continue;
    for (const text of pool.addresses) {
      const r = parsePoolAddress(text);
      if (r.ok) existing.push({ pool: pool.name, text, range: r.value });
    }
  }
  const issues: AddressIssue[] = [];
  addresses.forEach((text, index) => {
    const r = parsePoolAddress(text);
    if (!r.ok) return;
    const clash = existing.find((e) => rangesOverlap(e.range, r.value));
    if (clash) issues.push({ index, message: `overlaps with ${clash.text} in pool ${clash.pool}` });
  });
  return issues;
}
