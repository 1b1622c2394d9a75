// PATCH: pick the patch type from Content-Type, patch the wire form of the stored object, then
// update through the same path as PUT. Server-side apply creates when the object is missing.
import type { ApiContext, WriteOptions, WriteResult } from './context';
import { isMap } from './json-path';
import { applyPatch, parsePatchBody, patchTypeOf } from './patch/index';
import type { ResourceDef } from './registry';
import { ApiError, badRequest, notFound } from './status-errors';
import { cloneObject } from './store';
import { checkResourceVersion, commitUpdate, createObject } from './writes';
import { fromWire, wireObject } from './wire';

export interface PatchOptions extends WriteOptions {
  fieldManager?: string;
}

function requireFieldManager(fieldManager: string | undefined) {
  if (fieldManager) return;
  throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
    group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
  });
}

export function patchObject(
  ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string,
  contentType: string, rawBody: string, opts: PatchOptions,
): Promise<WriteResult> {
  const type = patchTypeOf(contentType, def.patchMeta !== null);
  const patch = parsePatchBody(type, rawBody);
  if (type === 'apply') requireFieldManager(opts.fieldManager);
  const current = ctx.store.get(def.storage, def.namespaced ? namespace ?? '' : '', name);
  if (!current) {
    if (type !== 'apply' || opts.subresource) throw notFound(def, name);
    if (!isMap(patch)) throw badRequest('apply patch must be an object');
    const meta = isMap(patch.metadata) ? patch.metadata : {};
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    return createObject(ctx, def, namespace, { ...patch, metadata: { ...meta, name } }, opts);
  }
  const patched = applyPatch(type, wireObject(def, cloneObject(current)), patch, def.patchMeta ?? undefined);
  if (!isMap(patched) || !isMap(patched.metadata)) throw badRequest('the patch produced an object without metadata');
  const incoming = fromWire(def, patched, namespace);
  if (incoming.metadata.name !== name) throw badRequest(`the name of the object (${String(incoming.metadata.name)}) does not match the name on the URL (${name})`);
  checkResourceVersion(def, current, incoming.metadata.resourceVersion);
  return commitUpdate(ctx, def, current, incoming, opts);
}
