// SQLite on its own thread: loads everything at open, then commits batches of row operations, one
// transaction (one fsync) per batch. Writes queued while a commit is in flight go together in the next
// one (group commit). A promise resolves only after its transaction committed.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type RowOp =
  | { op: 'put'; storage: string; namespace: string; name: string; rv: number; body: string }
  | { op: 'delete'; storage: string; namespace: string; name: string }
  | { op: 'meta'; key: string; value: string };

export interface LoadedRow {
  storage: string;
  namespace: string;
  name: string;
  rv: number;
  body: string;
}

// Plain JavaScript evaluated as the worker, so it runs the same under tsx, vitest and esbuild bundles.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
let db;
try {
  db = new Database(workerData.path, { timeout: 1000 });
  // Exclusive locking keeps a second server off the same data dir; WAL + FULL makes each commit durable.
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(\`CREATE TABLE IF NOT EXISTS objects (
    storage TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
    rv INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (storage, namespace, name)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\`);
  const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => setMeta.run('schema', '1'))(); // takes the exclusive lock now
  const rows = db.prepare('SELECT storage, namespace, name, rv, body FROM objects').all();
  const meta = Object.fromEntries(db.prepare('SELECT key, value FROM meta').all().map((r) => [r.key, r.value]));
  const upsert = db.prepare('INSERT INTO objects (storage, namespace, name, rv, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (storage, namespace, name) DO UPDATE SET rv = excluded.rv, body = excluded.body');
  const remove = db.prepare('DELETE FROM objects WHERE storage = ? AND namespace = ? AND name = ?');
  const apply = db.transaction((ops) => {
    for (const o of ops) {
      if (o.op === 'put') upsert.run(o.storage, o.namespace, o.name, o.rv, o.body);
      else if (o.op === 'delete') remove.run(o.storage, o.namespace, o.name);
      else setMeta.run(o.key, o.value);
    }
  });
  parentPort.postMessage({ type: 'loaded', rows, meta });
  parentPort.on('message', (m) => {
    if (m.type === 'close') { db.close(); parentPort.postMessage({ type: 'closed' }); return; }
    try { apply(m.ops); parentPort.postMessage({ type: 'committed', id: m.id }); }
    catch (e) { parentPort.postMessage({ type: 'committed', id: m.id, error: String(e && e.message || e), code: e && e.code }); }
  });
} catch (e) {
  if (db) db.close();
  parentPort.postMessage({ type: 'failed', error: String(e && e.message || e) });
}
`;

/** A transaction SQLite refused and rolled back (filesystem full, read-only, I/O error): nothing of it is stored. */
export class StorageError extends Error {
  constructor(readonly path: string, readonly sqliteCode: string, detail: string) {
    super(`${StorageError.why(path, sqliteCode)} (${detail}); nothing was written`);
  }

  private static why(path: string, code: string): string {
    if (code === 'SQLITE_FULL') return `the filesystem holding ${path} is full`;
    if (code.startsWith('SQLITE_READONLY')) return `${path} is read-only`;
    if (code.startsWith('SQLITE_IOERR')) return `an I/O error on ${path}`;
    return `${path} refused the write`;
  }
}

interface Waiter {
  resolve(): void;
  reject(e: Error): void;
}

type Message =
  | { type: 'loaded'; rows: LoadedRow[]; meta: Record<string, string> }
  | { type: 'failed'; error: string }
  | { type: 'committed'; id: number; error?: string; code?: string }
  | { type: 'closed' };

export class SqliteWriter {
  private queued: { ops: RowOp[]; waiter: Waiter }[] = [];
  private inflight = new Map<number, Waiter[]>();
  private seq = 0;
  private closed?: Promise<void>;
  private lastWrite: Promise<void> = Promise.resolve();

  /** Set when the thread died: every later write fails with it. */
  private dead?: Error;

  private constructor(private readonly worker: Worker, private readonly path: string) {
    worker.on('message', (m: Message) => this.onMessage(m));
    worker.on('error', (e) => {
      this.dead = e;
      this.failAll(e);
    });
  }

  /** Opens the database on a new thread and returns its rows and meta; rejects if it is locked or broken. */
  static open(path: string): Promise<{ writer: SqliteWriter; rows: LoadedRow[]; meta: Record<string, string> }> {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sqlitePath } });
    return new Promise((resolve, reject) => {
      const onFirst = (m: Message) => {
        if (m.type === 'loaded') resolve({ writer: new SqliteWriter(worker, path), rows: m.rows, meta: m.meta });
        else if (m.type === 'failed') {
          void worker.terminate();
          reject(new Error(`cannot open ${path}: ${m.error}`));
        }
      };
      worker.once('message', onFirst);
      worker.once('error', reject);
    });
  }

  /** Resolves once `ops` are committed (possibly together with other writes). */
  write(ops: RowOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    if (this.dead) return Promise.reject(this.dead);
    const written = new Promise<void>((resolve, reject) => {
      this.queued.push({ ops, waiter: { resolve, reject } });
      this.pump();
    });
    this.lastWrite = written.catch(() => undefined);
    return written;
  }

  private pump() {
    if (this.inflight.size > 0 || this.queued.length === 0) return;
    const batch = this.queued.splice(0);
    const id = ++this.seq;
    this.inflight.set(id, batch.map((b) => b.waiter));
    this.worker.postMessage({ type: 'commit', id, ops: batch.flatMap((b) => b.ops) });
  }

  private onMessage(m: Message) {
    if (m.type !== 'committed') return;
    const waiters = this.inflight.get(m.id) ?? [];
    this.inflight.delete(m.id);
    if (m.error) {
      // Writes queued since were staged on top of this batch: they fail with it, newest first, so
      // the store unstages them in the reverse of the order it staged them.
      const e = new StorageError(this.path, m.code ?? '', m.error);
      for (const q of this.queued.splice(0).reverse()) q.waiter.reject(e);
      for (const w of [...waiters].reverse()) w.reject(e);
      return;
    }
    for (const w of waiters) w.resolve();
    this.pump();
  }

  private failAll(e: Error) {
    for (const waiters of this.inflight.values()) for (const w of waiters) w.reject(e);
    for (const q of this.queued.splice(0)) q.waiter.reject(e);
    this.inflight.clear();
  }

  /** Waits for queued writes, then closes the database and ends the thread. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.lastWrite; // batches commit in order, so the last one done means all are
      await new Promise<void>((resolve) => {
        this.worker.on('message', (m: Message) => { if (m.type === 'closed') resolve(); });
        this.worker.postMessage({ type: 'close' });
      });
      await this.worker.terminate();
    })();
    return this.closed;
  }
}
