// The /scale subresource of Deployments, ReplicaSets and StatefulSets (`kubectl scale`): an
// autoscaling/v1 Scale read from the object; writes change only spec.replicas, through the update path.
import type { ApiContext, WriteResult } from './context';
import { asMap, isMap, readPath } from './json-path';
import { applyPatch, parsePatchBody, patchTypeOf } from './patch/index';
import type { ResourceDef } from './registry';
import { formatLabelSelector } from './table-columns-workloads';
import { badRequest, fieldErrors, invalid } from './status-errors';
import { cloneObject, type StoredEntry } from './store';
import type { KubeObject } from './types';
import { checkResourceVersion, commitUpdate, getEntry } from './writes';

export function scaleOf(entry: { obj: KubeObject; rv: number }): KubeObject {
  const m = entry.obj.metadata;
  const selector = readPath(entry.obj, 'spec.selector');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: String(entry.rv), creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(readPath(entry.obj, 'spec.replicas') ?? 0) },
    status: { replicas: Number(readPath(entry.obj, 'status.replicas') ?? 0), ...(isMap(selector) ? { selector: formatLabelSelector(selector) } : {}) },
  };
}

export function getScale(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string): WriteResult {
  return { code: 200, json: JSON.stringify(scaleOf(getEntry(ctx, def, namespace, name))) };
}

/** The replicas a Scale body asks for, checked as the API server checks a Scale. */
function requestedReplicas(def: ResourceDef, name: string, scale: unknown): number {
  if (!isMap(scale)) throw badRequest('the body of the request was not a JSON object');
  if (scale.kind !== undefined && scale.kind !== 'Scale') throw badRequest(`the kind in the data (${String(scale.kind)}) does not match the expected kind (Scale)`);
  const replicas = asMap(scale.spec).replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid({ group: 'autoscaling', resource: 'scale', kind: 'Scale' }, name, [fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
  }
  return replicas;
}

async function commitReplicas(ctx: ApiContext, def: ResourceDef, current: StoredEntry, replicas: number, dryRun: boolean): Promise<WriteResult> {
  const obj = cloneObject(current);
  obj.spec = { ...asMap(obj.spec), replicas };
  const result = await commitUpdate(ctx, def, current, obj, { dryRun });
  const after = JSON.parse(result.json) as KubeObject;
  return { code: 200, json: JSON.stringify(scaleOf({ obj: after, rv: Number(after.metadata.resourceVersion) })) };
}

export function updateScale(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string, body: unknown, dryRun: boolean): Promise<WriteResult> {
  const current = getEntry(ctx, def, namespace, name);
  const replicas = requestedReplicas(def, name, body);
  checkResourceVersion(def, current, isMap(body) ? (asMap(body.metadata).resourceVersion as string | undefined) : undefined);
  return commitReplicas(ctx, def, current, replicas, dryRun);
}

export function patchScale(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string, contentType: string, rawBody: string, dryRun: boolean): Promise<WriteResult> {
  const current = getEntry(ctx, def, namespace, name);
  const type = patchTypeOf(contentType, true);
  if (type === 'apply') throw badRequest('server-side apply is not supported on the scale subresource here: send a merge patch');
  const patched = applyPatch(type, scaleOf(current), parsePatchBody(type, rawBody), undefined);
  const replicas = requestedReplicas(def, name, patched);
  checkResourceVersion(def, current, asMap(asMap(patched).metadata).resourceVersion as string | undefined);
  return commitReplicas(ctx, def, current, replicas, dryRun);
}
