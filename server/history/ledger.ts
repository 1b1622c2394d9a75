// The ledger: appends entries (with the services' and pools' last recorded state, in one
// transaction), answers the history queries, keeps pool utilisation samples, and enforces
// retention by age and by count in small chunks so the dashboard's event loop never stalls.
import type Database from 'better-sqlite3';
import { FAILOVER_CAUSES, HISTORY_KINDS, type HistoryEntry, type UsagePoint } from '../../lib/history';
import type { PoolSpecFacts, TrackedService } from '../../lib/history';
import { ID_PER_MS, NAME_KIND, NameDictionary, openLedgerDb, type LedgerDb } from './ledger-db';

/** An entry about to be written: `at` in ms. */
export type NewEntry = Omit<HistoryEntry, 'at'> & { at: number };

export interface Retention {
  maxAgeMs: number;
  maxEntries: number;
}

export interface RangeQuery {
  since?: number;
  until?: number;
  limit: number;
}

interface Row {
  id: number;
  kind: number;
  service: number | null;
  ip: number | null;
  pool: number | null;
  node: number | null;
  prev_node: number | null;
  cause: number | null;
  inferred: number;
  rv: string | number | null;
  by_id: number | null;
  detail: string | null;
}

const KIND_CODE = new Map(HISTORY_KINDS.map((k, i) => [k, i]));
const CAUSE_CODE = new Map(FAILOVER_CAUSES.map((c, i) => [c, i]));
export const ANNOUNCER_CHANGED = KIND_CODE.get('announcerChanged')!;
const IP_ASSIGNED = KIND_CODE.get('ipAssigned')!;
/**
 * Changes per service in a window. NOT INDEXED: the window is a rowid range (thousands of rows);
 * the planner would rather walk the whole service index to group without a sort (millions of
 * rows): 20x slower at 90 days of churn (BENCHMARKS.md).
 */
export const FLAPPING_SQL = `SELECT service, count(*) AS changes, sum(kind = ${ANNOUNCER_CHANGED}) AS moves, sum(kind = ${IP_ASSIGNED}) AS ips, max(id) AS last
  FROM entries NOT INDEXED
  WHERE id >= ? AND service IS NOT NULL AND (kind = ${IP_ASSIGNED} OR (kind = ${ANNOUNCER_CHANGED} AND cause IS NOT NULL))
  GROUP BY service HAVING count(*) > ? ORDER BY changes DESC, last DESC LIMIT ?`;
/** Rows deleted per retention step: about 0.1 s of work with five indexes. */
const PRUNE_CHUNK = 20_000;
const COLUMNS = 'id, kind, service, ip, pool, node, prev_node, cause, inferred, rv, by_id, detail';

/** Numeric resourceVersions (every real API server's) are stored as integers: half the bytes. */
const packRv = (rv: string | null): string | number | null => (rv && /^\d{1,15}$/.test(rv) ? Number(rv) : rv);

export class Ledger {
  readonly names: NameDictionary;
  private lastId = 0;
  private count: number;
  private readonly stmt: Record<string, Database.Statement>;

