// create, update and delete: metadata rules, strategy hooks, admission, preconditions, then one commit.
// Synchronous from the first read to the commit, so no other write can interleave.
import type { ApiContext, WriteOptions, WriteResult } from './context';
import { isMap } from './json-path';
import { carryUpdateMeta, generateNameSuffix, initCreateMeta, toTimestamp, validateObjectMeta } from './object-meta';
import { deepEqual } from './patch/deep-equal';
import { derivedChanges } from './derived';
import type { ResourceDef } from './registry';
import { alreadyExists, badRequest, conflict, fieldErrors, forbidden, invalid, notFound } from './status-errors';
import { cloneObject, type Change, type StoredEntry } from './store';
import type { KubeObject } from './types';
import { fromWire, wireJson, wireObject } from './wire';

/** Commits `changes` and what follows from them (derived.ts), the latter after, in one transaction. */
function commitWithDerived(ctx: ApiContext, changes: Change[]) {
  return ctx.store.commit([...changes, ...derivedChanges(ctx, changes)]);
}

const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export function requireNamespace(ctx: ApiContext, namespace: string | undefined) {
  if (!namespace) throw badRequest('namespace is required for a namespaced resource');
  if (!ctx.store.get('namespaces', '', namespace)) {
    throw notFound({ group: '', resource: 'namespaces', kind: 'Namespace' }, namespace);
  }
}

export function getEntry(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string): StoredEntry {
  const entry = ctx.store.get(def.storage, def.namespaced ? namespace ?? '' : '', name);
  if (!entry) throw notFound(def, name);
  return entry;
}

function resultOf(def: ResourceDef, code: number, obj: KubeObject, entry?: StoredEntry): WriteResult {
  return { code, json: entry ? wireJson(def, entry) : JSON.stringify(wireObject(def, obj)) };
}

/** Validation, defaulting and admission, in the API server's order. Throws the first failure. */
function runChecks(ctx: ApiContext, def: ResourceDef, obj: KubeObject, old: KubeObject | undefined) {
  const errors = validateObjectMeta(obj, def.nameRule);
  errors.push(...(def.strategy.prepare?.(obj, old, ctx) ?? []));
  if (errors.length > 0) throw invalid(def, obj.metadata.name ?? '', errors);
  const denial = ctx.webhooks === false ? undefined : def.strategy.admit?.(obj, old, ctx);
  if (denial) throw denial;
}

function pickName(ctx: ApiContext, def: ResourceDef, obj: KubeObject): string {
  const m = obj.metadata;
  if (m.name) return m.name;
  if (!m.generateName) throw invalid(def, '', [fieldErrors.required('metadata.name', 'name or generateName is required')]);
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidate = `${m.generateName}${generateNameSuffix(ctx.random)}`;
    if (!ctx.store.get(def.storage, m.namespace ?? '', candidate)) return candidate;
  }
  throw alreadyExists(def, m.generateName);
}

export async function createObject(ctx: ApiContext, def: ResourceDef, urlNamespace: string | undefined, body: unknown, opts: WriteOptions): Promise<WriteResult> {
  const obj = fromWire(def, body, urlNamespace);
  if (def.namespaced) requireNamespace(ctx, obj.metadata.namespace);
  if (obj.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
  const name = pickName(ctx, def, obj);
  obj.metadata.name = name;
  const namespace = obj.metadata.namespace ?? '';
  if (ctx.store.get(def.storage, namespace, name)) throw alreadyExists(def, name);
  initCreateMeta(obj, ctx.uid(), ctx.now(), def.hasGeneration);
  if (def.dropStatusOnCreate) delete obj.status;
  runChecks(ctx, def, obj, undefined);
  if (opts.dryRun) return resultOf(def, 201, obj);
  const [committed] = await commitWithDerived(ctx, [{ storage: def.storage, namespace, name, obj }]);
  return resultOf(def, 201, obj, committed.entry);
}

export function checkResourceVersion(def: ResourceDef, current: StoredEntry, given: string | undefined) {
  if (given !== undefined && given !== '' && given !== String(current.rv)) throw conflict(def, current.obj.metadata.name ?? '');
}

/** Synchronous up to the commit: checks and staging happen before anything else can run. */
export function updateObject(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): Promise<WriteResult> {
  const current = getEntry(ctx, def, namespace, name);
  const incoming = fromWire(def, body, namespace);
  if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
    throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
  }
  checkResourceVersion(def, current, incoming.metadata.resourceVersion);
  return commitUpdate(ctx, def, current, incoming, opts);
}

