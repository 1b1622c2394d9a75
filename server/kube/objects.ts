// Generic reads and writes over the resource table: get, list (paged), create, replace, patch
// (merge patch unless told otherwise), status subresource, delete, and update-with-409-retry.
import type { KubeApi } from './client';
import { isConflict, isNotFound } from './errors';
import { apiVersionOf, resourcePath, type ResourceRef } from './resources';
import type { KubeList, KubeObject, ObjectName } from './types';

export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;
export type PatchType = keyof typeof PATCH_TYPES;

export interface WriteOptions {
  subresource?: 'status';
  fieldManager?: string;
  signal?: AbortSignal;
}

/** Reads one object; undefined when it does not exist. */
export async function getObject<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  name: ObjectName,
  signal?: AbortSignal,
): Promise<T | undefined> {
  try {
    return (await kube.request({ method: 'GET', path: resourcePath(ref, name), signal })) as T;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; the server may ignore it. */
  limit?: number;
  /** "0": any version the server has at hand (kube-apiserver answers from its watch cache). */
  resourceVersion?: string;
  signal?: AbortSignal;
}

/** Lists every page; the returned resourceVersion is the one to watch from. */
export async function listObjects<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  opts: ListOptions = {},
): Promise<KubeList<T>> {
  const items: T[] = [];
  let resourceVersion = '';
  let cont: string | undefined;
  do {
    const page = (await kube.request({
      method: 'GET',
      path: resourcePath(ref, { namespace: opts.namespace }),
      query: {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        limit: opts.limit ?? 1000,
        continue: cont,
        resourceVersion: cont ? undefined : opts.resourceVersion, // a continue token carries its own
      },
      signal: opts.signal,
    })) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
    for (const item of page.items ?? []) items.push(withTypeMeta(ref, item));
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}

/** List items often come without apiVersion/kind; fill them so objects look alike everywhere. */
export function withTypeMeta<T extends KubeObject>(ref: ResourceRef, obj: T): T {
  if (obj.apiVersion && obj.kind) return obj;
  return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(ref), kind: obj.kind ?? ref.kind };
}

export async function createObject<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  obj: T,
  opts: WriteOptions = {},
): Promise<T> {
  const body = withTypeMeta(ref, obj);
  return (await kube.request({
    method: 'POST',
    path: resourcePath(ref, { namespace: obj.metadata.namespace }),
    query: { fieldManager: opts.fieldManager },
    body,
    signal: opts.signal,
  })) as T;
}

/** PUT: the object's metadata.resourceVersion, when set, makes a stale write fail with 409. */
export async function replaceObject<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  obj: T,
  opts: WriteOptions = {},
): Promise<T> {
  const name = requireName(obj);
  return (await kube.request({
    method: 'PUT',
    path: resourcePath(ref, { ...name, subresource: opts.subresource }),
    query: { fieldManager: opts.fieldManager },
    body: withTypeMeta(ref, obj),
    signal: opts.signal,
  })) as T;
}

/** PATCH with an explicit content type (merge patch by default; client-node's default is JSON patch). */
export async function patchObject<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  name: ObjectName,
  patch: unknown,
  opts: WriteOptions & { type?: PatchType } = {},
): Promise<T> {
  return (await kube.request({
    method: 'PATCH',
    path: resourcePath(ref, { ...name, subresource: opts.subresource }),
    query: { fieldManager: opts.fieldManager },
    body: patch,
    contentType: PATCH_TYPES[opts.type ?? 'merge'],
    signal: opts.signal,
  })) as T;
}

/** Deletes; returns false when the object was already gone. */
export async function deleteObject(kube: KubeApi, ref: ResourceRef, name: ObjectName, signal?: AbortSignal): Promise<boolean> {
  try {
    await kube.request({
      method: 'DELETE',
      path: resourcePath(ref, name),
      body: { propagationPolicy: 'Background' },
      signal,
    });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

export type UpdateOutcome<T> =
  | { outcome: 'updated'; object: T; attempts: number }
  | { outcome: 'unchanged'; object: T; attempts: number }
  | { outcome: 'notFound'; attempts: number };

export interface UpdateOptions<T> extends WriteOptions {
  /** A copy believed current (e.g. from an informer cache): the first attempt skips the GET. */
  initial?: T;
  /** Attempts before giving up on repeated conflicts (default 5). */
  attempts?: number;
}

/**
 * Read-modify-write with optimistic concurrency: `mutate` gets the current object and returns
 * the desired one, or undefined when nothing needs to change (then nothing is written). On 409
 * the object is read fresh and `mutate` runs again.
 */
export async function updateWithRetry<T extends KubeObject>(
  kube: KubeApi,
  ref: ResourceRef,
  name: ObjectName,
  mutate: (current: T) => T | undefined,
  opts: UpdateOptions<T> = {},
): Promise<UpdateOutcome<T>> {
  const max = opts.attempts ?? 5;
  let current = opts.initial;
  for (let attempt = 1; ; attempt++) {
    current ??= await getObject<T>(kube, ref, name, opts.signal);
    if (!current) return { outcome: 'notFound', attempts: attempt };
    const desired = mutate(current);
    if (!desired) return { outcome: 'unchanged', object: current, attempts: attempt };
    try {
      const written = await replaceObject(kube, ref, desired, opts);
      return { outcome: 'updated', object: written, attempts: attempt };
    } catch (e) {
      if (isNotFound(e)) return { outcome: 'notFound', attempts: attempt };
      if (!isConflict(e) || attempt >= max) throw e;
      current = undefined;
    }
  }
}

function requireName(obj: KubeObject): ObjectName {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  return { namespace: obj.metadata.namespace, name };
}
