// Watch fan-out and bounded history, per storage: replay after a resourceVersion, or say it expired.
// Knows nothing of HTTP; watch-handler.ts turns subscriptions into response streams.
import type { CommittedChange, StoredEntry, WatchEventType } from './store';
import { partitionPoint } from '../../lib/partition-point';

export interface WatchEvent {
  type: WatchEventType;
  entry: StoredEntry;
  prev?: StoredEntry;
}

export interface Subscriber {
  onEvent(event: WatchEvent): void;
  /** Called when the hub ends every watch (server shutdown or test hook). */
  onClose(): void;
}

export type Subscription =
  | { ok: true; replay: WatchEvent[]; unsubscribe(): void }
  | { ok: false; oldest: number };

class History {
  events: WatchEvent[] = [];
  readonly subscribers = new Set<Subscriber>();
  constructor(public floor: number) {}
}

export class WatchHub {
  private readonly histories = new Map<string, History>();

  /**
   * @param startRv history is complete after this version (the store's version at start).
   * @param size events kept per storage (at least; trimming is amortised up to twice that).
   */
  constructor(private readonly startRv: number, private readonly size: number) {}

  private history(storage: string): History {
    let h = this.histories.get(storage);
    if (!h) {
      h = new History(this.startRv);
      this.histories.set(storage, h);
    }
    return h;
  }

  publish(changes: CommittedChange[]) {
    for (const change of changes) {
      const h = this.history(change.storage);
      const event: WatchEvent = { type: change.type, entry: change.entry, prev: change.prev };
      h.events.push(event);
      if (h.events.length >= this.size * 2) {
        const removed = h.events.splice(0, h.events.length - this.size);
        h.floor = removed[removed.length - 1].entry.rv;
      }
      for (const s of h.subscribers) s.onEvent(event);
    }
  }

  /** Oldest version a watch may start from for this storage. */
  oldestVersion(storage: string): number {
    return this.history(storage).floor;
  }

  /** Subscribes from `fromRv` (exclusive): replay what is kept, or report that it is too old. */
  subscribe(storage: string, fromRv: number, subscriber: Subscriber): Subscription {
    const h = this.history(storage);
    if (fromRv < h.floor) return { ok: false, oldest: h.floor };
    const first = partitionPoint(h.events.length, (i) => h.events[i].entry.rv > fromRv);
    h.subscribers.add(subscriber);
    return { ok: true, replay: h.events.slice(first), unsubscribe: () => h.subscribers.delete(subscriber) };
  }

  watcherCount(): number {
    let n = 0;
    for (const h of this.histories.values()) n += h.subscribers.size;
    return n;
  }

  /** Ends every open watch cleanly (clients reconnect from their last version). */
  closeAll() {
    for (const h of this.histories.values()) {
      for (const s of [...h.subscribers]) {
        h.subscribers.delete(s);
        s.onClose();
      }
    }
  }
}
