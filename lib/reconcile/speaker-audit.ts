// The speakers' periodic audit (the safety net behind the event-driven passes): decide every
// service again from scratch and compare with what each speaker has on the wire. Any difference
// is a decision an event failed to trigger, so each one found is a bug to chase, not a routine.
// Pure: the caller builds the fresh view and carries out the correction.
import type { Ranker, ServiceInfo } from '../election';
import { planWireActions, type SpeakerAction } from './speaker-actions';
import { createOrderMemo, decideAllServices, serviceKeyOf, type SpeakerView } from './speaker-election';

/** Every service's announcer (null: nobody), indexed for the per-speaker audits. */
export interface Winners {
  /** Service key -> the node that should announce it. */
  readonly of: ReadonlyMap<string, string | null>;
  /** Node -> the services it should announce. */
  readonly wonBy: ReadonlyMap<string, readonly ServiceInfo[]>;
  /** IP -> the services holding it. */
  readonly holding: ReadonlyMap<string, readonly ServiceInfo[]>;
}

const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** Every service's announcer, decided once for all speakers of one view. */
export function decideWinners(view: SpeakerView, ranker: Ranker): Winners {
  const of = new Map<string, string | null>();
  const wonBy = new Map<string, ServiceInfo[]>();
  const holding = new Map<string, ServiceInfo[]>();
  for (const s of view.services) for (const ip of s.ips) push(holding, ip, s);
  // decideAllServices names the winner only when it decides for a live node: decide as one.
  const self = view.nodes.find((n) => n.speakerLive)?.name;
  if (!self) {
    for (const s of view.services) of.set(serviceKeyOf(s), null);
    return { of, wonBy, holding };
  }
  for (const v of decideAllServices({ ...view, self }, ranker, createOrderMemo())) {
    const d = v.decision;
    const winner = d.announce ? d.node : d.reason === 'notOwner' ? d.winner : null;
    of.set(v.key, winner);
    if (winner) push(wonBy, winner, v.service);
  }
  return { of, wonBy, holding };
}

/**
 * The announce/withdraw actions `node` would take if it decided from scratch now, given what it
 * has on the wire. Decides only the services it wins or whose IPs it announces (a few per node),
 * so auditing a hundred speakers costs little more than the one decideWinners.
 */
export function auditWire(
  view: SpeakerView,
  winners: Winners,
  node: string,
  wire: ReadonlyMap<string, readonly string[]>,
  interfaces: readonly string[],
  ranker: Ranker,
): SpeakerAction[] {
  const mine = new Set(winners.wonBy.get(node) ?? []);
  for (const ip of wire.keys()) for (const s of winners.holding.get(ip) ?? []) mine.add(s);
  const verdicts = decideAllServices({ ...view, self: node, services: [...mine] }, ranker, createOrderMemo());
  return planWireActions(node, verdicts, interfaces, wire);
}

/** One line per difference, for the warning log. */
export const describeDrift = (a: SpeakerAction): string =>
  a.type === 'announce'
    ? `${a.ip} should be announced on ${a.interfaces.join(',')} (${a.services.join(', ')})`
    : a.type === 'withdraw'
      ? `${a.ip} should not be announced: ${a.reason}`
      : a.type;
