// The auth database (<IRONLB_DATA_DIR>/auth.db): users, sessions, API tokens and the audit log.
// Opened only by the Next server process and the `ironlb user` CLI, never by the worker thread.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { processGlobal } from '../process-global';

export type AuthDb = Database.Database;

// Each entry raises PRAGMA user_version by one; never edit a shipped step, append a new one.
const MIGRATIONS: string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
     password_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     password_changed_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE TABLE tokens (
     id INTEGER PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     expires_at INTEGER
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     actor_role TEXT NOT NULL,
     via TEXT NOT NULL,
     action TEXT NOT NULL,
     resource TEXT NOT NULL,
     before_json TEXT,
     after_json TEXT,
     diff_json TEXT NOT NULL
   );
   CREATE INDEX audit_actor ON audit(actor, id);
   CREATE INDEX audit_resource ON audit(resource, id);`,
];

/** Open (and migrate) an auth database file; ':memory:' works for tests. */
export function openAuthDb(file: string): AuthDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  if (file !== ':memory:') chmodSync(file, 0o600); // password hashes and session digests live here
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000'); // the CLI may write while the server runs
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function migrate(db: AuthDb): void {
  // Read the version inside an IMMEDIATE transaction so a CLI and a server starting together
  // never both apply the same step.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Where the auth database of a data directory lives. */
export function authDbPath(dataDir: string): string {
  return path.resolve(dataDir, 'auth.db');
}

/** One shared connection per file per process. */
export function getAuthDb(dataDir: string): AuthDb {
  const dbs = processGlobal('authDbs', () => new Map<string, AuthDb>());
  const file = authDbPath(dataDir);
  let db = dbs.get(file);
  if (!db || !db.open) {
    db = openAuthDb(file);
    dbs.set(file, db);
  }
  return db;
}
