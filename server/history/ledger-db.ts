// The history ledger's SQLite store (<IRONLB_DATA_DIR>/history.db), opened by the process that
// runs the dashboard (the worker thread), never by the Next server. Schema, migrations, and the
// name dictionary that keeps rows small (a year of churn is tens of millions of rows).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type LedgerDb = Database.Database;

/**
 * Row ids are the entry's time: `at_ms * 1024 + n`. The table is thus ordered by time (a time
 * range is a rowid range, retention by age deletes a prefix) and `at` costs no column. Every
 * secondary index holds the rowid, so `WHERE service = ? AND id BETWEEN ...` is one index range.
 */
export const ID_PER_MS = 1024;

/** Name dictionary kinds: each distinct service, IP, pool, node and author is stored once. */
export const NAME_KIND = { service: 1, ip: 2, pool: 3, node: 4, by: 5 } as const;
export type NameKind = keyof typeof NAME_KIND;

// Each entry raises PRAGMA user_version by one; never edit a shipped step, append a new one.
const MIGRATIONS: string[] = [
  `CREATE TABLE names (
     id INTEGER PRIMARY KEY,
     kind INTEGER NOT NULL,
     text TEXT NOT NULL,
     UNIQUE (kind, text)
   );
   CREATE TABLE entries (
     id INTEGER PRIMARY KEY,
     kind INTEGER NOT NULL,
     service INTEGER,
     ip INTEGER,
     pool INTEGER,
     node INTEGER,
     prev_node INTEGER,
     cause INTEGER,
     inferred INTEGER NOT NULL DEFAULT 0,
     rv,
     by_id INTEGER,
     detail TEXT
   );
   CREATE INDEX entries_service ON entries(service) WHERE service IS NOT NULL;
   CREATE INDEX entries_ip ON entries(ip) WHERE ip IS NOT NULL;
   CREATE INDEX entries_pool ON entries(pool) WHERE pool IS NOT NULL;
   CREATE INDEX entries_node ON entries(node) WHERE kind = 2;
   CREATE INDEX entries_prev_node ON entries(prev_node) WHERE kind = 2;
   CREATE TABLE services_now (key TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE pools_now (name TEXT PRIMARY KEY, spec TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE pool_usage (
     pool INTEGER NOT NULL,
     minute INTEGER NOT NULL,
     used INTEGER NOT NULL,
     size REAL NOT NULL,
     PRIMARY KEY (pool, minute)
   ) WITHOUT ROWID;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;`,
];

export function historyDbPath(dataDir: string): string {
  return path.resolve(dataDir, 'history.db');
}

/** Opens (and migrates) a ledger file; ':memory:' works for tests. */
export function openLedgerDb(file: string): LedgerDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a committed entry survives the process being killed (kill -9); only a power
  // loss can take the last commits, which is the trade the API server's own store does not make
  // (it runs FULL) but a ledger written every 100 ms can.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16000'); // 16 MB: the recent part of every index stays in memory
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
  return db;
}

/** Interns names: text <-> small integer, loaded once, extended as new names appear. */
export class NameDictionary {
  /** One map per kind: text -> id. */
  private readonly byText = new Map<number, Map<string, number>>();
  private readonly byId = new Map<number, string>();
  private readonly insert: Database.Statement;

  constructor(private readonly db: LedgerDb) {
    this.insert = db.prepare('INSERT INTO names (kind, text) VALUES (?, ?)');
    this.reload();
  }

  private kindMap(kind: number): Map<string, number> {
    let m = this.byText.get(kind);
    if (!m) this.byText.set(kind, (m = new Map()));
    return m;
  }

  /** The id of a name, created if new (call inside the write transaction). */
  idOf(kind: NameKind, text: string | null | undefined): number | null {
    if (text === null || text === undefined || text === '') return null;
    const m = this.kindMap(NAME_KIND[kind]);
    const known = m.get(text);
    if (known !== undefined) return known;
    const id = Number(this.insert.run(NAME_KIND[kind], text).lastInsertRowid);
    m.set(text, id);
    this.byId.set(id, text);
    return id;
  }

  /** The id of a name if it was ever recorded, without creating it. */
  find(kind: NameKind, text: string): number | undefined {
    return this.byText.get(NAME_KIND[kind])?.get(text);
  }

  text(id: number | null): string | null {
    return id === null ? null : (this.byId.get(id) ?? null);
  }

  /** (Re)loads every name: at open, and to forget names a rolled-back transaction created. */
  reload(): void {
    this.byText.clear();
    this.byId.clear();
    for (const row of this.db.prepare('SELECT id, kind, text FROM names').iterate() as Iterable<{ id: number; kind: number; text: string }>) {
      this.kindMap(row.kind).set(row.text, row.id);
      this.byId.set(row.id, row.text);
    }
  }
}
