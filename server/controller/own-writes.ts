// The informer's echo of the controller's own Service writes, recognised so that it is not
// decided again. Deciding on it would redo the write and earn a 409 (measured: four requests per
// service instead of two when 10,000 converge at once); queueing it only to find nothing to do
// costs a worker round trip per service. docs/architecture.md, "The controller's own writes".
import type { WriteTrail } from './apply';

export interface OwnWrites {
  /** A write to `key` is about to be sent: versions the informer delivers until `settle` are held. */
  begin(key: string): void;
  /** Holds `rv` when a write to `key` is in flight; false when none is (judge it with `isOwn`). */
  hold(key: string, rv: string): boolean;
  /**
   * The write settled (no trail: it failed). True when a version held meanwhile was not one of
   * ours, or was ours but the services were queued again since the decision: decide again.
   */
  settle(key: string, trail: WriteTrail | undefined, decidedAt: number): boolean;
  /** Whether the service at `rv` is only what our own writes left: nothing to decide. */
  isOwn(key: string, rv: string | undefined): boolean;
}

/**
 * `epoch` counts the times every service was queued again (config, namespace labels, freed IPs):
 * the echo of our final write is ours only if no such change came since the decision.
 */
export function createOwnWrites(epoch: () => number): OwnWrites {
  /** Versions delivered while a write was in flight: most echoes arrive before the write's answer. */
  const inFlight = new Map<string, string[]>();
  /** Versions our settled writes left behind: `stale` ones (the start and in-between) and the `final` one. */
  const trails = new Map<string, { stale: Set<string>; final: string; epoch: number }>();

  return {
    begin(key) {
      inFlight.set(key, []);
    },
    hold(key, rv) {
      const held = inFlight.get(key);
      held?.push(rv);
      return held !== undefined;
    },
    settle(key, trail, decidedAt) {
      const held = inFlight.get(key) ?? [];
      inFlight.delete(key);
      const final = trail?.final;
      if (!held.every((rv) => rv === final || trail?.stale.includes(rv) === true)) return true;
      if (final !== undefined && held.includes(final)) return decidedAt !== epoch();
      if (final !== undefined && trail?.stale.length) trails.set(key, { stale: new Set(trail.stale), final, epoch: decidedAt });
      return false;
    },
    isOwn(key, rv) {
      const own = trails.get(key);
      if (!own) return false;
      if (rv && own.stale.has(rv)) return true; // the event for our own final write is on its way
      trails.delete(key);
      return rv === own.final && own.epoch === epoch(); // our own write, and nothing else changed
    },
  };
}
