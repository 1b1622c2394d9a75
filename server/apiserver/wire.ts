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
  if (body.metadata !== undefined && body.metadata !== null && !isMap(body.metadata)) throw badRequest(unmarshalError(body.metadata, 'metadata', 'v1.ObjectMeta'));
  checkMetadataTypes(isMap(body.metadata) ? body.metadata : {});
  const copy = structuredClone({ ...body, metadata: isMap(body.metadata) ? body.metadata : {} }) as KubeObject;
  const obj = def.view ? def.view.toStorage(copy) : copy;
  if (!def.view) obj.apiVersion = def.apiVersion;
  obj.kind = def.kind;
  for (const [k, v] of Object.entries(obj.metadata)) if (v === null) delete obj.metadata[k];
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

const jsonTypeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

function unmarshalError(value: unknown, field: string, goType: string): string {
  return `json: cannot unmarshal ${jsonTypeOf(value)} into Go struct field ObjectMeta.${field} of type ${goType}`;
}

const STRING_FIELDS = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'];
const isStringMap = (v: unknown) => isMap(v) && Object.values(v).every((x) => typeof x === 'string');

/** What decoding into metav1.ObjectMeta would refuse: a 400, as from the API server's JSON decoder. */
function checkMetadataTypes(meta: Record<string, unknown>) {
  for (const f of STRING_FIELDS) {
    if (meta[f] !== undefined && meta[f] !== null && typeof meta[f] !== 'string') throw badRequest(unmarshalError(meta[f], `metadata.${f}`, 'string'));
  }
  for (const f of ['labels', 'annotations']) {
    if (meta[f] !== undefined && meta[f] !== null && !isStringMap(meta[f])) throw badRequest(unmarshalError(meta[f], `metadata.${f}`, 'map[string]string'));
  }
  const fin = meta.finalizers;
  if (fin !== undefined && fin !== null && !(Array.isArray(fin) && fin.every((x) => typeof x === 'string'))) throw badRequest(unmarshalError(fin, 'metadata.finalizers', '[]string'));
  const owners = meta.ownerReferences;
  if (owners !== undefined && owners !== null && !(Array.isArray(owners) && owners.every(isMap))) throw badRequest(unmarshalError(owners, 'metadata.ownerReferences', '[]v1.OwnerReference'));
  if (meta.generation !== undefined && meta.generation !== null && typeof meta.generation !== 'number') throw badRequest(unmarshalError(meta.generation, 'metadata.generation', 'int64'));
}
