// Event correlation as client-go's recorder does it (k8s.io/client-go/tools/record, events_cache.go):
// a per-object spam filter (a token bucket per source + involved object: a burst of 25, then one
// event per 5 minutes), and an aggregator that folds similar events (same source, object, type and
// reason, different messages) into one "(combined from similar events): ..." Event once 10 of
// them arrive within 10 minutes. Written here because client-go is Go; the clock is passed in.

export interface CorrelatorOptions {
  /** Events an object may get at once before the filter drops (client-go: 25). */
  burst?: number;
  /** One token comes back every this many ms (client-go: 5 minutes). */
  refillEveryMs?: number;
  /** Distinct messages for one (source, object, type, reason) before they are combined (client-go: 10). */
  maxSimilar?: number;
  /** Similar events further apart than this start counting again (client-go: 10 minutes). */
  similarWindowMs?: number;
  /** Keys remembered by each cache, least recently used dropped first (client-go: 4096). */
  maxEntries?: number;
}

export interface EventFacts {
  /** source.component and source.host. */
  source: string;
  /** The involved object: kind, namespace, name, uid, apiVersion. */
  object: string;
  type: string;
  reason: string;
  message: string;
}

export type Correlation =
  | { skip: true }
  /** `key` names the one Event that repeats bump; `message` is what it says (combined or not). */
  | { skip: false; key: string; message: string; combined: boolean };

export const COMBINED_PREFIX = '(combined from similar events): ';

/** A Map kept to `max` keys, the least recently used dropped first. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V) {
    this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

interface Similar {
  messages: Set<string>;
  last: number;
}

export interface EventCorrelator {
  correlate(e: EventFacts, nowMs: number): Correlation;
}

export function createEventCorrelator(opts: CorrelatorOptions = {}): EventCorrelator {
  const burst = opts.burst ?? 25;
  const refillEveryMs = opts.refillEveryMs ?? 300_000;
  const maxSimilar = opts.maxSimilar ?? 10;
  const windowMs = opts.similarWindowMs ?? 600_000;
  const maxEntries = opts.maxEntries ?? 4096;
  const buckets = new Lru<Bucket>(maxEntries);
  const similar = new Lru<Similar>(maxEntries);

  /** Takes a token from the object's bucket; false when it is empty. */
  const admit = (key: string, now: number): boolean => {
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, b.tokens + Math.max(0, now - b.at) / refillEveryMs);
    const ok = tokens >= 1;
    buckets.set(key, { tokens: ok ? tokens - 1 : tokens, at: now });
    return ok;
  };

  return {
    correlate(e, now) {
      // Aggregate first, then filter, as client-go's EventCorrelate does: a dropped event still
      // counts towards its similar ones.
      const aggregateKey = JSON.stringify([e.source, e.object, e.type, e.reason]);
      let s = similar.get(aggregateKey);
      if (!s || now - s.last > windowMs) s = { messages: new Set(), last: now };
      s.messages.add(e.message);
      s.last = now;
      similar.set(aggregateKey, s);
      const combined = s.messages.size >= maxSimilar;
      if (combined) s.messages.delete(e.message); // the set never grows past the limit
      if (!admit(JSON.stringify([e.source, e.object]), now)) return { skip: true };
      return combined
        ? { skip: false, key: aggregateKey, message: COMBINED_PREFIX + e.message, combined }
        : { skip: false, key: JSON.stringify([e.source, e.object, e.type, e.reason, e.message]), message: e.message, combined };
    },
  };
}
