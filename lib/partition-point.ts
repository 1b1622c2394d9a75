// The one binary search the sorted tables, histories and rankings here share: the first index at
// which a predicate that is false and then true along a sorted sequence turns true (what C++
// calls partition_point). Written here: the comparison differs at every caller, the search not.

/** Smallest i in [0, length] with `after(i)` true; `after` must be false, then true, along 0..length-1. */
export function partitionPoint(length: number, after: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
