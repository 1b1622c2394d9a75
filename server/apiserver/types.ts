// Shared shapes of the embedded API server: stored objects, resource definitions, request context.
// Types only; no behaviour lives here.

import type { KubeObject as AnyObject } from '../../lib/shapes/kube';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

export type { ObjectMeta } from '../../lib/shapes/kube';

/** A stored Kubernetes object (lib/shapes/kube's, with apiVersion and kind always set). */
export interface KubeObject extends AnyObject {
  apiVersion: string;
  kind: string;
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
