// Durable object storage: SQLite (WAL, synchronous=FULL, exclusive lock) behind an in-memory mirror.
// One global resourceVersion; commit() returns only after the transaction is on disk. No HTTP here.
import Database from 'better-sqlite3';
import type { KubeObject } from './types';

export interface StoredEntry {
  /** Never mutate: clone with cloneObject(entry) first. */
  readonly obj: KubeObject;
  readonly json: string;
  readonly rv: number;
}

export interface Change {
  storage: string;
  namespace: string;
  name: string;
  /** The new object (its metadata.resourceVersion is set by the store), or null to delete. */
  obj: KubeObject | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CommittedChange {
  storage: string;
  type: WatchEventType;
  entry: StoredEntry;
  prev?: StoredEntry;
}

type CommitListener = (changes: CommittedChange[]) => void;

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

export const cloneObject = (entry: StoredEntry): KubeObject => JSON.parse(entry.json) as KubeObject;

class Table {
  readonly entries = new Map<string, StoredEntry>();
  private sortedKeys: string[] | null = null;

  set(key: string, entry: StoredEntry) {
    if (!this.entries.has(key)) this.sortedKeys = null;
    this.entries.set(key, entry);
  }

  delete(key: string) {
    if (this.entries.delete(key)) this.sortedKeys = null;
  }

  keys(): string[] {
    this.sortedKeys ??= [...this.entries.keys()].sort();
    return this.sortedKeys;
  }
}

export class Store {
  private readonly tables = new Map<string, Table>();
  private readonly listeners: CommitListener[] = [];
  private rv = 0;
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS objects (
      storage TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
      rv INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (storage, namespace, name)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    this.statements = {
      upsert: db.prepare('INSERT INTO objects (storage, namespace, name, rv, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (storage, namespace, name) DO UPDATE SET rv = excluded.rv, body = excluded.body'),
      remove: db.prepare('DELETE FROM objects WHERE storage = ? AND namespace = ? AND name = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    };
  }

  /** Opens (or creates) the database; throws if another process holds it. */
  static open(path: string): Store {
    const db = new Database(path, { timeout: 1000 });
    // Exclusive locking keeps a second server off the same data dir; WAL + FULL makes commits durable.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const store = new Store(db);
    try {
      store.load();
    } catch (e) {
      db.close();
      throw e;
    }
    return store;
  }

  private load() {
    // A write first, so the exclusive lock is taken now rather than at the first client write.
    this.db.transaction(() => this.statements.setMeta.run('schema', '1'))();
    const rows = this.db.prepare<[], { storage: string; namespace: string; name: string; rv: number; body: string }>('SELECT storage, namespace, name, rv, body FROM objects').all();
    for (const row of rows) {
      this.table(row.storage).set(keyOf(row.namespace, row.name), { obj: JSON.parse(row.body) as KubeObject, json: row.body, rv: row.rv });
    }
    this.rv = Number(this.getMeta('rv') ?? '0');
    for (const row of rows) this.rv = Math.max(this.rv, row.rv);
  }

  private table(storage: string): Table {
    let t = this.tables.get(storage);
    if (!t) {
      t = new Table();
      this.tables.set(storage, t);
    }
    return t;
  }

  currentRv(): number {
    return this.rv;
  }

  getMeta(key: string): string | undefined {
    return this.statements.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string) {
    this.statements.setMeta.run(key, value);
  }

  get(storage: string, namespace: string, name: string): StoredEntry | undefined {
    return this.tables.get(storage)?.entries.get(keyOf(namespace, name));
  }

  /** Entries of one storage, ordered by namespace/name like etcd keys; optionally one namespace. */
  list(storage: string, namespace?: string): StoredEntry[] {
    const t = this.tables.get(storage);
    if (!t) return [];
    const out: StoredEntry[] = [];
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    for (const key of t.keys()) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      out.push(t.entries.get(key)!);
    }
    return out;
  }

  count(storage: string): number {
    return this.tables.get(storage)?.entries.size ?? 0;
  }

  onCommit(listener: CommitListener) {
    this.listeners.push(listener);
  }

  /** Writes all changes in one transaction, each with its own new resourceVersion. */
  commit(changes: Change[]): CommittedChange[] {
    if (changes.length === 0) return [];
    let rv = this.rv;
    const staged: { change: Change; entry: StoredEntry; prev?: StoredEntry }[] = [];
    for (const change of changes) {
      rv++;
      const prev = this.get(change.storage, change.namespace, change.name);
      const obj = change.obj ?? (prev ? (JSON.parse(prev.json) as KubeObject) : null);
      if (!obj) throw new Error(`delete of missing object ${change.storage} ${change.namespace}/${change.name}`);
      obj.metadata.resourceVersion = String(rv);
      staged.push({ change, entry: { obj, json: JSON.stringify(obj), rv }, prev });
    }
    this.db.transaction(() => {
      for (const { change, entry } of staged) {
        if (change.obj) this.statements.upsert.run(change.storage, change.namespace, change.name, entry.rv, entry.json);
        else this.statements.remove.run(change.storage, change.namespace, change.name);
      }
      this.statements.setMeta.run('rv', String(rv));
    })();
    this.rv = rv;
    const committed = staged.map(({ change, entry, prev }): CommittedChange => {
      const t = this.table(change.storage);
      const key = keyOf(change.namespace, change.name);
      if (change.obj) t.set(key, entry);
      else t.delete(key);
      return { storage: change.storage, type: change.obj ? (prev ? 'MODIFIED' : 'ADDED') : 'DELETED', entry, prev };
    });
    for (const listener of this.listeners) listener(committed);
    return committed;
  }

  close() {
    this.db.close();
  }
}
