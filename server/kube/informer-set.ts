// One informer per (kind, namespace, selectors) shared by every reader in a process that runs
// several components (the embedded cluster: controller, simulated speakers, LAN client, dashboard),
// so each kind is listed, watched and cached once instead of once per reader. Readers keep their
// own event callbacks; the cached objects are shared by reference and must never be modified.
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { KubeApi } from './client';
import { createInformer, type Informer, type InformerEvent, type InformerOptions } from './informer';
import { silentLogger, type KubeObject, type Logger } from './types';

export interface InformerSetOptions {
  kube: KubeApi;
  logger?: Logger;
  backoff?: BackoffPolicy;
  /** What the set's informers do with metadata.managedFields, whatever a reader asks (see InformerOptions). */
  stripManagedFields: boolean;
}

/** What a reader says about the informer it wants: the set decides the connection, logger and backoff. */
export type SharedInformerOptions<T> = Omit<InformerOptions<T>, 'kube' | 'logger' | 'backoff' | 'stripManagedFields' | 'watchTimeoutSeconds'>;

export interface InformerSet {
  /**
   * A reader's handle on the shared informer for these options. Its start(signal) joins the
   * readers (the first one starts the watch, the last one to leave stops it) and hands this
   * reader an `added` event for each object already cached, as a first list of its own would.
   */
  informer<T extends KubeObject>(opts: SharedInformerOptions<T>): Informer<T>;
  /** Shared informers running now. */
  running(): number;
}

interface Reader {
  onEvent?: (event: InformerEvent<KubeObject>) => void;
  onSync?: () => void;
}

interface Shared {
  informer: Informer<KubeObject>;
  readers: Set<Reader>;
  stop: AbortController;
  done: Promise<void>;
}

const keyOf = <T>(o: SharedInformerOptions<T>) => {
  const r = o.resource ?? o.kind;
  if (!r) throw new Error('a shared informer needs a resource');
  return JSON.stringify([r.group, r.version, r.plural, o.namespace ?? '', o.labelSelector ?? '', o.fieldSelector ?? '', !!o.missingAsEmpty]);
};

export function createInformerSet(setOpts: InformerSetOptions): InformerSet {
  const logger = setOpts.logger ?? silentLogger;
  const shared = new Map<string, Shared>();
  /** Handles waiting for a first reader of their key to start (waitForSync before any start). */
  const waiting = new Map<string, Set<() => void>>();

  /** Each reader's callback on its own: one that throws must not keep the event from the others. */
  const fanOut = (s: { readers: Set<Reader> }, call: (r: Reader) => void) => {
    for (const r of s.readers) {
      try {
        call(r);
      } catch (err) {
        logger.error({ op: 'informerSet.reader', err }, 'reader callback threw');
      }
    }
  };

  const join = (key: string, opts: SharedInformerOptions<KubeObject>, reader: Reader): Shared => {
    let s = shared.get(key);
    if (!s) {
      const readers = new Set<Reader>();
      const informer = createInformer<KubeObject>({
        ...opts,
        kube: setOpts.kube,
        logger,
        backoff: setOpts.backoff ?? DEFAULT_BACKOFF,
        stripManagedFields: setOpts.stripManagedFields,
        onEvent: (e) => fanOut({ readers }, (r) => r.onEvent?.(e)),
        onSync: () => fanOut({ readers }, (r) => r.onSync?.()),
      });
      const stop = new AbortController();
      s = { informer, readers, stop, done: informer.start(stop.signal) };
      shared.set(key, s);
      for (const wake of waiting.get(key) ?? []) wake();
      waiting.delete(key);
    } else if (s.informer.hasSynced()) {
      // What this reader's own first list would have told it.
      for (const [k, object] of s.informer.cache) reader.onEvent?.({ type: 'added', key: k, object });
      reader.onSync?.();
    }
    s.readers.add(reader);
    return s;
  };

  const leave = async (key: string, s: Shared, reader: Reader) => {
    s.readers.delete(reader);
    if (s.readers.size > 0) return;
    shared.delete(key);
    s.stop.abort();
    await s.done;
  };

  return {
    informer<T extends KubeObject>(opts: SharedInformerOptions<T>): Informer<T> {
      const key = keyOf(opts);
      const current = () => shared.get(key)?.informer as Informer<T> | undefined;
      /** A handle read before its start sees the shared cache if another reader runs it, else nothing yet. */
      const empty = new Map<string, T>();
      return {
        async start(signal) {
          if (signal.aborted) return;
          const reader: Reader = { onEvent: opts.onEvent as Reader['onEvent'], onSync: opts.onSync };
          const s = join(key, opts as SharedInformerOptions<KubeObject>, reader);
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          await leave(key, s, reader);
        },
        hasSynced: () => current()?.hasSynced() ?? false,
        waitForSync: (signal) => current()?.waitForSync(signal) ?? waitForJoin(signal),
        get: (k) => current()?.get(k),
        list: () => current()?.list() ?? [],
        get cache() {
          return current()?.cache ?? empty;
        },
        stats: () => current()?.stats() ?? { lists: 0, watches: 0, errors: 0, resourceVersion: '', changes: 0 },
      };
      /** Not started by anyone yet: wait until some reader starts it, then for its first list. */
      async function waitForJoin(signal?: AbortSignal): Promise<boolean> {
        if (signal?.aborted) return false;
        const joined = await new Promise<boolean>((resolve) => {
          const wake = () => resolve(true);
          waiting.set(key, (waiting.get(key) ?? new Set()).add(wake));
          signal?.addEventListener('abort', () => (waiting.get(key)?.delete(wake), resolve(false)), { once: true });
        });
        return joined && (current()?.waitForSync(signal) ?? false);
      }
    },
    running: () => shared.size,
  };
}

/** The set's shared informer when the process has a set, else one of the reader's own. */
export function openInformer<T extends KubeObject>(set: InformerSet | undefined, opts: InformerOptions<T>): Informer<T> {
  return set ? set.informer(opts) : createInformer(opts);
}
