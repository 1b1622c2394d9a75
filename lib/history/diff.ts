// What a change of one service (as the dashboard sees it) adds to the ledger, and what a pool
// edit reads like. Pure: the recorder (server/history) supplies the states and the causes.
import type { HistoryEntry, HistoryKind } from './types';

/** The last recorded state of a service, as the ledger keeps it between changes and restarts. */
export interface TrackedService {
  key: string;
  uid: string;
  ips: string[];
  pool: string | null;
  node: string | null;
  state: string;
  reasonCode: string;
  reason: string;
  /** Whether some node has announced the current IPs yet (the first announcer is not a failover). */
  ipsAnnounced: boolean;
}

/** An entry before the recorder stamps it with its time, cause, author and resourceVersion. */
export type EntryDraft = Pick<HistoryEntry, 'kind' | 'service' | 'ip' | 'pool' | 'node' | 'previousNode' | 'detail'> & {
  /** announcerChanged that is a real change of announcer (the recorder asks the classifier). */
  needsCause?: boolean;
};

/** Pending reasons that are only a moment's wait, not worth an entry. */
const TRANSIENT_PENDING = new Set(['waitingForController']);

const draft = (kind: HistoryKind, s: TrackedService, fields: Partial<EntryDraft> = {}): EntryDraft => ({
  kind,
  service: s.key,
  ip: null,
  pool: s.pool,
  node: null,
  previousNode: null,
  detail: null,
  ...fields,
});

function released(prev: TrackedService, why: string): EntryDraft[] {
  return prev.ips.map((ip) => draft('ipReleased', prev, { ip, node: prev.node, detail: why }));
}

function appeared(next: TrackedService, why: string | null): EntryDraft[] {
  const out = next.ips.map((ip) => draft('ipAssigned', next, { ip, detail: why }));
  out.push(...statusDrafts(undefined, next));
  if (next.node && next.ips.length) out.push(draft('announcerChanged', next, { ip: next.ips[0], node: next.node, detail: 'first announcer of the IP' }));
  return out;
}

function statusDrafts(prev: TrackedService | undefined, next: TrackedService): EntryDraft[] {
  const out: EntryDraft[] = [];
  const becamePending = next.state === 'pending' && (prev?.state !== 'pending' || prev.reason !== next.reason);
  if (becamePending && !TRANSIENT_PENDING.has(next.reasonCode)) out.push(draft('pending', next, { detail: next.reason }));
  // Only a foreign MAC is a conflict worth keeping: two announcers overlap for a moment in every handover.
  if (next.reasonCode === 'foreignMAC' && prev?.reasonCode !== 'foreignMAC') {
    const ip = next.ips.find((i) => next.reason.includes(i)) ?? next.ips[0] ?? null;
    out.push(draft('conflict', next, { ip, node: next.node, detail: next.reason }));
  }
  return out;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The entries for a service going from `prev` to `next` (either may be absent: created or
 * deleted), and the state to remember. A new uid under the same name is a re-created service.
 */
export function diffService(prev: TrackedService | undefined, next: TrackedService | undefined): { drafts: EntryDraft[]; tracked: TrackedService | undefined } {
  if (!next) return { drafts: prev ? released(prev, 'service deleted') : [], tracked: undefined };
  const fresh = { ...next, ipsAnnounced: next.node !== null && next.ips.length > 0 };
  if (!prev) return { drafts: appeared(next, null), tracked: fresh };
  if (prev.uid !== next.uid) return { drafts: [...released(prev, 'service deleted'), ...appeared(next, 're-created service')], tracked: fresh };

  const drafts: EntryDraft[] = [];
  const ipsChanged = !sameSet(prev.ips, next.ips);
  for (const ip of prev.ips) if (!next.ips.includes(ip)) drafts.push(draft('ipReleased', prev, { ip, node: prev.node, detail: next.ips.length ? `changed to ${next.ips.join(', ')}` : null }));
  for (const ip of next.ips) if (!prev.ips.includes(ip)) drafts.push(draft('ipAssigned', next, { ip, detail: prev.ips.length ? `changed from ${prev.ips.join(', ')}` : null }));
  drafts.push(...statusDrafts(prev, next));
  let ipsAnnounced = ipsChanged ? false : prev.ipsAnnounced;
  if (next.node !== prev.node && next.ips.length > 0) {
    const first = !ipsAnnounced && prev.node === null;
    drafts.push(
      draft('announcerChanged', next, {
        ip: next.ips[0],
        node: next.node,
        previousNode: ipsChanged ? null : prev.node,
        detail: first || ipsChanged ? 'first announcer of the IP' : null,
        needsCause: !first && !ipsChanged,
      }),
    );
  }
  if (next.node !== null && next.ips.length > 0) ipsAnnounced = true;
  return { drafts, tracked: { ...next, ipsAnnounced } };
}

export interface PoolSpecFacts {
  addresses: string[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  /** serviceAllocation as JSON, '' without one. */
  allocation: string;
}

/** "created: 10.20.13.15-10.20.13.20", "edited: addresses a → b; autoAssign true → false", "deleted". */
export function describePoolChange(before: PoolSpecFacts | null, after: PoolSpecFacts | null): string | null {
  if (!before && after) return `created: ${after.addresses.join(', ')}`;
  if (before && !after) return `deleted (was ${before.addresses.join(', ')})`;
  if (!before || !after) return null;
  const parts: string[] = [];
  if (before.addresses.join() !== after.addresses.join()) parts.push(`addresses ${before.addresses.join(', ')} → ${after.addresses.join(', ')}`);
  if (before.autoAssign !== after.autoAssign) parts.push(`autoAssign ${before.autoAssign} → ${after.autoAssign}`);
  if (before.avoidBuggyIPs !== after.avoidBuggyIPs) parts.push(`avoidBuggyIPs ${before.avoidBuggyIPs} → ${after.avoidBuggyIPs}`);
  if (before.allocation !== after.allocation) parts.push('serviceAllocation changed');
  return parts.length ? `edited: ${parts.join('; ')}` : null;
}