  constructor(
    readonly db: LedgerDb,
    private readonly retention: Retention,
  ) {
    this.names = new NameDictionary(db);
    this.lastId = (db.prepare('SELECT max(id) AS id FROM entries').get() as { id: number | null }).id ?? 0;
    const stored = this.meta('count');
    this.count = typeof stored === 'number' ? stored : (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    this.stmt = {
      insert: db.prepare(`INSERT INTO entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      maxInMs: db.prepare('SELECT max(id) AS id FROM entries WHERE id >= ? AND id < ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      upsertService: db.prepare('INSERT INTO services_now (key, state) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state'),
      deleteService: db.prepare('DELETE FROM services_now WHERE key = ?'),
      upsertPool: db.prepare('INSERT INTO pools_now (name, spec) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec'),
      deletePool: db.prepare('DELETE FROM pools_now WHERE name = ?'),
      sample: db.prepare('INSERT INTO pool_usage (pool, minute, used, size) VALUES (?, ?, ?, ?) ON CONFLICT(pool, minute) DO UPDATE SET used = excluded.used, size = excluded.size'),
    };
  }

  static open(file: string, retention: Retention): Ledger {
    return new Ledger(openLedgerDb(file), retention);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  meta(key: string): unknown {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: unknown } | undefined)?.value;
  }

  /** When the recorder was last known to be running (ms), 0 for a new ledger. */
  lastSeen(): number {
    const v = this.meta('lastSeen');
    return typeof v === 'number' ? v : 0;
  }

  size(): number {
    return this.count;
  }

  loadServices(): Map<string, TrackedService> {
    const rows = this.db.prepare('SELECT key, state FROM services_now').all() as { key: string; state: string }[];
    return new Map(rows.map((r) => [r.key, JSON.parse(r.state) as TrackedService]));
  }

  loadPools(): Map<string, PoolSpecFacts> {
    const rows = this.db.prepare('SELECT name, spec FROM pools_now').all() as { name: string; spec: string }[];
    return new Map(rows.map((r) => [r.name, JSON.parse(r.spec) as PoolSpecFacts]));
  }

  /** A unique id at `at`: after the last one for live entries, in a free slot of that ms for past ones. */
  private idFor(at: number): number {
    const base = Math.floor(at) * ID_PER_MS;
    if (base > this.lastId) return base;
    if (base + ID_PER_MS > this.lastId) return this.lastId + 1;
    const taken = (this.stmt.maxInMs.get(base, base + ID_PER_MS) as { id: number | null }).id;
    return taken === null ? base : Math.min(taken + 1, base + ID_PER_MS - 1);
  }

  /**
   * Writes entries and the last recorded state of services and pools, atomically: after a crash,
   * either all of a change is there or none of it. Returns the entries as the API shows them.
   */
  write(change: {
    entries: NewEntry[];
    services?: { upsert: TrackedService[]; remove: string[] };
    pools?: { upsert: [string, PoolSpecFacts][]; remove: string[] };
    now: number;
  }): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    const run = this.db.transaction(() => {
      for (const e of change.entries) {
        const id = this.idFor(e.at);
        this.lastId = Math.max(this.lastId, id);
        const n = this.names;
        this.stmt.insert.run(
          id, KIND_CODE.get(e.kind), n.idOf('service', e.service), n.idOf('ip', e.ip), n.idOf('pool', e.pool), n.idOf('node', e.node),
          n.idOf('node', e.previousNode), e.cause === null ? null : CAUSE_CODE.get(e.cause), e.inferred ? 1 : 0, packRv(e.resourceVersion),
          n.idOf('by', e.by), e.detail,
        );
        out.push(toWire(e, Math.floor(id / ID_PER_MS)));
      }
      for (const s of change.services?.upsert ?? []) this.stmt.upsertService.run(s.key, JSON.stringify(s));
      for (const key of change.services?.remove ?? []) this.stmt.deleteService.run(key);
      for (const [name, spec] of change.pools?.upsert ?? []) this.stmt.upsertPool.run(name, JSON.stringify(spec));
      for (const name of change.pools?.remove ?? []) this.stmt.deletePool.run(name);
      this.count += change.entries.length;
      this.stmt.setMeta.run('count', this.count);
      this.stmt.setMeta.run('lastSeen', change.now);
    });
    try {
      run();
    } catch (e) {
      this.names.reload();
      this.lastId = (this.db.prepare('SELECT max(id) AS id FROM entries').get() as { id: number | null }).id ?? 0;
      throw e;
    }
    return out;
  }

  /** Marks the recorder alive (the start-up inference reads it as "seen until then"). */
  heartbeat(now: number): void {
    this.stmt.setMeta.run('lastSeen', now);
  }

  /** One utilisation sample per pool per minute (the latest wins). */
  sample(points: { pool: string; at: number; used: number; size: number }[]): void {
    if (points.length === 0) return;
    this.db.transaction(() => {
      for (const p of points) this.stmt.sample.run(this.names.idOf('pool', p.pool), Math.floor(p.at / 60_000), p.used, p.size);
    })();
  }

  usage(pool: string, since: number, until: number, maxPoints = 600): UsagePoint[] {
    const id = this.names.find('pool', pool);
    if (id === undefined) return [];
    const from = Math.floor(since / 60_000);
    const to = Math.floor(until / 60_000);
    const bucket = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
    // The sample before the range carries the level into it.
    const before = this.db.prepare('SELECT minute, used, size FROM pool_usage WHERE pool = ? AND minute < ? ORDER BY minute DESC LIMIT 1').get(id, from) as
      | { minute: number; used: number; size: number }
      | undefined;
    const rows = this.db
      .prepare(
        `SELECT min(minute) AS minute, max(used) AS used, max(size) AS size FROM pool_usage
         WHERE pool = ? AND minute >= ? AND minute <= ? GROUP BY (minute - ?) / ? ORDER BY minute`,
      )
      .all(id, from, to, from, bucket) as { minute: number; used: number; size: number }[];
    const points = rows.map((r) => ({ at: r.minute * 60_000, used: r.used, size: r.size }));
    if (before) points.unshift({ at: Math.max(before.minute, from) * 60_000, used: before.used, size: before.size });
    return points;
  }

  private decode(r: Row): HistoryEntry {
    const n = this.names;
    return {
      at: new Date(Math.floor(r.id / ID_PER_MS)).toISOString(),
      kind: HISTORY_KINDS[r.kind],
      service: n.text(r.service),
      ip: n.text(r.ip),
      pool: n.text(r.pool),
      node: n.text(r.node),
      previousNode: n.text(r.prev_node),
      cause: r.cause === null ? null : FAILOVER_CAUSES[r.cause],
      detail: r.detail,
      by: n.text(r.by_id),
      resourceVersion: r.rv === null ? null : String(r.rv),
      inferred: r.inferred === 1,
    };
  }

  private bounds(q: RangeQuery): [number, number] {
    const lo = q.since === undefined ? 0 : Math.floor(q.since) * ID_PER_MS;
    const hi = q.until === undefined ? Number.MAX_SAFE_INTEGER : (Math.floor(q.until) + 1) * ID_PER_MS;
    return [lo, hi];
  }

  private select(where: string, args: unknown[], q: RangeQuery): HistoryEntry[] {
    const [lo, hi] = this.bounds(q);
    const sql = `SELECT ${COLUMNS} FROM entries WHERE ${where ? `${where} AND ` : ''}id >= ? AND id < ? ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, lo, hi, q.limit) as Row[]).map((r) => this.decode(r));
  }

  /** Whether the ledger ever recorded this name. */
  knows(kind: 'service' | 'ip' | 'pool' | 'node', text: string): boolean {
    return this.names.find(kind, text) !== undefined;
  }

  byService(key: string, q: RangeQuery): HistoryEntry[] {
    const id = this.names.find('service', key);
    return id === undefined ? [] : this.select('service = ?', [id], q);
  }

  byIP(ip: string, q: RangeQuery): HistoryEntry[] {
    const id = this.names.find('ip', ip);
    return id === undefined ? [] : this.select('ip = ?', [id], q);
  }

  byPool(pool: string, q: RangeQuery): HistoryEntry[] {
    const id = this.names.find('pool', pool);
    return id === undefined ? [] : this.select('pool = ?', [id], q);
  }

  /** Announcer changes that gave a node an IP or took one from it. */
  byNode(node: string, q: RangeQuery): HistoryEntry[] {
    const id = this.names.find('node', node);
    if (id === undefined) return [];
    const gained = this.select(`kind = ${ANNOUNCER_CHANGED} AND node = ?`, [id], q);
    const lost = this.select(`kind = ${ANNOUNCER_CHANGED} AND prev_node = ?`, [id], q);
    return [...gained, ...lost].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, q.limit);
  }

