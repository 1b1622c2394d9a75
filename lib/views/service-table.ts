// The Services table's query: search, filters and sort, read from and written to the URL so a
// view can be shared; and the pure filter+sort over the rows.
import { parseIP } from '../ip';
import type { ServiceState, ServiceView } from './types';

export const SORT_KEYS = ['namespace', 'name', 'ip', 'pool', 'node', 'state', 'age'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const STATES: readonly ServiceState[] = ['announced', 'pending', 'notAnnounced', 'conflict'];

export interface ServiceQuery {
  q: string;
  namespace: string;
  state: ServiceState | '';
  pool: string;
  node: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_SERVICE_QUERY: ServiceQuery = { q: '', namespace: '', state: '', pool: '', node: '', sort: 'namespace', dir: 'asc' };

interface ParamSource {
  get(name: string): string | null;
}

export function parseServiceQuery(params: ParamSource): ServiceQuery {
  const state = params.get('state') ?? '';
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    namespace: params.get('namespace') ?? '',
    state: (STATES as readonly string[]).includes(state) ? (state as ServiceState) : '',
    pool: params.get('pool') ?? '',
    node: params.get('node') ?? '',
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'namespace',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** Only non-default values, in a stable order, so URLs stay short and comparable. */
export function formatServiceQuery(query: ServiceQuery): string {
  const out = new URLSearchParams();
  for (const key of ['q', 'namespace', 'state', 'pool', 'node', 'sort', 'dir'] as const) {
    if (query[key] !== DEFAULT_SERVICE_QUERY[key]) out.set(key, query[key]);
  }
  return out.toString();
}

function matchesText(row: ServiceView, needle: string): boolean {
  if (!needle) return true;
  const hay = `${row.namespace}/${row.name} ${row.ips.join(' ')} ${row.pool ?? ''} ${row.node ?? ''} ${row.reason}`;
  return hay.toLowerCase().includes(needle);
}

export function matchesServiceQuery(row: ServiceView, query: ServiceQuery, needle = query.q.trim().toLowerCase()): boolean {
  if (query.namespace && row.namespace !== query.namespace) return false;
  if (query.state && row.state !== query.state) return false;
  if (query.pool && row.pool !== query.pool) return false;
  if (query.node && row.node !== query.node) return false;
  return matchesText(row, needle);
}

const STATE_ORDER: Record<ServiceState, number> = { conflict: 0, notAnnounced: 1, pending: 2, announced: 3 };

/** Sortable key of an IP: family then the number, zero-padded so strings compare right. */
function ipSortKey(ips: readonly string[]): string {
  const first = ips[0];
  if (!first) return '~';
  const parsed = parseIP(first);
  if (!parsed.ok) return `z${first}`;
  return `${parsed.value.family === 'IPv4' ? 4 : 6}${parsed.value.n.toString().padStart(39, '0')}`;
}

function sortKeyOf(row: ServiceView, key: SortKey): string {
  switch (key) {
    case 'namespace':
      return `${row.namespace}\u0000${row.name}`;
    case 'name':
      return `${row.name}\u0000${row.namespace}`;
    case 'ip':
      return ipSortKey(row.ips);
    case 'pool':
      return row.pool ?? '~';
    case 'node':
      return row.node ?? '~';
    case 'state':
      return String(STATE_ORDER[row.state]);
    case 'age':
      return row.created ?? '';
  }
}

export function filterAndSortServices(rows: readonly ServiceView[], query: ServiceQuery): ServiceView[] {
  const needle = query.q.trim().toLowerCase();
  const kept = rows.filter((r) => matchesServiceQuery(r, query, needle));
  const keyed = kept.map((row) => ({ row, key: sortKeyOf(row, query.sort), tie: `${row.namespace}/${row.name}` }));
  const sign = query.dir === 'desc' ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key !== b.key) return (a.key < b.key ? -1 : 1) * sign;
    return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
  });
  return keyed.map((k) => k.row);
}

export function countByState(rows: readonly ServiceView[]): Record<ServiceState, number> & { total: number } {
  const counts = { announced: 0, pending: 0, notAnnounced: 0, conflict: 0, total: rows.length };
  for (const r of rows) counts[r.state]++;
  return counts;
}

const uniq = (values: (string | null)[]): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();

/** What the filters offer: every namespace, pool and announcing node among the rows. */
export interface ServiceFacets {
  namespaces: string[];
  pools: string[];
  nodes: string[];
}

export function serviceFacets(rows: readonly ServiceView[]): ServiceFacets {
  return { namespaces: uniq(rows.map((r) => r.namespace)), pools: uniq(rows.map((r) => r.pool)), nodes: uniq(rows.map((r) => r.node)) };
}

/**
 * The first rows of the table for a query, rendered by the server so the page shows them before
 * the whole list (10,000 rows, megabytes) has reached the browser.
 */
export interface ServiceTableHead {
  /** formatServiceQuery of the query these rows answer. */
  query: string;
  rows: ServiceView[];
  /** How many rows match the query in all. */
  matching: number;
  counts: ReturnType<typeof countByState>;
  facets: ServiceFacets;
}

export function serviceTableHead(all: readonly ServiceView[], query: ServiceQuery, size: number): ServiceTableHead {
  const rows = filterAndSortServices(all, query);
  return { query: formatServiceQuery(query), rows: rows.slice(0, size), matching: rows.length, counts: countByState(all), facets: serviceFacets(all) };
}
