// Time and timers for the speaker's wire parts, injected so tests drive them (vi.useFakeTimers
// with `performance` and `setTimeout` faked works with systemClock too: it looks the globals up
// at call time).
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Epoch milliseconds that never step: the process's start on the wall clock plus the monotonic
 * time since. Every elapsed-time decision of a speaker (a peer silent for three intervals, a
 * Lease renewal due, a handover grace) reads this, so an admin or NTP stepping a node's clock by
 * an hour neither expires every peer at once (the node would think itself alone and announce every
 * IP) nor keeps a dead peer alive for an hour. Looked up at call time, so fake timers that fake
 * `performance` drive it.
 */
export const monotonicNow = (): number => performance.timeOrigin + performance.now();

export const systemClock: Clock = {
  now: monotonicNow,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