  range(q: RangeQuery): HistoryEntry[] {
    return this.select('', [], q);
  }

  /** Services with more than `threshold` announcer moves and IP assignments since `since`. */
  flapping(since: number, threshold: number, limit: number): { service: string; changes: number; announcerChanges: number; ipChanges: number; lastAt: string }[] {
    const rows = this.db.prepare(FLAPPING_SQL).all(Math.floor(since) * ID_PER_MS, threshold, limit) as { service: number; changes: number; moves: number; ips: number; last: number }[];
    return rows.map((r) => ({
      service: this.names.text(r.service) ?? '',
      changes: r.changes,
      announcerChanges: r.moves,
      ipChanges: r.ips,
      lastAt: new Date(Math.floor(r.last / ID_PER_MS)).toISOString(),
    }));
  }

  /**
   * One retention step: deletes at most PRUNE_CHUNK of the oldest entries that are past the age
   * or over the count, and the usage samples past the age. True while more remain to delete.
   */
  pruneStep(now: number): boolean {
    const idAt = (offset: number) => (this.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 1 OFFSET ?').get(offset) as { id: number } | undefined)?.id ?? Number.MAX_SAFE_INTEGER;
    const chunkEnd = idAt(PRUNE_CHUNK);
    const ageBound = Math.min(Math.floor(now - this.retention.maxAgeMs) * ID_PER_MS, chunkEnd);
    const over = this.count - this.retention.maxEntries;
    const countBound = over > 0 ? idAt(Math.min(over, PRUNE_CHUNK)) : 0;
    const bound = Math.max(ageBound, countBound);
    let deleted = 0;
    this.db.transaction(() => {
      deleted = this.db.prepare('DELETE FROM entries WHERE id < ?').run(bound).changes;
      this.count = Math.max(0, this.count - deleted);
      this.stmt.setMeta.run('count', this.count);
      const minute = Math.floor((now - this.retention.maxAgeMs) / 60_000);
      for (const { id } of this.db.prepare(`SELECT id FROM names WHERE kind = ${NAME_KIND.pool}`).all() as { id: number }[]) {
        this.db.prepare('DELETE FROM pool_usage WHERE pool = ? AND minute < ?').run(id, minute);
      }
    })();
    return deleted >= PRUNE_CHUNK;
  }
}

function toWire(e: NewEntry, atMs: number): HistoryEntry {
  return {
    at: new Date(atMs).toISOString(),
    kind: e.kind,
    service: e.service,
    ip: e.ip,
    pool: e.pool,
    node: e.node,
    previousNode: e.previousNode,
    cause: e.cause,
    detail: e.detail,
    by: e.by,
    resourceVersion: e.resourceVersion,
    inferred: e.inferred,
  };
}
