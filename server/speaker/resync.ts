// The periodic resync of a speaker's decisions (the safety net behind the event-driven passes):
// every intervalMs, one fresh view of the current objects (a new SpeakerModel, so every Service
// is flattened again from the informer caches) and one decision for every service, against which
// each speaker checks its wire (lib/reconcile/speaker-audit). A missed event can then leave an IP
// dark, or doubly announced, for at most one interval. Speakers sharing one process may skip a
// round whose inputs are those of the last clean one (resync-memo.ts).
import type { RankingCache } from '../../lib/election';
import { decideWinners, type Winners } from '../../lib/reconcile/speaker-audit';
import type { SpeakerView } from '../../lib/reconcile/speaker-election';
import { sleep } from '../kube';
import { createRoundMemo, roundInputs } from './resync-memo';
import { createSpeakerModel } from './speaker-model';
import type { SpeakerSources } from './sources';

/** Why a target did not compare its wire this round (it will act by itself, or is going away). */
export type AuditSkip = 'stopping' | 'starting' | 'otherLiveSet' | 'passComing';
export type AuditResult = { checked: true; corrected: number } | { checked: false; reason: AuditSkip };

/** A speaker as the resync sees it. */
export interface AuditTarget {
  /**
   * Compares the wire with the fresh decisions, corrects it, and returns the differences found.
   * `live` is the live set the decisions assumed: a target that hears a different one is between
   * two views of the LAN (a peer joining, not heard by all yet), which is no missed event.
   */
  audit(view: SpeakerView, winners: Winners, live: ReadonlySet<string>): AuditResult;
  /**
   * Changes whenever this speaker's wire may have (a pass asked for or run, a link opened or
   * closed); unique in the process. Without it every round runs in full.
   */
  wireVersion?(): number;
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
  /**
   * Skip a round whose inputs (objects, live set, every target's wireVersion) are those of the
   * last clean round, whose audit it would repeat exactly; every `fullEvery`-th round runs anyway.
   * For the simulated speakers, whose every input is in this process; a real speaker audits one
   * wire, cheaply, every round.
   */
  skipUnchanged?: { fullEvery: number };
}

export interface RoundOutcome {
  corrected: number;
  /** Every target compared its wire and none differed. */
  clean: boolean;
}

/** One round: the fresh view and winners, then every target's audit. */
export function resyncOnce(opts: Omit<ResyncOptions, 'intervalMs' | 'signal'>, live = opts.membership()): RoundOutcome {
  if (!opts.sources.hasSynced()) return { corrected: 0, clean: false };
  const model = createSpeakerModel(opts.sources, opts.systemNamespace, opts.loadBalancerClass);
  const view = model.view('', (n) => live.live.has(n), live.liveOn);
  const winners = decideWinners(view, opts.ranking);
  let corrected = 0;
  let clean = true;
  for (const target of opts.targets()) {
    const r = target.audit(view, winners, live.live);
    if (r.checked) corrected += r.corrected;
    clean &&= r.checked && r.corrected === 0;
  }
  return { corrected, clean };
}

/** Runs resyncOnce every intervalMs until the signal aborts (0 turns it off). */
export async function runResync(opts: ResyncOptions): Promise<void> {
  if (opts.intervalMs <= 0) return;
  const memo = opts.skipUnchanged ? createRoundMemo(opts.skipUnchanged.fullEvery) : null;
  while (!opts.signal.aborted) {
    await sleep(opts.intervalMs, opts.signal);
    if (opts.signal.aborted) break;
    const live = opts.membership();
    const inputs = memo && opts.sources.hasSynced() ? roundInputs(opts.sources, live.live, [...opts.targets()].map((t) => t.wireVersion?.())) : null;
    if (memo?.canSkip(inputs)) continue;
    memo?.ran(inputs, resyncOnce(opts, live).clean);
  }
}
