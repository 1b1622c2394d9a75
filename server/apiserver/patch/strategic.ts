// Strategic merge patch as kubectl sends it: merge keys, sets, and the $patch / $retainKeys /
// $setElementOrder / $deleteFromPrimitiveList directives. Pure; never mutates its inputs.
import { err, ok, type Result } from '../../../lib/result';
import { isMap } from '../json-path';
import type { PatchMeta } from '../types';
import { deepEqual } from './deep-equal';

type Obj = Record<string, unknown>;
const DELETE = Symbol('delete');
const ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

class PatchError extends Error {}

const isDirectiveKey = (k: string) => k === '$patch' || k === '$retainKeys' || k.startsWith(ORDER) || k.startsWith(DELETE_FROM);

/** Removes patch directives from a value that is being stored as-is. */
export function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isMap(x) && x.$patch !== undefined && Object.keys(x).length === 1)).map(stripDirectives);
  if (!isMap(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!isDirectiveKey(k)) out[k] = stripDirectives(x);
  return out;
}

export function strategicMerge(original: unknown, patch: unknown, meta: PatchMeta | undefined): Result<unknown, string> {
  if (!isMap(patch)) return err('strategic merge patch must be a JSON object');
  try {
    const merged = mergeMap(original, patch, meta);
    if (merged === DELETE) return err('$patch: delete is not allowed on the whole object');
    return ok(merged);
  } catch (e) {
    if (e instanceof PatchError) return err(e.message);
    throw e;
  }
}

function mergeMap(original: unknown, patch: Obj, meta: PatchMeta | undefined): Obj | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch) as Obj;
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const result: Obj = isMap(original) ? { ...original } : {};
  if (patch.$retainKeys !== undefined) retainKeys(result, patch.$retainKeys);
  for (const [key, value] of Object.entries(patch)) {
    if (isDirectiveKey(key)) continue;
    mergeField(result, key, value, meta?.fields?.[key] ?? meta?.values, patch[ORDER + key]);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM)) deleteFromPrimitiveList(result, key.slice(DELETE_FROM.length), value);
    const listName = key.slice(ORDER.length);
    if (key.startsWith(ORDER) && patch[listName] === undefined && Array.isArray(result[listName])) {
      result[listName] = applyOrder(result[listName] as unknown[], value, matcherFor(meta?.fields?.[listName]));
    }
  }
  return result;
}

function mergeField(result: Obj, key: string, value: unknown, meta: PatchMeta | undefined, order: unknown) {
  if (value === null) {
    delete result[key];
  } else if (Array.isArray(value)) {
    result[key] = mergeList(result[key], value, meta, order);
  } else if (isMap(value)) {
    const merged = mergeMap(result[key], value, meta);
    if (merged === DELETE) delete result[key];
    else result[key] = merged;
  } else {
    result[key] = value;
  }
}

function retainKeys(result: Obj, keys: unknown) {
  if (!Array.isArray(keys)) throw new PatchError('$retainKeys must be a list of strings');
  for (const k of Object.keys(result)) if (!keys.includes(k)) delete result[k];
}

function deleteFromPrimitiveList(result: Obj, key: string, values: unknown) {
  if (!Array.isArray(values)) throw new PatchError(`${DELETE_FROM}${key} must be a list`);
  if (Array.isArray(result[key])) result[key] = (result[key] as unknown[]).filter((x) => !values.some((v) => deepEqual(v, x)));
}

type Matcher = (item: unknown, probe: unknown) => boolean;

function matcherFor(meta: PatchMeta | undefined): Matcher {
  const list = meta?.list;
  if (list === undefined || list === 'set') return deepEqual;
  return (item, probe) => isMap(item) && isMap(probe) && deepEqual(item[list.mergeKey], probe[list.mergeKey]);
}

function mergeList(original: unknown, patch: unknown[], meta: PatchMeta | undefined, order: unknown): unknown[] {
  const replaceAll = patch.some((x) => isMap(x) && x.$patch === 'replace');
  const list = meta?.list;
  if (list === undefined || replaceAll) return stripDirectives(patch) as unknown[];
  const base = Array.isArray(original) ? [...original] : [];
  const merged = list === 'set' ? mergeSet(base, patch) : mergeByKey(base, patch, list, meta?.items);
  return order === undefined ? merged : applyOrder(merged, order, matcherFor(meta));
}

function mergeSet(base: unknown[], patch: unknown[]): unknown[] {
  for (const v of patch) if (!base.some((x) => deepEqual(x, v))) base.push(stripDirectives(v));
  return base;
}

/** Items sharing the merge key; when several share it (53/TCP and 53/UDP), the extra keys pick one. */
function findMatches(base: unknown[], item: Obj, key: { mergeKey: string; extraKeys?: string[] }): number[] {
  const same = base.flatMap((x, i) => (isMap(x) && deepEqual(x[key.mergeKey], item[key.mergeKey]) ? [i] : []));
  if (same.length <= 1) return same;
  const narrowed = same.filter((i) => (key.extraKeys ?? []).every((k) => item[k] === undefined || deepEqual((base[i] as Obj)[k], item[k])));
  return narrowed.length > 0 ? narrowed : same;
}

function mergeByKey(base: unknown[], patch: unknown[], key: { mergeKey: string; extraKeys?: string[] }, itemMeta: PatchMeta | undefined): unknown[] {
  let result = base;
  for (const item of patch) {
    if (!isMap(item)) throw new PatchError(`expected a map in list with merge key ${key.mergeKey}, got ${JSON.stringify(item)}`);
    if (item[key.mergeKey] === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key.mergeKey}`);
    const matches = findMatches(result, item, key);
    if (item.$patch === 'delete') {
      result = result.filter((_, i) => !matches.includes(i));
      continue;
    }
    if (matches.length > 0) {
      const merged = mergeMap(result[matches[0]], item, itemMeta);
      if (merged !== DELETE) result[matches[0]] = merged;
    } else {
      const created = mergeMap(undefined, item, itemMeta);
      if (created !== DELETE) result.push(created);
    }
  }
  return result;
}

/**
 * $setElementOrder: the listed items take the order given, in the slots they occupy;
 * items the patch did not list (added by someone else) keep their positions.
 */
function applyOrder(list: unknown[], order: unknown, matches: Matcher): unknown[] {
  if (!Array.isArray(order)) throw new PatchError('$setElementOrder must be a list');
  const ordered: unknown[] = [];
  for (const probe of order) {
    const found = list.find((x) => matches(x, probe));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  const slots = list.flatMap((x, i) => (ordered.includes(x) ? [i] : []));
  const result = [...list];
  slots.forEach((slot, i) => { result[slot] = ordered[i]; });
  return result;
}
