// Object storage: an in-memory mirror of every object in front of SQLite (sqlite-writer.ts).
// Writes are staged synchronously (the next write already sees them) and acknowledged only after
// their transaction committed; reads and watches see committed objects only. One global resourceVersion.
import { chmodSync, closeSync, openSync } from 'node:fs';
import { SqliteWriter, type RowOp } from './sqlite-writer';
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

type Listener = (changes: CommittedChange[]) => void;

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

export const cloneObject = (entry: StoredEntry): KubeObject => JSON.parse(entry.json) as KubeObject;

/** A staged write not yet committed: the entry (null for a delete) and the version that wrote it. */
interface Pending {
  entry: StoredEntry | null;
  rv: number;
}

class Table {
  readonly committed = new Map<string, StoredEntry>();
  readonly pending = new Map<string, Pending>();
  private sortedKeys: string[] | null = null;

  commit(key: string, entry: StoredEntry | null, rv: number) {
    if (entry) {
      if (!this.committed.has(key)) this.sortedKeys = null;
      this.committed.set(key, entry);
    } else if (this.committed.delete(key)) {
      this.sortedKeys = null;
    }
    if (this.pending.get(key)?.rv === rv) this.pending.delete(key);
  }

  latest(key: string): StoredEntry | undefined {
    const p = this.pending.get(key);
    return p ? p.entry ?? undefined : this.committed.get(key);
  }

  committedKeys(): string[] {
    this.sortedKeys ??= [...this.committed.keys()].sort();
    return this.sortedKeys;
  }

  latestKeys(): string[] {
    if (this.pending.size === 0) return this.committedKeys();
    return [...new Set([...this.committed.keys(), ...this.pending.keys()])].sort().filter((k) => this.latest(k) !== undefined);
  }
}

export class Store {
  private readonly tables = new Map<string, Table>();
  private readonly stageListeners: Listener[] = [];
  private readonly commitListeners: Listener[] = [];
  private committedRv = 0;
  private latestRv = 0;

  private constructor(private readonly writer: SqliteWriter, private readonly meta: Record<string, string>) {}

  /** Opens (or creates) the database; rejects if another process holds it. */
  static async open(path: string): Promise<Store> {
    // The database holds the bearer token: owner-only, and SQLite gives its -wal file the same mode.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    const { writer, rows, meta } = await SqliteWriter.open(path);
    const store = new Store(writer, meta);
    let rv = Number(meta.rv ?? '0');
    for (const row of rows) {
      store.table(row.storage).committed.set(keyOf(row.namespace, row.name), { obj: JSON.parse(row.body) as KubeObject, json: row.body, rv: row.rv });
      rv = Math.max(rv, row.rv);
    }
    store.committedRv = rv;
    store.latestRv = rv;
    return store;
  }

  private table(storage: string): Table {
    let t = this.tables.get(storage);
    if (!t) {
      t = new Table();
      this.tables.set(storage, t);
    }
    return t;
  }

  /** The version of the newest committed write: what lists report and watches start from. */
  currentRv(): number {
    return this.committedRv;
  }

  getMeta(key: string): string | undefined {
    return this.meta[key];
  }

  setMeta(key: string, value: string): Promise<void> {
    this.meta[key] = value;
    return this.writer.write([{ op: 'meta', key, value }]);
  }

  /** Latest state, including staged writes: what a write decides against. */
  get(storage: string, namespace: string, name: string): StoredEntry | undefined {
    return this.tables.get(storage)?.latest(keyOf(namespace, name));
  }

  /** Latest entries of one storage, ordered by namespace/name like etcd keys; optionally one namespace. */
  list(storage: string, namespace?: string): StoredEntry[] {
    const t = this.tables.get(storage);
    return t ? this.collect(t.latestKeys(), (k) => t.latest(k), namespace) : [];
  }

