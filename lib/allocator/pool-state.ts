// One pool's free-address bookkeeping: per range a forward cursor plus a min-heap of offsets
// freed behind it, so finding the lowest free IP never scans the pool. Counters live here too.
import { isBuggyIPv4, rangeContains, rangeSize, type IPAddr, type IPFamily, type IPRange } from '../ip';
import { MinHeap } from './min-heap';
import type { AllocatorPool } from './types';

/** Tells whether an address currently has any holder. */
export type IsUsed = (family: IPFamily, n: bigint) => boolean;

interface RangeState {
  range: IPRange;
  size: bigint;
  /** Every offset below the cursor is used, buggy-avoided, or sitting in `freed`. */
  cursor: bigint;
  freed: MinHeap;
}

/** How many addresses in [first, last] have `n % 256 === rem`. */
function countResidue(first: bigint, last: bigint, rem: bigint): bigint {
  const upTo = (x: bigint): bigint => (x < rem ? 0n : (x - rem) / 256n + 1n);
  return upTo(last) - (first === 0n ? 0n : upTo(first - 1n));
}

/** Addresses the pool can hand out: all of them, minus .0 and .255 when avoidBuggyIPs. */
export function countUsable(range: IPRange, avoidBuggyIPs: boolean): bigint {
  const size = rangeSize(range);
  if (!avoidBuggyIPs || range.family !== 'IPv4') return size;
  return size - countResidue(range.first, range.last, 0n) - countResidue(range.first, range.last, 255n);
}

export class PoolState {
  readonly spec: AllocatorPool;
  /** Addresses with at least one holder (plain numbers: every one of them is materialised). */
  readonly assigned: Record<IPFamily, number> = { IPv4: 0, IPv6: 0 };
  readonly capacity: Record<IPFamily, bigint> = { IPv4: 0n, IPv6: 0n };
  private readonly ranges: RangeState[];

  constructor(spec: AllocatorPool) {
    this.spec = spec;
    this.ranges = spec.ranges.map((range) => ({ range, size: rangeSize(range), cursor: 0n, freed: new MinHeap() }));
    for (const r of spec.ranges) this.capacity[r.family] += countUsable(r, spec.avoidBuggyIPs);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Index of the range holding `ip` (pool order is range order, then ascending), or -1. */
  rangeIndexOf(ip: IPAddr): number {
    return this.ranges.findIndex((r) => rangeContains(r.range, ip));
  }

  /** In the pool, and not a .0/.255 address the pool avoids. */
  isAllowed(ip: IPAddr): boolean {
    return this.rangeIndexOf(ip) >= 0 && !this.isAvoided(ip.family, ip.n);
  }

  isAvoided(family: IPFamily, n: bigint): boolean {
    return this.spec.avoidBuggyIPs && isBuggyIPv4({ family, n });
  }

  /** The lowest address of the family nobody holds, with its range index; null when full. */
  lowestUnused(family: IPFamily, isUsed: IsUsed): { ip: IPAddr; rangeIndex: number } | null {
    for (let i = 0; i < this.ranges.length; i++) {
      const r = this.ranges[i];
      if (r.range.family !== family) continue;
      const n = this.peekFreed(r, isUsed) ?? this.advanceCursor(r, isUsed);
      if (n !== null) return { ip: { family, n }, rangeIndex: i };
    }
    return null;
  }

  /** An address of this pool lost its last holder. */
  markFreed(ip: IPAddr): void {
    const r = this.ranges[this.rangeIndexOf(ip)];
    if (!r) return;
    const offset = ip.n - r.range.first;
    // At or past the cursor the forward scan will find it anyway.
    if (offset < r.cursor) r.freed.push(offset);
  }

  private peekFreed(r: RangeState, isUsed: IsUsed): bigint | null {
    for (let top = r.freed.peek(); top !== undefined; top = r.freed.peek()) {
      const n = r.range.first + top;
      if (!isUsed(r.range.family, n) && !this.isAvoided(r.range.family, n)) return n;
      r.freed.pop();
    }
    return null;
  }

  private advanceCursor(r: RangeState, isUsed: IsUsed): bigint | null {
    while (r.cursor < r.size) {
      const n = r.range.first + r.cursor;
      if (!isUsed(r.range.family, n) && !this.isAvoided(r.range.family, n)) return n;
      r.cursor++;
    }
    return null;
  }
}
