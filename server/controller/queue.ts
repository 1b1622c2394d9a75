// Work queue keyed namespace/name (client-go's semantics): a key is queued at most once, one
// reconcile per key at a time (a key added while it runs is run again after), FIFO order,
// and per-key exponential retry delays for failures.
import { backoffDelay, sleep, type BackoffPolicy } from '../kube/backoff';

export type Worker = (key: string) => Promise<void>;

export interface WorkQueue {
  add(key: string): void;
  /** Re-adds after a per-key delay that doubles with each consecutive failure. */
  addAfterFailure(key: string): void;
  /** Clears the key's failure count (call after a success). */
  forget(key: string): void;
  /** Runs `concurrency` workers until the signal aborts. A worker that throws re-queues its key. */
  start(signal: AbortSignal, worker: Worker, concurrency?: number): Promise<void>;
  /** Resolves when nothing is queued, running or waiting to be retried. */
  idle(): Promise<void>;
  /**
   * Resolves when nothing is queued or running (keys waiting to be retried do not count), or the
   * queue stopped: what waits for it (events) never holds up, nor is starved by, a failing key.
   */
  drained(): Promise<void>;
  size(): number;
  /** The queued keys, in the order the workers will take them. */
  pending(): string[];
}

export const RETRY_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 30_000 };

export function createWorkQueue(policy: BackoffPolicy = RETRY_BACKOFF): WorkQueue {
  let items: string[] = [];
  let head = 0;
  const queued = new Set<string>();
  const running = new Set<string>();
  const dirty = new Set<string>();
  const failures = new Map<string, number>();
  const waitingRetry = new Set<string>();
  let sleepers: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  let drainWaiters: (() => void)[] = [];
  let retrySignal: AbortSignal | undefined;

  const isIdle = () => queued.size === 0 && running.size === 0 && waitingRetry.size === 0;
  const isDrained = () => (queued.size === 0 && running.size === 0) || retrySignal?.aborted === true;
  const checkIdle = () => {
    if (isDrained() && drainWaiters.length) {
      const waiters = drainWaiters;
      drainWaiters = [];
      for (const w of waiters) w();
    }
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const wakeAll = () => {
    if (sleepers.length === 0) return;
    const s = sleepers;
    sleepers = [];
    for (const w of s) w();
  };

  const add = (key: string) => {
    if (running.has(key)) {
      dirty.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    items.push(key);
    wakeAll();
  };

  const take = (): string | undefined => {
    while (head < items.length) {
      const key = items[head++];
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      if (!queued.delete(key)) continue;
      running.add(key);
      return key;
    }
    return undefined;
  };

  const done = (key: string) => {
    running.delete(key);
    if (dirty.delete(key)) add(key);
    checkIdle();
  };

  const nextKey = async (signal: AbortSignal): Promise<string | undefined> => {
    for (;;) {
      if (signal.aborted) return undefined;
      const key = take();
      if (key !== undefined) return key;
      await new Promise<void>((resolve) => sleepers.push(resolve));
    }
  };

  const queue: WorkQueue = {
    add,
    addAfterFailure(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      if (waitingRetry.has(key)) return;
      waitingRetry.add(key);
      void sleep(backoffDelay(policy, n), retrySignal).then(() => {
        waitingRetry.delete(key);
        if (!retrySignal?.aborted) add(key);
        checkIdle();
      });
    },
    forget: (key) => void failures.delete(key),
    async start(signal, worker, concurrency = 4) {
      retrySignal = signal;
      signal.addEventListener('abort', () => {
        wakeAll();
        checkIdle();
      }, { once: true });
      const loop = async () => {
        // A key at hand is taken without a wait (one promise less per key in a bulk change).
        const next = () => (signal.aborted ? undefined : (take() ?? nextKey(signal)));
        for (let key = await next(); key !== undefined; key = await next()) {
          try {
            await worker(key);
          } catch {
            if (!signal.aborted) queue.addAfterFailure(key);
          } finally {
            done(key);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, loop));
    },
    idle: () => (isIdle() ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    drained: () => (isDrained() ? Promise.resolve() : new Promise<void>((r) => drainWaiters.push(r))),
    size: () => queued.size,
    // A key is pushed only when it is not queued and leaves only through take: items from head on are the queue.
    pending: () => items.slice(head),
  };
  return queue;
}
