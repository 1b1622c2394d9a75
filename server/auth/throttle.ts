// Failure throttling for sign-in: after a few free failures a key (an account from one client, or a
// client) is blocked for a time that doubles with each further failure. In memory, bounded in size.

export type ThrottleOptions = {
  freeFailures: number;
  baseBlockMs: number;
  maxBlockMs: number;
  forgetAfterMs: number; // an entry with no failure for this long is dropped
  maxKeys: number;
};

/** `first` is true on the first refusal of a block (the one worth recording in the audit log). */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; first: boolean };

type Entry = { failures: number; blockedUntil: number; lastFailure: number; notedBlock?: number };

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ThrottleOptions) {}

  check(key: string, now: number): ThrottleVerdict {
    const entry = this.fresh(key, now);
    if (!entry || entry.blockedUntil <= now) return { allowed: true };
    const first = entry.notedBlock !== entry.blockedUntil;
    entry.notedBlock = entry.blockedUntil;
    return { allowed: false, retryAfterMs: entry.blockedUntil - now, first };
  }

  recordFailure(key: string, now: number): void {
    const entry = this.fresh(key, now) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.options.freeFailures;
    if (over > 0) {
      const block = Math.min(this.options.baseBlockMs * 2 ** Math.min(over - 1, 30), this.options.maxBlockMs);
      entry.blockedUntil = now + block;
    }
    this.entries.delete(key); // re-insert: Map order is then oldest failure first
    this.entries.set(key, entry);
    this.bound(now);
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  size(): number {
    return this.entries.size;
  }

  private fresh(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailure > this.options.forgetAfterMs && entry.blockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private bound(now: number): void {
    if (this.entries.size <= this.options.maxKeys) return;
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailure > this.options.forgetAfterMs && entry.blockedUntil <= now) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxKeys) break;
      this.entries.delete(key);
    }
  }
}
