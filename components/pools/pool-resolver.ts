// The pool form's resolver: the shared poolFormSchema (via zodResolver), plus the cross-pool
// overlap check ("overlaps with 10.20.13.0/28 in pool lab") so it shows before submit.
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { poolFormSchema, type PoolForm } from '@/lib/schemas';
import { findCrossPoolOverlaps, type OtherPool } from '@/lib/views';

const base = zodResolver(poolFormSchema);

export function makePoolResolver(others: () => readonly OtherPool[], self?: string): Resolver<PoolForm> {
  return async (values, context, options) => {
    const result = await base(values, context, options);
    const overlaps = findCrossPoolOverlaps(values.addresses ?? [], others(), self);
    if (overlaps.length === 0) return result;
    const errors = { ...(result.errors as FieldErrors<PoolForm>) } as Record<string, unknown>;
    const list = (Array.isArray(errors.addresses) ? [...(errors.addresses as unknown[])] : []) as unknown[];
    for (const o of overlaps) {
      if (!list[o.index]) list[o.index] = { type: 'overlap', message: o.message };
    }
    errors.addresses = list;
    return { values: {}, errors: errors as FieldErrors<PoolForm> };
  };
}
