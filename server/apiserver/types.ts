// Shared shapes of the embedded API server: stored objects, resource definitions, request context.
// Types only; no behaviour lives here.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: JsonMap[];
  [key: string]: unknown;
}

/** A stored Kubernetes object: any JSON map with apiVersion, kind and metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** One column of a Table (meta.k8s.io/v1 TableColumnDefinition). */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableSpec {
  columns: ColumnDefinition[];
  /** Cells for one object, in column order; `now` is the server clock in ms. */
  cells(obj: KubeObject, now: number): unknown[];
}

/** A field selector key and how to read it from a stored object. */
export type FieldGetter = (obj: KubeObject) => string | undefined;

/** Strategic-merge metadata for a subtree (merge keys, set lists); absent = maps merge, lists replace. */
export interface PatchMeta {
  fields?: Record<string, PatchMeta>;
  /** for lists: how items are merged. */
  list?: { mergeKey: string; extraKeys?: string[] } | 'set';
  /** for lists of maps: the meta of each item. */
  items?: PatchMeta;
  /** for maps whose values all share a meta (e.g. maps of objects). */
  values?: PatchMeta;
}

export interface FieldError {
  field: string;
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueDuplicate' | 'FieldValueNotSupported' | 'FieldValueForbidden';
  message: string;
}

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';
