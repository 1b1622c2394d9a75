// The Services list in columns (`GET /api/v1/services?format=columns`): what the dashboard
// fetches. The same rows as the default form, a third of its size: field names once instead of
// once per row, and the strings that repeat across rows (namespace, pool, node, state, reason...)
// once, each cell holding an index into `strings`. At 10,000 rows: 1.1 MB instead of 3.5 MB,
// which is what the server compresses and the browser parses on every page load.
import type { Versioned } from '../contract/stream';
import type { ServiceView } from './types';

export const SERVICE_COLUMNS = [
  'uid',
  'namespace',
  'name',
  'ips',
  'pool',
  'node',
  'interfaces',
  'since',
  'ports',
  'trafficPolicy',
  'created',
  'state',
  'reasonCode',
  'reason',
  'sharingKey',
] as const satisfies readonly (keyof ServiceView)[];

// Every field of ServiceView has a column: this fails to compile when one is added without.
type Missing = Exclude<keyof ServiceView, (typeof SERVICE_COLUMNS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

/** Columns whose strings repeat across rows: their cells are indexes into `strings`. */
const SHARED = new Set<string>(['namespace', 'pool', 'node', 'interfaces', 'ports', 'trafficPolicy', 'state', 'reasonCode', 'reason', 'sharingKey']);

type Cell = string | number | null | (string | number)[];

export interface ServiceColumns {
  epoch: string;
  seq: number;
  columns: string[];
  strings: string[];
  rows: Cell[][];
}

export function encodeServiceColumns(list: Versioned<ServiceView>): ServiceColumns {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const cell = (column: string, value: unknown): Cell => {
    if (value === null || value === undefined) return null;
    if (!SHARED.has(column)) return value as Cell;
    return Array.isArray(value) ? value.map((v: string) => intern(v)) : intern(value as string);
  };
  const rows = list.items.map((row) => SERVICE_COLUMNS.map((c) => cell(c, row[c])));
  return { epoch: list.epoch, seq: list.seq, columns: [...SERVICE_COLUMNS], strings, rows };
}

/** Back to rows; columns are found by name, so a server with more columns than we know is fine. */
export function decodeServiceColumns(data: ServiceColumns): Versioned<ServiceView> {
  const { strings } = data;
  const readers = SERVICE_COLUMNS.map((name) => {
    const at = data.columns.indexOf(name);
    const shared = SHARED.has(name);
    return (cells: Cell[]): unknown => {
      const v = at < 0 ? null : cells[at];
      if (!shared || v === null || v === undefined) return v ?? null;
      return Array.isArray(v) ? v.map((i) => strings[i as number]) : strings[v as number];
    };
  });
  const items = data.rows.map((cells) => {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < SERVICE_COLUMNS.length; c++) row[SERVICE_COLUMNS[c]] = readers[c](cells);
    return row as unknown as ServiceView;
  });
  return { epoch: data.epoch, seq: data.seq, items };
}
