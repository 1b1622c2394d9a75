// What the live stream does to the TanStack Query cache. Lists apply each batch through
// lib/views' pure reducers; detail pages (one service, one pool) are refetched when a batch
// touches them; overview and preflight are refetched at most once a second.
//
// Every answer carries the (epoch, seq) it was built at, and any data that lands in the cache
// behind the stream is caught up: a list by replaying the batches it missed, anything else by a
// refetch when a missed batch touched it. Data lands behind the stream when a fetch was in flight
// as a batch arrived (TanStack hands a first load's refetch the fetch already in flight), when a
// server page's prefetch was built before batches the browser has since received (hydration),
// or when the page was rendered before the stream connected. The stream opens with the server's
// recent batches (`replayed`), so such data can usually be replayed rather than fetched again;
// what is older than every batch received is fetched again, never patched across the gap.
import { matchQuery, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import {
  checkContinuity,
  queryKeys,
  reduceEvents,
  reduceReplace,
  reduceServices,
  staleDetails,
  type StreamBatch,
  type StreamPosition,
  type Versioned,
} from '@/lib/views';

const BUFFER_LIMIT = 300;
/** Overview and preflight are recomputed server-side; refetch them at most this often. */
const SUMMARY_REFRESH_MS = 1_000;

const SUMMARY_KEYS: readonly QueryKey[] = [queryKeys.overview, queryKeys.preflight];
const isOneOf = (keys: readonly QueryKey[], key: QueryKey) => key.length === 1 && keys.some((k) => k[0] === key[0]);

type ListReducer = (list: Versioned<never>, batch: StreamBatch) => Versioned<never> | undefined;

const LIST_REDUCERS: readonly [QueryKey, ListReducer][] = [
  [queryKeys.services, reduceServices as ListReducer],
  [queryKeys.pools, (list, batch) => reduceReplace(list, batch.pools as never[] | undefined, batch)],
  [queryKeys.nodes, (list, batch) => reduceReplace(list, batch.nodes as never[] | undefined, batch)],
  [queryKeys.advertisements, (list, batch) => reduceReplace(list, batch.advertisements as never[] | undefined, batch)],
  [queryKeys.events, reduceEvents as ListReducer],
];
const LIST_KEYS = LIST_REDUCERS.map(([key]) => key);

function positionOf(query: Query): StreamPosition | null {
  const data = query.state.data as Partial<StreamPosition> | undefined;
  return data && typeof data.epoch === 'string' && typeof data.seq === 'number' ? { epoch: data.epoch, seq: data.seq } : null;
}

export class StreamCache {
  /** The position of the last batch (or hello) received; null before the stream connects. */
  private last: StreamPosition | null = null;
  /** The seq of the first batch of the unbroken run received (null before one, and after a resync). */
  private from: number | null = null;
  private greeted = false;
  private buffer: StreamBatch[] = [];
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly qc: QueryClient) {
    this.unsubscribe = qc.getQueryCache().subscribe((event) => {
      const landed =
        event.type === 'added' ||
        (event.type === 'updated' && ((event.action.type === 'success' && !event.action.manual) || event.action.type === 'setState'));
      if (landed) this.catchUp(event.query);
    });
  }

  /** The stream's greeting: where the server stands. A different position than ours means we missed batches. */
  hello(position: StreamPosition): void {
    if (this.last && (position.epoch !== this.last.epoch || position.seq !== this.last.seq)) this.resync();
    this.last = position;
    if (this.greeted) return;
    // What the page was rendered with predates the stream: catch it up.
    this.greeted = true;
    for (const query of this.qc.getQueryCache().getAll()) this.catchUp(query);
  }

  /** A batch; `replayed` when it is one of the recent batches the stream opens with. */
  batch(batch: StreamBatch, replayed = false): void {
    const verdict = checkContinuity(this.last, batch);
    if (verdict === 'stale') return;
    this.last = { epoch: batch.epoch, seq: batch.seq };
    if (verdict === 'resync') {
      this.resync();
      return;
    }
    this.from ??= batch.seq;
    this.buffer.push(batch);
    if (this.buffer.length > BUFFER_LIMIT) this.buffer = this.buffer.slice(-BUFFER_LIMIT);
    this.patchLists(batch);
    // Before the first hello, replayed batches may predate what the page holds: hello's
    // catch-up refetches only what they touched.
    if (replayed && !this.greeted) return;
    for (const filter of staleDetails(batch)) void this.qc.invalidateQueries(filter);
    this.refreshSummaries();
  }

  stop(): void {
    clearTimeout(this.summaryTimer);
    this.unsubscribe();
  }

  private resync(): void {
    this.buffer = [];
    this.from = null;
    void this.qc.invalidateQueries();
  }

  private refreshSummaries(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = undefined;
      for (const queryKey of SUMMARY_KEYS) void this.qc.invalidateQueries({ queryKey });
    }, SUMMARY_REFRESH_MS);
  }

  /** Applies a batch to the cached lists (or `only` one) that have every batch before it; the others are caught up. */
  private patchLists(batch: StreamBatch, only?: QueryKey): void {
    const from = this.from;
    for (const [key, reduce] of LIST_REDUCERS) {
      if (only && only[0] !== key[0]) continue;
      this.qc.setQueryData(key, (list: Versioned<never> | undefined) =>
        list && from !== null && list.seq >= from - 1 ? reduce(list, batch) : list,
      );
    }
  }

  /**
   * Brings data that landed behind the stream up to date: replay for a list, refetch otherwise.
   * Summaries go through the once-a-second refresh: while batches flow, each of their answers
   * lands a little behind, and refetching at once would fetch them back to back.
   */
  private catchUp(query: Query): void {
    const at = positionOf(query);
    const last = this.last;
    if (!at || !last || (at.epoch === last.epoch && at.seq >= last.seq)) return;
    if (isOneOf(SUMMARY_KEYS, query.queryKey)) {
      this.refreshSummaries();
      return;
    }
    const missed = at.epoch === last.epoch ? this.buffer.filter((b) => b.seq > at.seq) : [];
    const complete = missed.length > 0 && missed[0].seq === at.seq + 1;
    if (complete && isOneOf(LIST_KEYS, query.queryKey)) {
      for (const b of missed) this.patchLists(b, query.queryKey);
      return;
    }
    const touched = !complete || missed.some((b) => staleDetails(b).some((filter) => matchQuery(filter, query)));
    if (touched) void this.qc.invalidateQueries({ queryKey: query.queryKey, exact: true });
  }
}
