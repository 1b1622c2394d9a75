// A list+watch informer for any kind in the resource table: local cache keyed namespace/name,
// change callbacks, relist on 410, and capped jittered backoff on every failure (client-node's
// own informer stops on error and reconnects in a tight loop: docs/architecture.md, "Facts measured on this machine").
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffPolicy } from './backoff';
import type { KubeApi } from './client';
import { describeError, isGone, isNotFound } from './errors';
import { listObjects, withTypeMeta } from './objects';
import { keyOf, resourcePath, type ResourceRef } from './resources';
import { silentLogger, type KubeObject, type Logger } from './types';

export type InformerEventType = 'added' | 'modified' | 'deleted';

export interface InformerEvent<T> {
  type: InformerEventType;
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  key: string;
  object: T;
  /** The cached object this one replaces (modified), or the last known one (deleted). */
  old?: T;
}

export interface InformerOptions<T> {
  kube: KubeApi;
  resource?: ResourceRef;
  /** Alias of `resource`. */
  kind?: ResourceRef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Called synchronously for each change, after the cache was updated. Must not throw. */
  onEvent?: (event: InformerEvent<T>) => void;
  /** Called after every (re)list has been applied to the cache. */
  onSync?: () => void;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /**
   * Server-side watch timeout; the watch is re-opened after it. Default: drawn afresh for each
   * watch between 5 and 10 minutes (MIN_WATCH_TIMEOUT_S).
   */
  watchTimeoutSeconds?: number;
  /**
   * The server may not serve this kind at all (404 on the list: e.g. MetalLB v0.12 clusters have
   * no metallb.io CRDs). Then count as synced and empty, and look again every backoff cap.
   */
  missingAsEmpty?: boolean;
  /**
   * Drop `metadata.managedFields` from what is cached (client-go's TransformStripManagedFields):
   * on a real cluster they are often as big as the rest of a Service, and the controller and the
   * speakers never read them. The dashboard keeps them (history names the field manager).
   */
  stripManagedFields?: boolean;
}

export interface InformerStats {
  lists: number;
  watches: number;
  errors: number;
  lastError?: string;
  /** Since when (ms) list/watch has failed with no good list since: the cluster is unreachable. */
  failingSince?: number;
  /** The server answered 404 for the collection (missingAsEmpty). */
  missing?: boolean;
  /** The last resourceVersion seen: of an object, a list, or a bookmark (so any write anywhere moves it). */
  resourceVersion: string;
  /** Changes to the cache (an object added, modified or deleted); bookmarks and relists that find the same objects leave it. */
  changes: number;
}

export interface Informer<T> {
  /** Runs list+watch until the signal aborts; resolves then. Never rejects. */
  start(signal: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  /** Resolves true once the first list is in the cache; false if the signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean>;
  get(key: string): T | undefined;
  list(): T[];
  readonly cache: ReadonlyMap<string, T>;
  stats(): InformerStats;
}

type WatchEnd = { kind: 'aborted' } | { kind: 'gone' } | { kind: 'closed' } | { kind: 'error'; err: unknown };

/**
 * client-go's reflector asks for minWatchTimeout × (1 + rand) with a 5-minute minimum
 * (k8s.io/client-go/tools/cache/reflector.go): informers that opened their watches together, every
 * speaker after an API server restart say, would otherwise all time out and re-watch in the same
 * second every 5 minutes for good.
 */
const MIN_WATCH_TIMEOUT_S = 300;

/** A clean close counts as healthy if the watch delivered something or stayed open this long. */
const HEALTHY_WATCH_MS = 1000;

/**
 * `done`'s answer, or false as soon as `signal` aborts; one listener on the signal, removed when
 * `done` settles first.
 */
export function unlessAborted(done: Promise<boolean>, signal?: AbortSignal): Promise<boolean> {
  if (!signal) return done;
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void done.then((ok) => {
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    });
  });
}

