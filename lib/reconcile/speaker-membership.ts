// Which speakers are alive, from the speaker Leases as this speaker saw them (ironlb's own
// membership; docs/semantics.md "Membership"). Pure: times are local milliseconds passed in.
//
// Two rules keep it honest:
// - Expiry runs on the local clock from when a renewal was *seen*, never from the writer's
//   renewTime, so clock skew between nodes cannot kill a live node (client-go's leader election
//   does the same). A lease seen for the first time counts from its renewTime when that is
//   older, so a lease left behind by a dead node is not revived by a restarting speaker.
// - A lease past its time is only declared expired once some renewal (any lease) was seen after
//   that time: proof that our view is fresh. When the API server goes away nobody renews, so
//   nobody is declared dead and nothing moves; an API outage must not silence every IP.

export interface LeaseSighting {
  node: string;
  /** Empty holder or renewTime: the lease is held by nobody. */
  holder: string | undefined;
  /** spec.renewTime as written (ms since epoch), compared only for change. */
  renewTime: number | undefined;
  durationMs: number;
  /** Local time the current renewTime was first seen. */
  seenAt: number;
}

export interface MembershipState {
  leases: ReadonlyMap<string, LeaseSighting>;
  /** Local time of the latest renewal seen on any lease (proof our view is fresh). */
  lastRenewalSeen: number;
}

export const emptyMembership = (): MembershipState => ({ leases: new Map(), lastRenewalSeen: -Infinity });

export interface LeaseObservation {
  node: string;
  holder?: string;
  renewTime?: number;
  durationMs: number;
}

/** Records a lease add/update; its clock restarts only when renewTime actually moved. */
export function observeLease(state: MembershipState, lease: LeaseObservation, now: number): MembershipState {
  const prev = state.leases.get(lease.node);
  const moved = !prev || prev.renewTime !== lease.renewTime;
  let seenAt = prev?.seenAt ?? now;
  if (moved) seenAt = prev ? now : Math.min(now, lease.renewTime ?? now);
  const leases = new Map(state.leases);
  leases.set(lease.node, {
    node: lease.node,
    holder: lease.holder,
    renewTime: lease.renewTime,
    durationMs: lease.durationMs,
    seenAt,
  });
  const renewed = moved && lease.renewTime !== undefined;
  return {
    leases,
    lastRenewalSeen: renewed ? Math.max(state.lastRenewalSeen, seenAt) : state.lastRenewalSeen,
  };
}

/** A deleted lease is a clean stop: the node is gone at once. */
export function forgetLease(state: MembershipState, node: string): MembershipState {
  if (!state.leases.has(node)) return state;
  const leases = new Map(state.leases);
  leases.delete(node);
  return { ...state, leases };
}

const isHeld = (l: LeaseSighting): boolean => Boolean(l.holder) && l.renewTime !== undefined;

/** Whether `node`'s lease is held at all (a holder and a renewTime), live or not. */
export const holdsLease = (state: MembershipState, node: string): boolean => {
  const l = state.leases.get(node);
  return l !== undefined && isHeld(l);
};

/** Two live sets with the same members. */
export const sameMembers = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a === b || (a.size === b.size && [...a].every((n) => b.has(n)));
const liveUntil = (l: LeaseSighting): number => l.seenAt + l.durationMs;

export type MembershipReason = 'normal' | 'starting' | 'notLive' | 'stale';

export interface MembershipView {
  live: Set<string>;
  /**
   * `normal`: our lease is live. `starting`: our lease is not held (not created yet, or
   * released). `notLive`: our lease expired and others renewed since: they see us dead, so we
   * are. `stale`: some lease is past its time but no renewal arrived since to confirm it:
   * the view is kept as it was.
   */
  reason: MembershipReason;
  /** Earliest local time at which the live set may change by expiry alone, or null. */
  nextExpiry: number | null;
}

/** What every speaker reading the same leases agrees on at `now`: who is live. */
export interface LiveSet {
  live: Set<string>;
  /** Some lease is past its time but no renewal since confirms it (kept live meanwhile). */
  unconfirmed: boolean;
  /** Earliest local time at which the live set may change by expiry alone, or null. */
  nextExpiry: number | null;
}

/** The live set at `now`; it stays the same until a lease changes or `nextExpiry` passes. */
export function decideLive(state: MembershipState, now: number): LiveSet {
  const live = new Set<string>();
  let nextExpiry: number | null = null;
  let unconfirmed = false;
  const confirmedUntil = Math.min(now, state.lastRenewalSeen);
  for (const l of state.leases.values()) {
    if (!isHeld(l)) continue;
    const until = liveUntil(l);
    if (until <= confirmedUntil) continue;
    live.add(l.node);
    if (until > now) nextExpiry = nextExpiry === null ? until : Math.min(nextExpiry, until);
    else unconfirmed = true;
  }
  return { live, unconfirmed, nextExpiry };
}

/** One speaker's standing in a live set decided from `state`. */
export function standingIn(state: MembershipState, decided: LiveSet, self: string): MembershipView {
  let reason: MembershipReason = decided.unconfirmed ? 'stale' : 'normal';
  if (!holdsLease(state, self)) reason = 'starting';
  else if (!decided.live.has(self)) reason = 'notLive';
  return { live: decided.live, reason, nextExpiry: decided.nextExpiry };
}

/** The live set at `now`, as `self` sees it. */
export function decideMembership(state: MembershipState, self: string, now: number): MembershipView {
  return standingIn(state, decideLive(state, now), self);
}