/** Shared by update and patch: merges what the endpoint may change into the stored object and commits. */
export async function commitUpdate(ctx: ApiContext, def: ResourceDef, current: StoredEntry, incoming: KubeObject, opts: WriteOptions): Promise<WriteResult> {
  let obj: KubeObject;
  if (opts.subresource === 'status') {
    obj = cloneObject(current);
    // carryUpdateMeta below still restores what no write may change (uid, creationTimestamp...).
    if (def.statusWritesMetadata) obj.metadata = incoming.metadata;
    if (incoming.status === undefined) delete obj.status;
    else obj.status = incoming.status;
  } else {
    obj = incoming;
    if (def.hasStatus) {
      if (current.obj.status === undefined) delete obj.status;
      else obj.status = structuredClone(current.obj.status);
    }
  }
  carryUpdateMeta(obj, current.obj, def.hasGeneration);
  if (opts.subresource !== 'status') runChecks(ctx, def, obj, current.obj);
  else def.strategy.prepareStatus?.(obj);
  const key = { storage: def.storage, namespace: current.obj.metadata.namespace ?? '', name: current.obj.metadata.name ?? '' };
  if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0) {
    // The last finalizer is gone: the pending deletion completes now.
    if (opts.dryRun) return resultOf(def, 200, obj);
    const [gone] = await commitWithDerived(ctx, [{ ...key, obj: null }]);
    return resultOf(def, 200, gone.entry.obj, gone.entry);
  }
  obj.metadata.resourceVersion = current.obj.metadata.resourceVersion;
  if (deepEqual(obj, current.obj)) return resultOf(def, 200, current.obj, current);
  if (opts.dryRun) return resultOf(def, 200, obj);
  const [committed] = await commitWithDerived(ctx, [{ ...key, obj }]);
  return resultOf(def, 200, obj, committed.entry);
}

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function parseDeleteOptions(body: unknown): DeleteOptions {
  if (body === undefined) return {};
  if (!isMap(body)) throw badRequest('the body of a delete must be a DeleteOptions object');
  const pre = isMap(body.preconditions) ? body.preconditions : undefined;
  return { preconditions: pre ? { uid: pre.uid as string | undefined, resourceVersion: pre.resourceVersion as string | undefined } : undefined };
}

function checkPreconditions(def: ResourceDef, current: StoredEntry, pre: DeleteOptions['preconditions']) {
  const name = current.obj.metadata.name ?? '';
  if (pre?.uid && pre.uid !== current.obj.metadata.uid) {
    throw conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.obj.metadata.uid ?? ''}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(current.rv)) {
    throw conflict(def, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.rv}`);
  }
}

/** Everything stored in a namespace, deleted with it (the namespace controller's job, done at once). */
function namespaceContents(ctx: ApiContext, namespace: string): Change[] {
  return ctx.registry.namespacedStorages().flatMap((d) =>
    ctx.store.list(d.storage, namespace).map((e) => ({ storage: d.storage, namespace, name: e.obj.metadata.name ?? '', obj: null })));
}

export async function deleteObject(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, name: string, options: DeleteOptions, dryRun: boolean): Promise<WriteResult> {
  const current = getEntry(ctx, def, namespace, name);
  checkPreconditions(def, current, options.preconditions);
  const isNamespace = def.storage === 'namespaces';
  if (isNamespace && PROTECTED_NAMESPACES.includes(name)) throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, def, name);
  const key = { storage: def.storage, namespace: current.obj.metadata.namespace ?? '', name };
  if ((current.obj.metadata.finalizers ?? []).length > 0) {
    // Graceful deletion: mark it; the object goes when its last finalizer is removed.
    if (current.obj.metadata.deletionTimestamp) return resultOf(def, 202, current.obj, current);
    const obj = cloneObject(current);
    obj.metadata.deletionTimestamp = toTimestamp(ctx.now());
    obj.metadata.deletionGracePeriodSeconds = 0;
    if (dryRun) return resultOf(def, 202, obj);
    const [marked] = await commitWithDerived(ctx, [{ ...key, obj }]);
    return resultOf(def, 202, obj, marked.entry);
  }
  if (dryRun) return resultOf(def, 200, current.obj, current);
  const changes: Change[] = isNamespace ? namespaceContents(ctx, name) : [];
  changes.push({ ...key, obj: null });
  const primary = changes.length - 1;
  const committed = await commitWithDerived(ctx, changes);
  const gone = committed[primary].entry;
  if (isNamespace) {
    const shown = JSON.parse(gone.json) as KubeObject;
    shown.status = { ...(shown.status as object), phase: 'Terminating' };
    shown.metadata.deletionTimestamp = toTimestamp(ctx.now());
    return resultOf(def, 200, shown);
  }
  return resultOf(def, 200, gone.obj, gone);
}
