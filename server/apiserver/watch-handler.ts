// The HTTP side of a watch: newline-delimited {type, object} events, headers flushed at once,
// history replay or ERROR 410, selector transitions (ADDED/DELETED), bookmarks, timeout, cleanup on close.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context';
import { queryBool, queryResourceVersion, queryTimeoutSeconds } from './http';
import { compileFilter, type ObjectFilter } from './reads';
import type { ResourceDef } from './registry';
import { ApiError, expired } from './status-errors';
import type { StoredEntry, WatchEventType } from './store';
import { partialJson, tableJson, type Rendering } from './tables';
import type { WatchEvent } from './watch';
import { wireJson } from './wire';

export interface WatchTuning {
  bookmarkIntervalMs: number;
  /** A watcher whose unsent output exceeds this is cut off (it reconnects and catches up). */
  maxBufferedBytes: number;
}

export interface WatchRequest {
  def: ResourceDef;
  namespace: string | undefined;
  query: URLSearchParams;
  rendering: Rendering;
}

type EventType = WatchEventType | 'BOOKMARK' | 'ERROR';

/** What a filtered watcher sees for an event: objects entering or leaving the selection become ADDED/DELETED. */
export function visibleType(ev: WatchEvent, filter: ObjectFilter): WatchEventType | undefined {
  const now = filter(ev.entry.obj);
  if (ev.type !== 'MODIFIED') return now ? ev.type : undefined;
  const before = ev.prev ? filter(ev.prev.obj) : false;
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}

class WatchStream {
  private closed = false;
  private corked = false;
  private timers: NodeJS.Timeout[] = [];
  unsubscribe: () => void = () => {};

  constructor(private readonly ctx: ApiContext, private readonly w: WatchRequest, private readonly res: ServerResponse, private readonly tuning: WatchTuning) {}

  private objectJson(entry: StoredEntry): string {
    const r = this.w.rendering;
    if (r.kind === 'table') return tableJson(this.w.def, [entry], r, this.ctx.now(), { resourceVersion: String(entry.rv) });
    if (r.kind === 'partial') return partialJson(entry, r.apiVersion);
    return wireJson(this.w.def, entry);
  }

  private write(type: EventType, objectJson: string) {
    if (this.closed) return;
    this.res.write(`{"type":"${type}","object":${objectJson}}\n`);
    if (this.res.writableLength > this.tuning.maxBufferedBytes) this.close();
  }

  send(type: WatchEventType, entry: StoredEntry) {
    this.write(type, this.objectJson(entry));
  }

  /**
   * A live event: the events of one commit (a group commit holds every write that arrived while
   * the one before was in flight) leave in one socket write at the end of the tick, not one each.
   */
  sendLive(type: WatchEventType, entry: StoredEntry) {
    if (!this.corked && !this.closed) {
      this.corked = true;
      this.res.cork();
      setImmediate(() => {
        this.corked = false;
        this.res.uncork();
      });
    }
    this.send(type, entry);
  }

  bookmark(annotations?: Record<string, string>) {
    const metadata = { resourceVersion: String(this.ctx.store.currentRv()), ...(annotations ? { annotations } : {}) };
    this.write('BOOKMARK', JSON.stringify({ kind: this.w.def.kind, apiVersion: this.w.def.apiVersion, metadata }));
  }

  fail(error: ApiError) {
    this.write('ERROR', JSON.stringify(error.toStatus()));
    this.close();
  }

  startTimers(timeoutSeconds: number | undefined, bookmarks: boolean) {
    if (timeoutSeconds !== undefined && timeoutSeconds > 0) this.timers.push(setTimeout(() => this.close(), timeoutSeconds * 1000));
    if (bookmarks) this.timers.push(setInterval(() => this.bookmark(), this.tuning.bookmarkIntervalMs));
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.res.end();
  }
}

export function serveWatch(ctx: ApiContext, w: WatchRequest, req: IncomingMessage, res: ServerResponse, tuning: WatchTuning) {
  const filter = compileFilter(w.def, w.namespace, w.query);
  const fromParam = queryResourceVersion(w.query);
  const timeoutSeconds = queryTimeoutSeconds(w.query);
  const bookmarks = queryBool(w.query, 'allowWatchBookmarks');
  const sendInitial = queryBool(w.query, 'sendInitialEvents') || fromParam === undefined;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const stream = new WatchStream(ctx, w, res, tuning);
  res.on('close', () => stream.close());
  req.socket.setNoDelay(true);

  const current = ctx.store.currentRv();
  if (fromParam !== undefined && fromParam > current) {
    stream.fail(new ApiError(410, 'Expired', `Too large resource version: ${fromParam}, current: ${current}`));
    return;
  }
  const from = sendInitial ? current : (fromParam as number);
  const sub = ctx.hub.subscribe(w.def.storage, from, {
    onEvent: (ev) => { const t = visibleType(ev, filter); if (t) stream.sendLive(t, ev.entry); },
    onClose: () => stream.close(),
  });
  if (!sub.ok) {
    stream.fail(expired(from, sub.oldest));
    return;
  }
  stream.unsubscribe = sub.unsubscribe;
  if (sendInitial) {
    const entries = ctx.store.listCommitted(w.def.storage, w.def.namespaced ? w.namespace : undefined);
    for (const e of entries) if (filter(e.obj)) stream.send('ADDED', e);
    if (bookmarks && queryBool(w.query, 'sendInitialEvents')) stream.bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  for (const ev of sub.replay) {
    const t = visibleType(ev, filter);
    if (t) stream.send(t, ev.entry);
  }
  stream.startTimers(timeoutSeconds, bookmarks);
}
