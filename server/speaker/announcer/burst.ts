// Gratuitous bursts: one announcement at once, then every 1.1 s while under 5 s since the gain,
// i.e. 5 announcements. Both numbers are MetalLB's (internal/layer2/announcer.go, spam()).
import type { Clock, TimerHandle } from '../transport/clock';

export const GRATUITOUS_INTERVAL_MS = 1100;
export const GRATUITOUS_DURATION_MS = 5000;

export class BurstScheduler {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = GRATUITOUS_INTERVAL_MS,
    private readonly durationMs = GRATUITOUS_DURATION_MS,
  ) {}

  /** Restarts the burst for `key`: `announce` runs now and at each later tick. */
  start(key: string, announce: () => void): void {
    this.cancel(key);
    const tick = (n: number) => {
      this.timers.delete(key);
      announce();
      if ((n + 1) * this.intervalMs < this.durationMs) {
        this.timers.set(key, this.clock.setTimeout(() => tick(n + 1), this.intervalMs));
      }
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

  isActive(key: string): boolean {
    return this.timers.has(key);
  }
}
