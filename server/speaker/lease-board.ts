// The speaker Leases as this process sees them, and the live set decided from them once for
// every speaker reading them. A real speaker has a board of its own; the embedded cluster's
// simulated speakers share one: at 103 nodes renewing every 500 ms that is 206 renewals a
// second, and 103 speakers each replaying every one of them took a whole core.
import { readLease, type LeaseObject } from '../kube';
import {
  decideLive,
  emptyMembership,
  forgetLease,
  holdsLease,
  observeLease,
  sameMembers,
  standingIn,
  type LiveSet,
  type MembershipState,
  type MembershipView,
} from '../../lib/reconcile/speaker-membership';
import { LEASE_NAME_PREFIX, LEASE_NODE_LABEL, type SourceChange, type SpeakerSources } from './sources';
import { monotonicNow } from './transport/clock';

export interface LeaseBoard {
  /** `node`'s view of the membership now. */
  view(node: string): MembershipView;
  /** Called after every lease change and when a lease's time runs out. */
  subscribe(listener: () => void): () => void;
  close(): void;
}

/** The node a speaker Lease belongs to: its label, else its name without the prefix. */
export function leaseNode(lease: { metadata: { name?: string; labels?: Record<string, string> } }): string | undefined {
  const label = lease.metadata.labels?.[LEASE_NODE_LABEL];
  if (label) return label;
  const name = lease.metadata.name ?? '';
  return name.startsWith(LEASE_NAME_PREFIX) ? name.slice(LEASE_NAME_PREFIX.length) : undefined;
}

export function createLeaseBoard(sources: SpeakerSources, now: () => number = monotonicNow): LeaseBoard {
  let state: MembershipState = emptyMembership();
  /** The latest decision, valid from `at` until a lease changes or its nextExpiry passes. */
  let decided: { at: number; live: LiveSet; fresh: boolean } | null = null;
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const listeners = new Set<() => void>();

  const liveAt = (t: number): LiveSet => {
    const d = decided;
    if (d?.fresh && t >= d.at && (d.live.nextExpiry === null || t < d.live.nextExpiry)) return d.live;
    const next = decideLive(state, t);
    // Unchanged members keep the same Set, so a speaker compares views without walking it.
    const live = d && sameMembers(d.live.live, next.live) ? { ...next, live: d.live.live } : next;
    decided = { at: t, live, fresh: true };
    return live;
  };

  /**
   * After a lease event or an expiry: decide again, and tell the speakers only when what they
   * see moved (the live set, its confirmation, or whether some lease is held at all): a renewal
   * that changes none of it, nearly every one, costs them nothing.
   */
  const changed = (heldMoved: boolean) => {
    const before = decided?.live;
    if (decided) decided.fresh = false;
    const at = now();
    const after = liveAt(at);
    clearTimeout(expiry);
    expiry = after.nextExpiry !== null && !closed ? setTimeout(() => changed(false), Math.max(1, after.nextExpiry - at + 1)) : undefined;
    if (heldMoved || !before || before.live !== after.live || before.unconfirmed !== after.unconfirmed) {
      for (const listener of listeners) listener();
    }
  };

  const observe = (change: SourceChange, notify: boolean) => {
    if (change.kind !== 'leases') return;
    const node = leaseNode(change.event.object);
    if (!node) return;
    const heldBefore = holdsLease(state, node);
    if (change.event.type === 'deleted') state = forgetLease(state, node);
    else {
      const v = readLease(change.event.object as LeaseObject);
      state = observeLease(state, { node, holder: v.holder, renewTime: v.renewTime?.getTime(), durationMs: v.durationMs }, now());
    }
    if (notify) changed(heldBefore !== holdsLease(state, node));
  };

  const off = sources.subscribe((change) => observe(change, true));
  for (const object of sources.informers.leases.list()) observe({ kind: 'leases', event: { type: 'added', key: '', object } }, false);
  changed(true);

  return {
    view: (node) => standingIn(state, liveAt(now()), node),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      closed = true;
      off();
      clearTimeout(expiry);
      listeners.clear();
    },
  };
}
