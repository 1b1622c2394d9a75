// A lease's duration in milliseconds. leaseDurationSeconds is whole seconds; ironlb's leases are
// sub-second-precise (2,000 ms by default, tunable to e.g. 1,500 ms), so the exact figure travels
// in an annotation and the seconds field carries its ceiling for other readers.
export const LEASE_DURATION_ANNOTATION = 'ironlb.io/lease-duration-ms';

export function leaseDurationMs(annotations: Record<string, string> | undefined, seconds: number | undefined, fallbackSeconds: number): number {
  const exact = Number(annotations?.[LEASE_DURATION_ANNOTATION]);
  if (Number.isFinite(exact) && exact > 0) return exact;
  return (seconds ?? fallbackSeconds) * 1000;
}
