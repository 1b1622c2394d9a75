// What a resync round's outcome depends on, so a round that provably finds what the last clean
// one found can be skipped (the embedded cluster's 100 simulated speakers: a full round flattens
// 10,000 Services and decides them all, a fifth of the worker's CPU at rest). Pure bookkeeping:
// resync.ts decides when to use it.
import type { SourceKind, SpeakerSources } from './sources';

/** The informers the fresh view is built from (Leases and statuses decide nothing in it). */
const VIEW_KINDS: readonly SourceKind[] = ['services', 'endpointslices', 'nodes', 'ipaddresspools', 'l2advertisements'];

/**
 * A round's inputs: the objects (by each informer's lists and changes), the live set, and every
 * target's wire version. Not the informers' resourceVersion: a bookmark carries the newest one of
 * the whole store, so a Lease renewal anywhere moved it and made every round after a bookmark a
 * full one.
 */
export function roundInputs(sources: SpeakerSources, live: ReadonlySet<string>, wireVersions: readonly (number | undefined)[]): string | null {
  if (wireVersions.some((v) => v === undefined)) return null;
  const objects = VIEW_KINDS.map((k) => {
    const s = sources.informers[k].stats();
    return `${s.lists}:${s.changes}`;
  });
  return JSON.stringify([objects, [...live].sort(), wireVersions]);
}

export interface RoundMemo {
  /** Whether a round with these inputs would find what the last clean one found (and is not due in full). */
  canSkip(inputs: string | null): boolean;
  /** The round with these inputs ran in full; `clean`: every target was compared and none differed. */
  ran(inputs: string | null, clean: boolean): void;
}

/**
 * Remembers the inputs of the last clean round. Every `fullEvery`-th round runs anyway, so a wire
 * that changed without any input (nothing in this process does that) is still found within
 * that many intervals.
 */
export function createRoundMemo(fullEvery: number): RoundMemo {
  let clean: string | null = null;
  let skipped = 0;
  return {
    canSkip(inputs) {
      if (inputs === null || inputs !== clean || skipped + 1 >= fullEvery) return false;
      skipped++;
      return true;
    },
    ran(inputs, isClean) {
      skipped = 0;
      clean = isClean ? inputs : null;
    },
  };
}