export function createInformer<T extends KubeObject>(opts: InformerOptions<T>): Informer<T> {
  const resource = opts.resource ?? opts.kind;
  if (!resource) throw new Error('createInformer needs a resource');
  const logger = opts.logger ?? silentLogger;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const drawTimeout = () => opts.watchTimeoutSeconds ?? Math.floor(MIN_WATCH_TIMEOUT_S * (1 + Math.random()));
  const cache = new Map<string, T>();
  const stats: InformerStats = { lists: 0, watches: 0, errors: 0, resourceVersion: '', changes: 0 };
  let synced = false;
  let markSynced!: () => void;
  const syncedPromise = new Promise<void>((resolve) => (markSynced = resolve));

  const emit = (event: InformerEvent<T>) => {
    stats.changes++;
    try {
      opts.onEvent?.(event);
    } catch (err) {
      logger.error({ op: 'informer.onEvent', resource: resource.plural, key: event.key, err }, 'event handler threw');
    }
  };

  const strip = (obj: T): T => {
    if (opts.stripManagedFields && obj.metadata.managedFields !== undefined) delete obj.metadata.managedFields;
    return obj;
  };

  const replaceAll = (items: T[]) => {
    const seen = new Set<string>();
    for (const item of items.map(strip)) {
      const key = keyOf(item.metadata);
      seen.add(key);
      const old = cache.get(key);
      cache.set(key, item);
      if (!old) emit({ type: 'added', key, object: item });
      else if (old.metadata.resourceVersion !== item.metadata.resourceVersion) emit({ type: 'modified', key, object: item, old });
    }
    for (const [key, old] of [...cache]) {
      if (seen.has(key)) continue;
      cache.delete(key);
      emit({ type: 'deleted', key, object: old, old });
    }
  };

  const applyWatchEvent = (type: string, raw: T): boolean => {
    const obj = strip(withTypeMeta(resource, raw));
    const key = keyOf(obj.metadata);
    if (!key) return false;
    const old = cache.get(key);
    if (type === 'DELETED') {
      cache.delete(key);
      emit({ type: 'deleted', key, object: obj, old });
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return true;
      cache.set(key, obj);
      emit(old ? { type: 'modified', key, object: obj, old } : { type: 'added', key, object: obj });
    } else {
      return false;
    }
    return true;
  };

  const watchOnce = (signal: AbortSignal): Promise<WatchEnd & { sawEvent: boolean }> =>
    new Promise((resolve) => {
      let ended = false;
      let sawEvent = false;
      let controller: { abort(): void } | undefined;
      const timeoutSeconds = drawTimeout();
      const finish = (end: WatchEnd) => {
        if (ended) return;
        ended = true;
        clearTimeout(watchdog);
        signal.removeEventListener('abort', onAbort);
        controller?.abort();
        resolve({ ...end, sawEvent });
      };
      const onAbort = () => finish({ kind: 'aborted' });
      signal.addEventListener('abort', onAbort, { once: true });
      // A half-open connection never closes by itself: give up a little after the server should have.
      const watchdog = setTimeout(() => finish({ kind: 'closed' }), (timeoutSeconds + 30) * 1000);
      stats.watches++;
      const onLine = (type: string, obj: unknown) => {
        if (ended) return;
        if (type === 'ERROR') {
          const status = obj as { code?: number; message?: string } | undefined;
          if (status?.code === 410) return finish({ kind: 'gone' });
          return finish({ kind: 'error', err: new Error(`watch error: ${status?.message ?? JSON.stringify(obj)}`) });
        }
        const rv = (obj as KubeObject | undefined)?.metadata?.resourceVersion;
        if (type !== 'BOOKMARK' && applyWatchEvent(type, obj as T)) sawEvent = true;
        if (rv) stats.resourceVersion = rv;
      };
      const onDone = (err: unknown) => {
        if (!err) return finish({ kind: 'closed' });
        finish(isGone(err) ? { kind: 'gone' } : { kind: 'error', err });
      };
      opts.kube
        .watch(
          resourcePath(resource, { namespace: opts.namespace }),
          {
            resourceVersion: stats.resourceVersion || undefined,
            allowWatchBookmarks: true,
            timeoutSeconds,
            labelSelector: opts.labelSelector,
            fieldSelector: opts.fieldSelector,
          },
          onLine,
          onDone,
        )
        .then(
          (c) => {
            controller = c;
            if (ended) c.abort();
          },
          (err: unknown) => finish({ kind: 'error', err }),
        );
    });

  /** Lists into the cache; false when the kind is not served and missingAsEmpty says to wait. */
  const relist = async (signal: AbortSignal): Promise<boolean> => {
    let list;
    try {
      list = await listObjects<T>(opts.kube, resource, {
        namespace: opts.namespace,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        // The first list, as client-go's reflector does it: from the API server's watch cache, not
        // a quorum read of etcd (every speaker of a cluster lists at once after an upgrade). A
        // relist after an error reads the current state: the cache may be behind what we saw.
        resourceVersion: stats.lists === 0 ? '0' : undefined,
        signal,
      });
      stats.missing = false;
    } catch (err) {
      if (!opts.missingAsEmpty || !isNotFound(err)) throw err;
      if (!stats.missing) logger.warn({ op: 'informer', resource: resource.plural, reason: 'notServed' }, 'the API server does not serve this kind; treating it as empty');
      stats.missing = true;
      list = { items: [], resourceVersion: '' };
    }
    stats.lists++;
    stats.failingSince = undefined;
    replaceAll(list.items);
    stats.resourceVersion = list.resourceVersion;
    if (!synced) {
      synced = true;
      markSynced();
    }
    try {
      opts.onSync?.();
    } catch (err) {
      logger.error({ op: 'informer.onSync', resource: resource.plural, err }, 'sync handler threw');
    }
    return !stats.missing;
  };

  /** Watches until the watch must be re-listed (410) or fails; returns false on abort. */
  const watchLoop = async (signal: AbortSignal, attempt: { n: number }): Promise<boolean> => {
    for (;;) {
      const started = Date.now();
      const end = await watchOnce(signal);
      if (end.kind === 'aborted') return false;
      if (end.kind === 'error') throw end.err;
      const healthy = end.sawEvent || Date.now() - started >= HEALTHY_WATCH_MS;
      attempt.n = healthy ? 0 : attempt.n + 1;
      if (attempt.n > 0 && !(await sleep(backoffDelay(policy, attempt.n - 1), signal))) return false;
      if (end.kind === 'gone') return true;
    }
  };

  return {
    async start(signal) {
      const attempt = { n: 0 };
      while (!signal.aborted) {
        try {
          if (!(await relist(signal))) {
            await sleep(policy.capMs, signal);
            continue;
          }
          if (!(await watchLoop(signal, attempt))) return;
          logger.debug({ op: 'informer.relist', resource: resource.plural, reason: 'gone' });
        } catch (err) {
          if (signal.aborted) return;
          stats.errors++;
          stats.lastError = describeError(err);
          stats.failingSince ??= Date.now();
          logger.warn({ op: 'informer', resource: resource.plural, attempt: attempt.n, err: stats.lastError }, 'list/watch failed; backing off');
          await sleep(backoffDelay(policy, attempt.n++), signal);
        }
      }
    },
    hasSynced: () => synced,
    waitForSync(signal) {
      if (synced) return Promise.resolve(true);
      return unlessAborted(syncedPromise.then(() => true), signal);
    },
    get: (key) => cache.get(key),
    list: () => [...cache.values()],
    cache,
    stats: () => ({ ...stats }),
  };
}

/** Creates an informer and starts it at once (it stops when the signal aborts). */
export function watchResource<T extends KubeObject>(opts: InformerOptions<T> & { signal: AbortSignal }): Informer<T> {
  const informer = createInformer(opts);
  void informer.start(opts.signal);
  return informer;
}

/**
 * True when a modification left spec and labels as they were: a status write (the controller
 * updates every IPAddressPool's counters as it hands out IPs). Configuration readers skip
 * those, or each status write would make them re-read every Service.
 */
export function isStatusOnlyChange(ev: InformerEvent<KubeObject>): boolean {
  if (ev.type !== 'modified' || !ev.old) return false;
  const facts = (o: KubeObject) => JSON.stringify([o.metadata.labels ?? {}, (o as { spec?: unknown }).spec ?? null]);
  return facts(ev.old) === facts(ev.object);
}
