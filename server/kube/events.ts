// Kubernetes Event recorder (core/v1) with the correlation of client-go's recorder: the same
// involvedObject + type + reason + message bumps count and lastTimestamp of one Event instead
// of creating another; similar events combine and a per-object spam filter drops a flood
// (event-correlator.ts). Bursts for one key coalesce into one write in flight at a time. At most
// 1,000 events wait to be written; past that new ones are dropped and counted, as client-go's
// broadcaster drops them when its sink's queue (maxQueuedEvents, 1000) is full.
import type { KubeApi } from './client';
import { describeError, isNotFound } from './errors';
import { createEventCorrelator, type CorrelatorOptions } from './event-correlator';
import { createObject, patchObject } from './objects';
import { RESOURCES } from './resources';
import { silentLogger, type KubeObject, type Logger } from './types';

export type EventType = 'Normal' | 'Warning';

export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface EventRecorder {
  /** Records an event; resolves when it is written (or failed and was logged). Never rejects. */
  record(obj: KubeObject | InvolvedObject, type: EventType, reason: string, message: string): Promise<void>;
  /** Resolves when every write started so far has finished. */
  flush(): Promise<void>;
  /** Events dropped so far (the spam filter, a full queue). */
  dropped(): number;
}

export interface EventRecorderOptions {
  kube: KubeApi;
  /** source.component and reportingComponent, e.g. `metallb-controller`. */
  component: string;
  /** source.host and reportingInstance. */
  host?: string;
  logger?: Logger;
  now?: () => Date;
  /** Dedup entries kept (client-go keeps 4096). */
  maxEntries?: number;
  /**
   * Event writes in flight at once (default 4). Events are best effort: under a burst they queue
   * behind each other instead of competing with the writes that matter (status).
   */
  maxInFlight?: number;
  /** The spam filter and aggregator's limits (client-go's defaults when left out). */
  correlation?: CorrelatorOptions;
  /**
   * Awaited before each write: the controller passes "its work queue drained", so that in a bulk
   * change events follow the status writes instead of taking turns with them.
   */
  gate?: () => Promise<void>;
  /**
   * Events recorded and not yet taken for writing, at most (default 1000, client-go's
   * maxQueuedEvents): past it new events are dropped, so a bulk change of 10,000 services writes
   * about a thousand IPAllocated Events instead of queueing 10,000 writes behind it.
   */
  maxQueued?: number;
  /** Called for each event the spam filter or a full queue drops (a metric counts them). */
  onDropped?: (reason: string) => void;
}

interface Entry {
  name: string;
  namespace: string;
  count: number;
  /** What the Event says now (a combined event says the latest of its similar messages). */
  message: string;
  combined: boolean;
  /** Records not yet written. */
  pending: number;
  /** When the first and the latest record of it happened (ms): the Event's timestamps. */
  firstAt: number;
  lastAt: number;
  writing?: Promise<void>;
}

/** Kubernetes `Time` is RFC 3339 with second precision. */
const formatTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function toInvolved(obj: KubeObject | InvolvedObject): InvolvedObject {
  if ('metadata' in obj && obj.metadata) {
    const m = obj.metadata;
    return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
  }
  return obj as InvolvedObject;
}

