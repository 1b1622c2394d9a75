// The periodic resync of a speaker's decisions (the safety net behind the event-driven passes):
// every intervalMs, one fresh view of the current objects (a new SpeakerModel, so every Service
// is flattened again from the informer caches) and one decision for every service, against which
// each speaker checks its wire (lib/reconcile/speaker-audit). A missed event can then leave an IP
// dark, or doubly announced, for at most one interval.
import type { RankingCache } from '../../lib/election';
import { decideWinners, type Winners } from '../../lib/reconcile/speaker-audit';
import type { SpeakerView } from '../../lib/reconcile/speaker-election';
import { sleep } from '../kube';
import { createSpeakerModel } from './speaker-model';
import type { SpeakerSources } from './sources';

/** A speaker as the resync sees it. */
export interface AuditTarget {
  /**
   * Compares the wire with the fresh decisions, corrects it, and returns the differences found.
   * `live` is the live set the decisions assumed: a target that hears a different one is between
   * two views of the LAN (a peer joining, not heard by all yet), which is no missed event.
   */
  audit(view: SpeakerView, winners: Winners, live: ReadonlySet<string>): number;
}

export interface ResyncOptions {
  sources: SpeakerSources;
  systemNamespace: string;
  loadBalancerClass?: string;
  ranking: RankingCache;
  /** Who is live now, and on which interfaces (every target reads the same view). */
  membership: () => { live: ReadonlySet<string>; liveOn?: SpeakerView['liveOn'] };
  targets: () => Iterable<AuditTarget>;
  intervalMs: number;
  signal: AbortSignal;
}

/** One round: the fresh view and winners, then every target's audit. Returns the corrections. */
export function resyncOnce(opts: Omit<ResyncOptions, 'intervalMs' | 'signal'>): number {
  if (!opts.sources.hasSynced()) return 0;
  const { live, liveOn } = opts.membership();
  const model = createSpeakerModel(opts.sources, opts.systemNamespace, opts.loadBalancerClass);
  const view = model.view('', (n) => live.has(n), liveOn);
  const winners = decideWinners(view, opts.ranking);
  let corrected = 0;
  for (const target of opts.targets()) corrected += target.audit(view, winners, live);
  return corrected;
}

/** Runs resyncOnce every intervalMs until the signal aborts (0 turns it off). */
export async function runResync(opts: ResyncOptions): Promise<void> {
  if (opts.intervalMs <= 0) return;
  while (!opts.signal.aborted) {
    await sleep(opts.intervalMs, opts.signal);
    if (!opts.signal.aborted) resyncOnce(opts);
  }
}
