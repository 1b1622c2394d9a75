// get and list: namespace scoping, label/field selectors, limit/continue, and the List or Table body.
// Also compiles the object filter that watches reuse.
import type { ApiContext } from './context';
import { readPathAsString } from './json-path';
import type { ResourceDef } from './registry';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { badRequest } from './status-errors';
import type { StoredEntry } from './store';
import type { KubeObject } from './types';
import { wireJson } from './wire';
import { partitionPoint } from '../../lib/partition-point';

export type ObjectFilter = (obj: KubeObject) => boolean;

/** The filter for `namespace` (undefined = all) plus labelSelector/fieldSelector query parameters. */
export function compileFilter(def: ResourceDef, namespace: string | undefined, query: URLSearchParams): ObjectFilter {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (!labels.ok) throw badRequest(labels.error);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  if (!fields.ok) throw badRequest(fields.error);
  const paths: Record<string, string> = { 'metadata.name': 'metadata.name', 'metadata.namespace': 'metadata.namespace', ...def.fields };
  for (const r of fields.value) {
    if (!(r.field in paths)) throw badRequest(`field label not supported: ${r.field}`);
  }
  const readField = (obj: KubeObject) => (field: string) => {
    const v = readPathAsString(obj, paths[field]);
    return v === undefined && field === 'metadata.namespace' && !def.namespaced ? '' : v;
  };
  const ns = def.namespaced ? namespace : undefined;
  return (obj) =>
    (ns === undefined || obj.metadata.namespace === ns)
    && matchesLabels(labels.value, obj.metadata.labels)
    && matchesFields(fields.value, readField(obj));
}

interface ContinueToken {
  rv: number;
  key: string;
}

const encodeContinue = (t: ContinueToken) => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString()) as ContinueToken;
    if (typeof t.key === 'string' && typeof t.rv === 'number') return t;
  } catch { /* reported below */ }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  // Digits only: Number(' ') is 0, and a zero-sized page has no last key to continue from.
  if (!/^\d+$/.test(raw)) throw badRequest(`invalid limit: ${JSON.stringify(raw)}`);
  const n = Number(raw);
  return n === 0 || !Number.isSafeInteger(n) ? undefined : n;
}

export interface ListPage {
  entries: StoredEntry[];
  rv: number;
  continueToken?: string;
  remaining?: number;
}

const keyOf = (e: StoredEntry) => `${e.obj.metadata.namespace ?? ''}/${e.obj.metadata.name ?? ''}`;

/**
 * Most rows a Table answer carries whole, whatever `limit` asked. ListOptions lets a server "choose not
 * to support the limit argument and return all of the available results", as kube-apiserver does for a
 * list it serves from its watch cache (KEP-365; kubernetes/kubernetes#118394). Every list here is served
 * from memory with rows rendered once per stored version, so paging a Table only makes kubectl wait on
 * its own client-side limiter (5 requests/s after a burst of 10) between pages (README.md here).
 */
export const TABLE_WHOLE_MAX = 25_000;

export interface ListOptions {
  /** A Table rendering: answered whole up to TABLE_WHOLE_MAX rows. */
  table?: boolean;
}

export function listEntries(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, query: URLSearchParams, opts: ListOptions = {}): ListPage {
  const filter = compileFilter(def, namespace, query);
  const asked = parseLimit(query.get('limit'));
  const token = query.get('continue') ? decodeContinue(query.get('continue') ?? '') : undefined;
  const rv = token?.rv ?? ctx.store.currentRv();
  let entries = ctx.store.listCommitted(def.storage, def.namespaced ? namespace : undefined);
  // Entries come sorted by key: resume after the token's.
  if (token) entries = entries.slice(partitionPoint(entries.length, (i) => keyOf(entries[i]) > token.key));
  const matched = entries.filter((e) => filter(e.obj));
  // resourceVersion=0 asks for the watch cache's copy, which kube-apiserver answers whole even
  // when a limit is set (kubernetes/kubernetes#70735): what every informer's first list asks.
  const fromCache = !token && query.get('resourceVersion') === '0';
  const limit = fromCache || (opts.table && matched.length <= TABLE_WHOLE_MAX) ? undefined : asked;
  if (limit === undefined || matched.length <= limit) return { entries: matched, rv };
  const page = matched.slice(0, limit);
  return { entries: page, rv, continueToken: encodeContinue({ rv, key: keyOf(page[page.length - 1]) }), remaining: matched.length - limit };
}

export function listJson(def: ResourceDef, page: ListPage): string {
  const meta: Record<string, unknown> = { resourceVersion: String(page.rv) };
  if (page.continueToken) {
    meta.continue = page.continueToken;
    meta.remainingItemCount = page.remaining;
  }
  const items = page.entries.map((e) => wireJson(def, e)).join(',');
  return `{"kind":"${def.kind}List","apiVersion":"${def.apiVersion}","metadata":${JSON.stringify(meta)},"items":[${items}]}`;
}