export function createEventRecorder(opts: EventRecorderOptions): EventRecorder {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const maxEntries = opts.maxEntries ?? 4096;
  const correlator = createEventCorrelator({ maxEntries, ...opts.correlation });
  let dropped = 0;
  const maxQueued = opts.maxQueued ?? 1000;
  /** Recorded, neither dropped nor taken for writing yet. */
  let queued = 0;
  let warnedFull = false;
  const drop = (reason: string) => {
    dropped++;
    opts.onDropped?.(reason);
  };
  const entries = new Map<string, Entry>();
  const inFlight = new Set<Promise<void>>();
  let serial = 0;
  const maxInFlight = opts.maxInFlight ?? 4;
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active >= maxInFlight) await new Promise<void>((r) => waiting.push(r));
    active++;
  };
  const releaseSlot = () => {
    active--;
    waiting.shift()?.();
  };

  const eventName = (objName: string): string => {
    // client-go: <object name>.<unix nanos in hex>; a serial keeps names unique within one ms.
    const nanos = BigInt(now().getTime()) * 1_000_000n + BigInt(serial++ % 1_000_000);
    return `${objName}.${nanos.toString(16)}`;
  };

  const create = async (inv: InvolvedObject, type: EventType, reason: string, entry: Entry) => {
    entry.name = eventName(inv.name ?? 'unknown');
    await createObject(opts.kube, RESOURCES.events, {
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject: inv,
      reason,
      message: entry.message,
      type,
      source: { component: opts.component, ...(opts.host ? { host: opts.host } : {}) },
      reportingComponent: opts.component,
      reportingInstance: opts.host ?? '',
      firstTimestamp: formatTime(new Date(entry.firstAt)),
      lastTimestamp: formatTime(new Date(entry.lastAt)),
      count: entry.count,
    });
  };

  const bump = async (entry: Entry) => {
    await patchObject(opts.kube, RESOURCES.events, { namespace: entry.namespace, name: entry.name }, {
      count: entry.count,
      lastTimestamp: formatTime(new Date(entry.lastAt)),
      ...(entry.combined ? { message: entry.message } : {}),
    });
  };

  const write = async (inv: InvolvedObject, type: EventType, reason: string, entry: Entry) => {
    await opts.gate?.();
    await acquire();
    try {
      await writeEntry(inv, type, reason, entry);
    } finally {
      releaseSlot();
    }
  };

  const writeEntry = async (inv: InvolvedObject, type: EventType, reason: string, entry: Entry) => {
    while (entry.pending > 0) {
      const isNew = entry.count === 0;
      entry.count += entry.pending;
      queued -= entry.pending;
      entry.pending = 0;
      try {
        if (isNew) await create(inv, type, reason, entry);
        else await bump(entry).catch(async (e: unknown) => {
          if (!isNotFound(e)) throw e;
          await create(inv, type, reason, entry); // the Event expired or was deleted
        });
      } catch (err) {
        logger.warn({ op: 'event.record', reason, object: `${inv.namespace}/${inv.name}`, err: describeError(err) }, 'could not write event');
        if (isNew) entry.count = 0;
      }
    }
  };

  /**
   * With a gate, events are only queued until it opens: their correlation (dedup keys, the spam
   * filter) then runs with the time each was recorded at, after the work the gate waits for, not
   * alongside it (10,000 events in a bulk change cost the controller's first pass about 3 %).
   */
  const deferred: { inv: InvolvedObject; type: EventType; reason: string; message: string; at: number; done: () => void }[] = [];
  let draining: Promise<void> | undefined;
  const drain = async (gate: () => Promise<void>) => {
    await gate();
    while (deferred.length) {
      for (const d of deferred.splice(0)) void recordAt(d.inv, d.type, d.reason, d.message, d.at).then(d.done);
      await gate();
    }
    draining = undefined;
  };

  const record: EventRecorder['record'] = (obj, type, reason, message) => {
    if (queued >= maxQueued) {
      if (!warnedFull) logger.warn({ op: 'event.record', queued, reason }, 'event queue full: dropping new events until it drains (counted in the events-dropped metric)');
      warnedFull = true;
      drop(reason);
      return Promise.resolve();
    }
    if (queued === 0) warnedFull = false;
    queued++;
    const gate = opts.gate;
    if (!gate) return recordAt(toInvolved(obj), type, reason, message, now().getTime());
    return new Promise<void>((done) => {
      deferred.push({ inv: toInvolved(obj), type, reason, message, at: now().getTime(), done });
      draining ??= drain(gate);
    });
  };

  const recordAt = (inv: InvolvedObject, type: EventType, reason: string, message: string, at: number): Promise<void> => {
    const c = correlator.correlate(
      {
        source: `${opts.component}/${opts.host ?? ''}`,
        object: JSON.stringify([inv.kind, inv.namespace, inv.name, inv.uid, inv.apiVersion]),
        type,
        reason,
        message,
      },
      at,
    );
    if (c.skip) {
      queued--;
      drop(reason);
      return Promise.resolve();
    }
    const key = c.key;
    let entry = entries.get(key);
    if (!entry) {
      entry = { name: '', namespace: inv.namespace || 'default', count: 0, pending: 0, message: c.message, combined: c.combined, firstAt: at, lastAt: at };
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, entry);
    } else {
      // Refresh LRU position.
      entries.delete(key);
      entries.set(key, entry);
      entry.message = c.message;
    }
    entry.pending++;
    entry.lastAt = Math.max(entry.lastAt, at);
    if (entry.writing) return entry.writing;
    const e = entry;
    const p = write(inv, type, reason, e).finally(() => {
      e.writing = undefined;
      inFlight.delete(p);
    });
    e.writing = p;
    inFlight.add(p);
    return p;
  };

  return {
    record,
    async flush() {
      while (draining || inFlight.size) {
        await draining;
        await Promise.all([...inFlight]);
      }
    },
    dropped: () => dropped,
  };
}
