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

function applyJsonPatch(current: KubeObject, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const invalid = fastJsonPatch.validate(ops as Operation[], current);
  if (invalid) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${invalid.message.split('\n')[0]}`);
  try {
    return fastJsonPatch.applyPatch(current, ops as Operation[], false, false).newDocument;
  } catch (e) {
    throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${(e as Error).message.split('\n')[0]}`);
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
