// Applies a PATCH body by its content type: JSON Patch, merge patch, strategic merge, apply (YAML).
// Returns the patched object or a Status error; never touches storage.
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, unsupportedMediaType } from '../status-errors';
import type { KubeObject, PatchMeta } from '../types';
import { applyConfiguration } from './apply';
import { mergePatch } from './merge';
import { strategicMerge } from './strategic';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const MEDIA_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type of a Content-Type, or a 415 listing what this resource accepts. */
export function patchTypeOf(contentType: string, strategicAllowed: boolean): PatchType {
  const media = contentType.split(';')[0].trim().toLowerCase();
  const type = MEDIA_TYPES[media];
  if (type && (type !== 'strategic' || strategicAllowed)) return type;
  const accepted = Object.entries(MEDIA_TYPES).filter(([, t]) => t !== 'strategic' || strategicAllowed).map(([m]) => m);
  throw unsupportedMediaType(media, accepted);
}

/** Parses the patch body: JSON for all but apply, which is YAML (a superset of JSON). */
export function parsePatchBody(type: PatchType, body: string): unknown {
  try {
    return type === 'apply' ? parseYaml(body) : JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

const rejected = (why: string) => new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${why}`);

/** What fast-json-patch would throw on (a TypeError, not a validation error), caught first with a plain message. */
function checkJsonPatchOp(op: unknown): string | undefined {
  if (typeof op !== 'object' || op === null) return 'each operation must be an object';
  const { op: kind, path, from } = op as Record<string, unknown>;
  for (const [name, pointer] of [['path', path], ['from', from]] as const) {
    if (pointer === undefined || typeof pointer !== 'string') continue;
    const segments = pointer.split('/');
    if (segments.some((seg, i) => seg === '__proto__' || (seg === 'constructor' && segments[i + 1] === 'prototype'))) {
      return `${kind} operation: ${name} "${pointer}" is not a field of the object`;
    }
  }
  if ((kind === 'move') && typeof from === 'string' && typeof path === 'string' && path.startsWith(`${from}/`)) {
    return `move operation: "from" ${JSON.stringify(from)} is a prefix of "path" ${JSON.stringify(path)}: a value cannot be moved into itself`;
  }
  return undefined;
}

function applyJsonPatch(current: KubeObject, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  for (const op of ops) {
    const problem = checkJsonPatchOp(op);
    if (problem) throw rejected(problem);
  }
  try {
    const invalid = fastJsonPatch.validate(ops as Operation[], current);
    if (invalid) throw rejected(invalid.message.split('\n')[0]);
    return fastJsonPatch.applyPatch(current, ops as Operation[], false, false).newDocument;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const message = e instanceof fastJsonPatch.JsonPatchError ? e.message.split('\n')[0] : 'the patch does not apply to the object';
    throw rejected(message);
  }
}

/** `current` is a private copy; the result may share structure with it. */
export function applyPatch(type: PatchType, current: KubeObject | undefined, patch: unknown, meta: PatchMeta | undefined): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(current as KubeObject, patch);
    case 'merge':
      return mergePatch(current, patch);
    case 'strategic': {
      const merged = strategicMerge(current, patch, meta);
      if (!merged.ok) throw badRequest(merged.error);
      return merged.value;
    }
    case 'apply':
      return applyConfiguration(current, patch, meta);
  }
}
