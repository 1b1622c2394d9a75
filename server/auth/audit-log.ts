// The audit log table (in auth.db): one row per successful write through the dashboard, with
// who, when, what, the object before and after, and the JSON Patch between them.
// Default import: the package is CommonJS, and Node's ESM loader sees no named exports in it.
import jsonPatch, { type Operation } from 'fast-json-patch';
import type { AuthDb } from './db';
import type { Principal } from './check-request';

export type AuditInput = { principal: Principal; action: string; resource: string; before: unknown; after: unknown };

export type AuditEntry = {
  id: number;
  at: number;
  actor: string;
  actorRole: string;
  via: string;
  action: string;
  resource: string;
  before: unknown;
  after: unknown;
  diff: Operation[];
};

export type AuditQuery = {
  actor?: string;
  action?: string;
  resource?: string; // prefix: "IPAddressPool/" lists every pool change
  beforeId?: number; // cursor: entries older than this id
  limit?: number;
};

const MAX_STORED_JSON = 256 * 1024; // one object; larger ones are recorded as truncated
export const AUDIT_PAGE_MAX = 500;

/** Drops fields that change on every write and say nothing about intent. */
function toRecorded(value: unknown): unknown {
  if (value === undefined) return null;
  const copy = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const meta = (copy as { metadata?: Record<string, unknown> } | null)?.metadata;
  if (meta && typeof meta === 'object') delete meta.managedFields;
  return copy;
}

function serialize(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length <= MAX_STORED_JSON ? text : JSON.stringify({ truncated: true, bytes: text.length });
}

/** Objects diff field by field; nothing (create/delete) is the empty object; a scalar is wrapped. */
function asObject(value: unknown): object {
  if (value === null) return {};
  return typeof value === 'object' ? value : { value };
}

export function insertAudit(db: AuthDb, input: AuditInput, now = Date.now()): AuditEntry {
  const before = toRecorded(input.before);
  const after = toRecorded(input.after);
  const diff = jsonPatch.compare(asObject(before), asObject(after));
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO audit (at, actor, actor_role, via, action, resource, before_json, after_json, diff_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(now, input.principal.name, input.principal.role, input.principal.via, input.action, input.resource,
      serialize(before), serialize(after), serialize(diff));
  return findAudit(db, Number(lastInsertRowid))!;
}

type Row = {
  id: number; at: number; actor: string; actor_role: string; via: string; action: string; resource: string;
  before_json: string | null; after_json: string | null; diff_json: string;
};

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorRole: r.actor_role,
  via: r.via,
  action: r.action,
  resource: r.resource,
  before: r.before_json === null ? null : JSON.parse(r.before_json),
  after: r.after_json === null ? null : JSON.parse(r.after_json),
  diff: JSON.parse(r.diff_json) as Operation[],
});

export function findAudit(db: AuthDb, id: number): AuditEntry | undefined {
  const row = db.prepare('SELECT * FROM audit WHERE id = ?').get(id) as Row | undefined;
  return row && toEntry(row);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first; nextCursor is the beforeId for the following page, or null at the end. */
export function queryAudit(db: AuthDb, query: AuditQuery): { items: AuditEntry[]; nextCursor: number | null } {
  const filters: Array<[string, unknown]> = [];
  if (query.actor) filters.push(['actor = ?', query.actor]);
  if (query.action) filters.push(['action = ?', query.action]);
  if (query.resource) filters.push(["resource LIKE ? ESCAPE '\\'", `${escapeLike(query.resource)}%`]);
  if (query.beforeId !== undefined) filters.push(['id < ?', query.beforeId]);
  const where = filters.map(([clause]) => clause);
  const args = filters.map(([, arg]) => arg);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), AUDIT_PAGE_MAX);
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...args, limit + 1) as Row[];
  const items = rows.slice(0, limit).map(toEntry);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

/**
 * Appends entries read from an outside log (the embedded API server's audit log) once: `from` must be the
 * offset imported so far, and becomes `to` in the same transaction, so two importers never add a line twice.
 */
export function importAuditEntries(db: AuthDb, source: string, from: number, to: number, entries: { input: AuditInput; at: number }[]): boolean {
  db.exec('CREATE TABLE IF NOT EXISTS audit_import (source TEXT PRIMARY KEY, offset INTEGER NOT NULL)');
  return db.transaction(() => {
    const row = db.prepare('SELECT offset FROM audit_import WHERE source = ?').get(source) as { offset: number } | undefined;
    if ((row?.offset ?? 0) !== from) return false;
    for (const e of entries) insertAudit(db, e.input, e.at);
    db.prepare('INSERT INTO audit_import (source, offset) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET offset = excluded.offset').run(source, to);
    return true;
  }).immediate();
}

/** The offset of `source` imported so far (0 before the first import). */
export function importedAuditOffset(db: AuthDb, source: string): number {
  db.exec('CREATE TABLE IF NOT EXISTS audit_import (source TEXT PRIMARY KEY, offset INTEGER NOT NULL)');
  return (db.prepare('SELECT offset FROM audit_import WHERE source = ?').get(source) as { offset: number } | undefined)?.offset ?? 0;
}
