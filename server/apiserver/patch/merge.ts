// JSON merge patch (RFC 7386): maps merge, null deletes, everything else replaces. Pure.
import { isMap } from '../json-path';

export function mergePatch(original: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const result: Record<string, unknown> = isMap(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