  /** Committed state only: what reads and watches show. */
  getCommitted(storage: string, namespace: string, name: string): StoredEntry | undefined {
    return this.tables.get(storage)?.committed.get(keyOf(namespace, name));
  }

  listCommitted(storage: string, namespace?: string): StoredEntry[] {
    const t = this.tables.get(storage);
    return t ? this.collect(t.committedKeys(), (k) => t.committed.get(k), namespace) : [];
  }

  private collect(keys: string[], read: (k: string) => StoredEntry | undefined, namespace?: string): StoredEntry[] {
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const out: StoredEntry[] = [];
    for (const key of keys) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      const e = read(key);
      if (e) out.push(e);
    }
    return out;
  }

  /** Called with staged changes, before they are durable (the allocator reserves what they hold). */
  onStage(listener: Listener) {
    this.stageListeners.push(listener);
  }

  /** Called with committed changes, in version order (watches publish them). */
  onCommit(listener: Listener) {
    this.commitListeners.push(listener);
  }

  /**
   * Stages the changes now (each gets its own new resourceVersion) and resolves once they are on disk.
   * When the commit fails (filesystem full, read-only) SQLite stored none of it: the changes are
   * unstaged again, after every write staged since (the writer fails those first), so memory matches
   * the disk and the next write may succeed once the filesystem allows.
   */
  commit(changes: Change[]): Promise<CommittedChange[]> {
    const staged = changes.map((change) => this.stage(change));
    const ops: RowOp[] = staged.map(({ change, entry }) => (change.obj
      ? { op: 'put', storage: change.storage, namespace: change.namespace, name: change.name, rv: entry.rv, body: entry.json }
      : { op: 'delete', storage: change.storage, namespace: change.namespace, name: change.name }));
    ops.push({ op: 'meta', key: 'rv', value: String(this.latestRv) });
    for (const l of this.stageListeners) l(staged.map((s) => s.committed));
    return this.writer.write(ops).then(
      () => this.finish(staged),
      (e: Error) => {
        this.unstage(staged);
        throw e;
      },
    );
  }

  private unstage(staged: ReturnType<Store['stage']>[]) {
    const undone: CommittedChange[] = [];
    for (const { change, entry, committed } of [...staged].reverse()) {
      const table = this.table(change.storage);
      const key = keyOf(change.namespace, change.name);
      if (table.pending.get(key)?.rv === entry.rv) table.pending.delete(key);
      // The inverse change, so stage listeners release what the failed write reserved.
      undone.push({ storage: change.storage, type: committed.prev ? 'MODIFIED' : 'DELETED', entry: committed.prev ?? entry, prev: entry });
    }
    for (const l of this.stageListeners) l(undone);
  }

  private stage(change: Change) {
    const rv = ++this.latestRv;
    const prev = this.get(change.storage, change.namespace, change.name);
    const obj = change.obj ?? (prev ? (JSON.parse(prev.json) as KubeObject) : null);
    if (!obj) throw new Error(`delete of missing object ${change.storage} ${change.namespace}/${change.name}`);
    obj.metadata.resourceVersion = String(rv);
    const entry: StoredEntry = { obj, json: JSON.stringify(obj), rv };
    this.table(change.storage).pending.set(keyOf(change.namespace, change.name), { entry: change.obj ? entry : null, rv });
    const committed: CommittedChange = { storage: change.storage, type: change.obj ? (prev ? 'MODIFIED' : 'ADDED') : 'DELETED', entry, prev };
    return { change, entry, committed };
  }

  private finish(staged: ReturnType<Store['stage']>[]): CommittedChange[] {
    for (const { change, entry } of staged) {
      this.table(change.storage).commit(keyOf(change.namespace, change.name), change.obj ? entry : null, entry.rv);
      this.committedRv = Math.max(this.committedRv, entry.rv);
    }
    const committed = staged.map((s) => s.committed);
    for (const l of this.commitListeners) l(committed);
    return committed;
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
