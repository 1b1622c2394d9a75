// Content negotiation for `as=Table` / `as=PartialObjectMetadata(List)` and the Table bodies kubectl prints.
// Columns come from the registry's TableSpec; rows carry object metadata so `-A` can show NAMESPACE.
import type { ResourceDef } from './registry';
import type { StoredEntry } from './store';
import { wireJson } from './wire';

export type Rendering =
  | { kind: 'json' }
  | { kind: 'table'; apiVersion: string; includeObject: 'None' | 'Metadata' | 'Object' }
  | { kind: 'partial'; apiVersion: string };

interface MediaType {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string): MediaType[] {
  return accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(params.map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()]; })),
    };
  });
}

const isMetaGroup = (m: MediaType) => m.params.g === 'meta.k8s.io' && (m.type === 'application/json' || m.type === '*/*');

export function negotiate(accept: string | undefined, query: URLSearchParams): Rendering {
  const types = parseAccept(accept ?? '');
  const pick = (as: string) => {
    const candidates = types.filter((m) => isMetaGroup(m) && m.params.as === as);
    return candidates.find((m) => m.params.v === 'v1') ?? candidates.find((m) => m.params.v === 'v1beta1');
  };
  const table = pick('Table');
  if (table) {
    const inc = query.get('includeObject');
    const includeObject = inc === 'None' || inc === 'Object' ? inc : 'Metadata';
    return { kind: 'table', apiVersion: `meta.k8s.io/${table.params.v}`, includeObject };
  }
  const partial = pick('PartialObjectMetadataList') ?? pick('PartialObjectMetadata');
  if (partial) return { kind: 'partial', apiVersion: `meta.k8s.io/${partial.params.v}` };
  return { kind: 'json' };
}

/**
 * The `object` of a row, rendered once per stored entry and kept with it (an entry never changes:
 * a new version is a new entry): kubectl's pages of 500 rows then cost only their cells.
 */
const rowObjects = new WeakMap<StoredEntry, { key: string; json: string }>();

function rowObjectJson(def: ResourceDef, entry: StoredEntry, r: Extract<Rendering, { kind: 'table' }>): string | undefined {
  if (r.includeObject === 'None') return undefined;
  if (r.includeObject === 'Object') return wireJson(def, entry);
  const hit = rowObjects.get(entry);
  if (hit?.key === r.apiVersion) return hit.json;
  const json = JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: r.apiVersion, metadata: entry.obj.metadata });
  rowObjects.set(entry, { key: r.apiVersion, json });
  return json;
}

function rowJson(def: ResourceDef, entry: StoredEntry, r: Extract<Rendering, { kind: 'table' }>, now: number): string {
  const cells = JSON.stringify(def.table.cells(entry.obj, now));
  const object = rowObjectJson(def, entry, r);
  return object === undefined ? `{"cells":${cells}}` : `{"cells":${cells},"object":${object}}`;
}

export function tableJson(def: ResourceDef, entries: StoredEntry[], r: Extract<Rendering, { kind: 'table' }>, now: number, listMeta: Record<string, unknown>): string {
  const head = `{"kind":"Table","apiVersion":${JSON.stringify(r.apiVersion)},"metadata":${JSON.stringify(listMeta)},"columnDefinitions":${JSON.stringify(def.table.columns)}`;
  return `${head},"rows":[${entries.map((e) => rowJson(def, e, r, now)).join(',')}]}`;
}

export function partialJson(entry: StoredEntry, apiVersion: string): string {
  return JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion, metadata: entry.obj.metadata });
}

export function partialListJson(entries: StoredEntry[], apiVersion: string, listMeta: Record<string, unknown>): string {
  return JSON.stringify({
    kind: 'PartialObjectMetadataList',
    apiVersion,
    metadata: listMeta,
    items: entries.map((e) => ({ kind: 'PartialObjectMetadata', apiVersion, metadata: e.obj.metadata })),
  });
}
