// Server-side apply, simply: create-or-merge. Maps merge; lists with a merge key become the applied
// items (each merged with the live item of the same key, so allocated values like nodePort stay);
// other lists are replaced. No managedFields, no conflicts between managers.
import { isMap } from '../json-path';
import type { PatchMeta } from '../types';
import { deepEqual } from './deep-equal';

export function applyConfiguration(live: unknown, applied: unknown, meta: PatchMeta | undefined): unknown {
  if (Array.isArray(applied)) return applyList(live, applied, meta);
  if (!isMap(applied)) return applied;
  const result: Record<string, unknown> = isMap(live) ? { ...live } : {};
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) delete result[key];
    else result[key] = applyConfiguration(result[key], value, meta?.fields?.[key] ?? meta?.values);
  }
  return result;
}

function applyList(live: unknown, applied: unknown[], meta: PatchMeta | undefined): unknown[] {
  const list = meta?.list;
  if (list === undefined || list === 'set' || !Array.isArray(live)) return applied;
  return applied.map((item) => {
    if (!isMap(item)) return item;
    const match = live.find((x) => isMap(x) && deepEqual(x[list.mergeKey], item[list.mergeKey])
      && (list.extraKeys ?? []).every((k) => item[k] === undefined || deepEqual(x[k], item[k])));
    return applyConfiguration(match, item, meta?.items);
  });
}
