// History ledger benchmark (issue 16): 10,000 services over 100 nodes churning at one change a
// second, retention applied as in a running dashboard (the defaults: 90 days, 10 M entries), then
// the size on disk and the time of every query the API and the pages make. The ledger reaches its
// steady state after 90 days: from then on a year of churn only changes which rows are kept, so
// the default run writes 100 days (8.6 M entries, 10 days of them deleting as many as they add);
// `HISTORY_BENCH_DAYS=365` writes the whole year (31.5 M entries, about an hour here).
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAILOVER_CAUSES } from '../../lib/history';
import { Ledger, type NewEntry } from '../../server/history/ledger';
import { historyDbPath } from '../../server/history/ledger-db';
import { forecastFor } from '../../server/history/queries';

type Row = { name: string; value: number; unit: string; goal?: string };

const SERVICES = 10_000;
const NODES = 100;
const DAYS = Number(process.env.HISTORY_BENCH_DAYS ?? 100);
const RETENTION = { maxAgeMs: 90 * 86_400_000, maxEntries: 10_000_000 };
/** One transaction per this many entries while loading (the live recorder writes one per flush). */
const BATCH = 20_000;
const SAMPLES = 200;

/** A small deterministic generator (mulberry32): the same year every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const node = (i: number) => `node-${String(i).padStart(3, '0')}`;
const service = (i: number) => `ns-${i % 50}/svc-${i}`;
const ipOf = (i: number) => `10.${Math.floor(i / 65_536) + 20}.${Math.floor(i / 256) % 256}.${i % 256}`;
const poolOf = (i: number) => (i % 2 ? 'pool-b' : 'pool-a');

/** One change: mostly announcer moves with a cause, some IP releases and re-assignments. */
function change(at: number, r: () => number): NewEntry {
  const s = Math.floor(r() * SERVICES);
  const roll = r();
  const base = { at, service: service(s), ip: ipOf(s), pool: poolOf(s), detail: null, by: null, resourceVersion: String(Math.floor(at / 100)), inferred: false };
  if (roll < 0.7) {
    const from = Math.floor(r() * NODES);
    return { ...base, kind: 'announcerChanged', node: node((from + 1 + Math.floor(r() * (NODES - 1))) % NODES), previousNode: node(from), cause: FAILOVER_CAUSES[Math.floor(r() * FAILOVER_CAUSES.length)], detail: 'bench' };
  }
  return { ...base, kind: roll < 0.85 ? 'ipReleased' : 'ipAssigned', node: null, previousNode: null, cause: null, by: roll < 0.85 ? null : 'metallb-controller' };
}

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);

function timeMany(label: string, n: number, fn: (i: number) => unknown): Row[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [
    { name: `${label}, p50`, value: percentile(times, 0.5), unit: 'ms' },
    { name: `${label}, p95`, value: percentile(times, 0.95), unit: 'ms' },
  ];
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);
}

