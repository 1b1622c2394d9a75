// Moves objects between the wire form of a resource's API version and the stored form, and checks type meta.
import { isMap } from './json-path';
import type { ResourceDef } from './registry';
import { badRequest } from './status-errors';
import type { StoredEntry } from './store';
import type { KubeObject } from './types';

/** JSON of a stored entry as this resource's API version shows it. */
export function wireJson(def: ResourceDef, entry: StoredEntry): string {
  return def.view ? JSON.stringify(def.view.fromStorage(entry.obj)) : entry.json;
}

export function wireObject(def: ResourceDef, obj: KubeObject): KubeObject {
  return def.view ? def.view.fromStorage(obj) : obj;
}

/** A private, stored-form copy of a request body, with type meta checked and namespace settled. */
export function fromWire(def: ResourceDef, body: unknown, urlNamespace: string | undefined): KubeObject {
  if (!isMap(body)) throw badRequest('the body of the request was not a JSON object');
  if (body.apiVersion !== undefined && body.apiVersion !== def.apiVersion) {
    throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${def.apiVersion})`);
  }
  if (body.kind !== undefined && body.kind !== def.kind) {
    throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${def.kind})`);
  }
  if (body.metadata !== undefined && !isMap(body.metadata)) throw badRequest('metadata must be an object');
  const copy = structuredClone({ ...body, metadata: body.metadata ?? {} }) as KubeObject;
  const obj = def.view ? def.view.toStorage(copy) : copy;
  if (!def.view) obj.apiVersion = def.apiVersion;
  obj.kind = def.kind;
  delete obj.metadata.managedFields;
  delete obj.metadata.selfLink;
  settleNamespace(def, obj, urlNamespace);
  return obj;
}

function settleNamespace(def: ResourceDef, obj: KubeObject, urlNamespace: string | undefined) {
  if (!def.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const given = obj.metadata.namespace;
  if (given !== undefined && given !== '' && urlNamespace !== undefined && given !== urlNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = urlNamespace ?? given;
}
