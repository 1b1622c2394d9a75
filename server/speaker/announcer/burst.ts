// Gratuitous bursts: one announcement at once, then every 1.1 s while under 5 s since the gain,
// i.e. 5 announcements. Both numbers are MetalLB's (internal/layer2/announcer.go, spam()). Then,
// with a refresh interval, one more every refreshMs for as long as the IP is announced (MetalLB
// #3125: switches age their MAC tables out long before routers age ARP entries, #2910).
import type { Clock, TimerHandle } from '../transport/clock';

export const GRATUITOUS_INTERVAL_MS = 1100;
export const GRATUITOUS_DURATION_MS = 5000;

export class BurstScheduler {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = GRATUITOUS_INTERVAL_MS,
    private readonly durationMs = GRATUITOUS_DURATION_MS,
    /** 0: no refresh after the burst. */
    private readonly refreshMs = 0,
  ) {}

  /** Restarts the burst for `key`: `announce` runs now and at each later tick, then every refreshMs. */
  start(key: string, announce: () => void): void {
    this.cancel(key);
    const tick = (n: number) => {
      this.timers.delete(key);
      announce();
      const inBurst = (n + 1) * this.intervalMs < this.durationMs;
      const next = inBurst ? this.intervalMs : this.refreshMs;
      if (next > 0) this.timers.set(key, this.clock.setTimeout(() => tick(n + 1), next));
    };
    tick(0);
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }

  /** Whether `key` is announced with a timer running (its burst, or its refresh). */
  isActive(key: string): boolean {
    return this.timers.has(key);
  }
}
