// The browser end of /api/v1/stream: applies each batch to the TanStack Query cache through
// lib/views' pure reducers, replays batches a slow fetch missed, and resyncs after a gap, a
// worker restart, or a lost connection. Status goes to the live-stream dot in the top bar.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import {
  apiPaths,
  checkContinuity,
  queryKeys,
  reduceEvents,
  reduceReplace,
  reduceServices,
  type StreamBatch,
  type Versioned,
} from '@/lib/views';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

type Position = { epoch: string; seq: number };

const BUFFER_LIMIT = 300;
/** The server sends a heartbeat every 10 s; silence this long means the connection is dead. */
const SILENCE_MS = 25_000;
/** Overview and preflight are recomputed server-side; refetch them at most this often. */
const SUMMARY_REFRESH_MS = 1_000;

const LIST_KEYS: readonly QueryKey[] = [queryKeys.services, queryKeys.pools, queryKeys.nodes, queryKeys.advertisements, queryKeys.events];

function applyToLists(qc: QueryClient, batch: StreamBatch): void {
  qc.setQueryData(queryKeys.services, (old: Versioned<never> | undefined) => reduceServices(old, batch));
  qc.setQueryData(queryKeys.pools, (old: Versioned<never> | undefined) => reduceReplace(old, batch.pools as never[] | undefined, batch));
  qc.setQueryData(queryKeys.nodes, (old: Versioned<never> | undefined) => reduceReplace(old, batch.nodes as never[] | undefined, batch));
  qc.setQueryData(queryKeys.advertisements, (old: Versioned<never> | undefined) =>
    reduceReplace(old, batch.advertisements as never[] | undefined, batch),
  );
  qc.setQueryData(queryKeys.events, (old: Versioned<never> | undefined) => reduceEvents(old, batch));
}

/** Detail pages are small: refetch the ones a batch touches. */
function refreshDetails(qc: QueryClient, batch: StreamBatch): void {
  for (const s of batch.services?.upserts ?? []) {
    void qc.invalidateQueries({ queryKey: queryKeys.service(s.namespace, s.name), exact: true });
  }
  if (batch.pools || batch.services) void qc.invalidateQueries({ queryKey: ['pool'] });
}

export function startStream(qc: QueryClient, onStatus: (s: StreamStatus) => void): () => void {
  let source: EventSource | null = null;
  let last: Position | null = null;
  let buffer: StreamBatch[] = [];
  let silence: ReturnType<typeof setTimeout> | undefined;
  let summaryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const refreshSummaries = () => {
    if (summaryTimer) return;
    summaryTimer = setTimeout(() => {
      summaryTimer = undefined;
      void qc.invalidateQueries({ queryKey: queryKeys.overview });
      void qc.invalidateQueries({ queryKey: queryKeys.preflight });
    }, SUMMARY_REFRESH_MS);
  };

  const resync = () => {
    buffer = [];
    void qc.invalidateQueries();
  };

  const apply = (batch: StreamBatch) => {
    buffer.push(batch);
    if (buffer.length > BUFFER_LIMIT) buffer = buffer.slice(-BUFFER_LIMIT);
    applyToLists(qc, batch);
    refreshDetails(qc, batch);
    refreshSummaries();
  };

  const armSilence = () => {
    clearTimeout(silence);
    silence = setTimeout(() => reconnect(), SILENCE_MS);
  };

  const onHello = (e: MessageEvent<string>) => {
    armSilence();
    const hello = JSON.parse(e.data) as Position;
    if (last && (hello.epoch !== last.epoch || hello.seq !== last.seq)) resync();
    last = hello;
    onStatus('live');
  };

  const onBatch = (e: MessageEvent<string>) => {
    armSilence();
    const batch = JSON.parse(e.data) as StreamBatch;
    const verdict = checkContinuity(last, batch);
    if (verdict === 'stale') return;
    last = { epoch: batch.epoch, seq: batch.seq };
    if (verdict === 'resync') resync();
    else apply(batch);
  };

  const connect = () => {
    if (stopped) return;
    onStatus(last ? 'reconnecting' : 'connecting');
    const es = new EventSource(apiPaths.stream);
    source = es;
    es.addEventListener('hello', onHello as EventListener);
    es.addEventListener('batch', onBatch as EventListener);
    es.addEventListener('message', armSilence);
    es.onerror = () => {
      onStatus('reconnecting');
      // EventSource retries by itself unless the server answered with an error status.
      if (es.readyState === EventSource.CLOSED) setTimeout(reconnect, 2_000);
    };
    armSilence();
  };

  function reconnect() {
    source?.close();
    source = null;
    connect();
  }

  // A list fetched while batches flowed may predate some of them: replay what it missed.
  const unsubscribe = qc.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.action.manual) return;
    const key = event.query.queryKey;
    if (!LIST_KEYS.some((k) => k[0] === key[0] && key.length === 1)) return;
    const data = event.query.state.data as Partial<Position> | undefined;
    if (!data || typeof data.seq !== 'number' || !last || data.epoch !== last.epoch || data.seq >= last.seq) return;
    const missed = buffer.filter((b) => b.seq > (data.seq as number));
    if (missed.length === 0 || missed[0].seq !== data.seq + 1) {
      void qc.invalidateQueries({ queryKey: key, exact: true });
      return;
    }
    for (const b of missed) applyToLists(qc, b);
  });

  connect();
  return () => {
    stopped = true;
    clearTimeout(silence);
    clearTimeout(summaryTimer);
    unsubscribe();
    source?.close();
  };
}