export default async function bench(): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const loadBefore = loadavg()[0];
  const dir = mkdtempSync(path.join(tmpdir(), 'ironlb-history-bench-'));
  const file = historyDbPath(dir);
  try {
    let ledger = Ledger.open(file, RETENTION);
    // Loading the churn is the set-up, not a measure: a page cache holding the whole file and no
    // syncs make it quicker. Queries are timed after reopening the file with the dashboard's own
    // settings (16 MB of cache).
    ledger.db.pragma('cache_size = -2097152');
    ledger.db.pragma('synchronous = OFF');
    const r = rng(16);
    const total = DAYS * 86_400;
    const start = Date.UTC(2026, 0, 1);
    let pruneMs = 0;
    let pruneSteps = 0;
    const t0 = performance.now();
    for (let i = 0; i < total; i += BATCH) {
      const n = Math.min(BATCH, total - i);
      ledger.write({ now: start + (i + n) * 1000, entries: Array.from({ length: n }, (_, k) => change(start + (i + k) * 1000, r)) });
      if (i % (BATCH * 10) === 0) {
        const used = Array.from({ length: 2 }, (_, p) => ({ pool: p ? 'pool-b' : 'pool-a', at: start + i * 1000, used: 4000 + Math.floor(i / 20_000) % 1000, size: 65_536 }));
        ledger.sample(used);
      }
      const p0 = performance.now();
      while (ledger.pruneStep(start + (i + n) * 1000)) pruneSteps++;
      pruneSteps++;
      pruneMs += performance.now() - p0;
    }
    const loadMs = performance.now() - t0;
    const now = start + total * 1000;
    ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    const kept = ledger.size();
    const bytes = fileBytes(file);
    ledger.close();

    const openT = performance.now();
    ledger = Ledger.open(file, RETENTION);
    const openMs = performance.now() - openT;
    const q = (i: number) => (i * 7919) % SERVICES;
    const rows: Row[] = [
      { name: `entries written (${DAYS} days at 1 change/s, 10,000 services, 100 nodes)`, value: total, unit: 'entries' },
      { name: 'entries a year of churn writes (1 change/s)', value: 365 * 86_400, unit: 'entries' },
      { name: 'load rate (set-up: 20,000 entries a transaction, 2 GB cache, no sync, retention running)', value: Math.round(total / (loadMs / 1000)), unit: 'entries/s' },
      { name: 'entries kept after retention (90 days / 10,000,000)', value: kept, unit: 'entries' },
      { name: 'size on disk (history.db + WAL)', value: round(bytes / 2 ** 20), unit: 'MiB' },
      { name: 'bytes per kept entry, indexes included', value: Math.round(bytes / Math.max(kept, 1)), unit: 'B' },
      { name: 'a year without retention would take (extrapolated)', value: round(((bytes / Math.max(kept, 1)) * 365 * 86_400) / 2 ** 30), unit: 'GiB' },
      { name: 'retention step (up to 20,000 oldest entries deleted), mean', value: round(pruneMs / pruneSteps), unit: 'ms' },
      { name: 'open the ledger (names, counters)', value: round(openMs), unit: 'ms' },
      ...timeMany('a service, newest 500 (the service page)', SAMPLES, (i) => ledger.byService(service(q(i)), { limit: 500 })),
      ...timeMany('a service, one day 60 days back', SAMPLES, (i) => ledger.byService(service(q(i)), { since: now - 61 * 86_400_000, until: now - 60 * 86_400_000, limit: 100_000 })),
      ...timeMany('an IP, newest 500', SAMPLES, (i) => ledger.byIP(ipOf(q(i)), { limit: 500 })),
      ...timeMany('a node, newest 500 (gained and lost)', 50, (i) => ledger.byNode(node(i % NODES), { limit: 500 })),
      ...timeMany('a pool, newest 500', 20, () => ledger.byPool('pool-a', { limit: 500 })),
      ...timeMany('the whole ledger, newest 1,000', 50, () => ledger.range({ limit: 1000 })),
      ...timeMany('export: the whole ledger, one day (86,400 entries)', 5, (i) => ledger.range({ since: now - (i + 2) * 86_400_000, until: now - (i + 1) * 86_400_000, limit: 100_000 })),
      ...timeMany('flapping, last hour', 50, () => ledger.flapping(now - 3_600_000, 3, 20)),
      ...timeMany('flapping, last 24 hours', 10, () => ledger.flapping(now - 86_400_000, 3, 20)),
      ...timeMany('pool forecast (7 days of samples)', 50, () => forecastFor(ledger, { name: 'pool-a', used: 4500, total: '65536' }, now)),
      ...timeMany('one flush of 10 live changes (a transaction)', 200, (i) => ledger.write({ now: now + i, entries: Array.from({ length: 10 }, () => change(now + i, r)) })),
    ];
    ledger.close();
    return {
      title: `History ledger (10,000 services, ${DAYS} days of churn at 1 change/s, 90 days kept)`,
      rows,
      notes:
        `SQLite (better-sqlite3, WAL, synchronous=NORMAL) in one file per data dir. Row id = time in ms x 1024, so a time range is a rowid range and age retention deletes a prefix; service, IP, pool and node names are interned (an entry holds small integers); ` +
        `one index each on service, IP and pool, and two partial ones (announcer changes) on node and previous node, each holding the rowid, so every query is one index range read newest first. ` +
        `The churn is written in transactions of ${BATCH.toLocaleString('en-US')} with the retention step run after each, as the dashboard's timer would. Query rows: ${SAMPLES} different services or IPs. ` +
        `1-minute load average before / after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} (wall-clock figures scale with it).`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
