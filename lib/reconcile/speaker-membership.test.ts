import { describe, expect, it } from 'vitest';
import {
  decideMembership,
  emptyMembership,
  forgetLease,
  observeLease,
  type MembershipState,
} from './speaker-membership';

const D = 2000;
type Step = { at: number; node: string; renew?: number; gone?: boolean; holder?: string };

/** Replays lease sightings (renew = the writer's renewTime) and returns the state. */
function replay(steps: Step[]): MembershipState {
  let s = emptyMembership();
  for (const st of steps) {
    s = st.gone
      ? forgetLease(s, st.node)
      : observeLease(
          s,
          { node: st.node, holder: st.holder ?? st.node, renewTime: st.renew ?? st.at, durationMs: D },
          st.at,
        );
  }
  return s;
}
/** a, b, c renew every 500 ms from t=0 until `until` (per node). */
function renewals(until: Record<string, number>): Step[] {
  const steps: Step[] = [];
  for (let t = 0; t <= Math.max(...Object.values(until)); t += 500) {
    for (const [node, end] of Object.entries(until)) if (t <= end) steps.push({ at: t, node });
  }
  return steps.sort((x, y) => x.at - y.at);
}
const live = (s: MembershipState, self: string, now: number) =>
  [...decideMembership(s, self, now).live].sort();

describe('speaker membership from leases', () => {
  it('three speakers renewing: all live', () => {
    expect(live(replay(renewals({ a: 5000, b: 5000, c: 5000 })), 'a', 5100)).toEqual(['a', 'b', 'c']);
  });

  it('a crashed speaker drops out once its lease runs out and someone else renewed after that', () => {
    const steps = renewals({ a: 6000, b: 6000, c: 3000 });
    const at = (t: number, seenUpTo = t) => live(replay(steps.filter((s) => s.at <= seenUpTo)), 'a', t);
    expect(at(4900)).toEqual(['a', 'b', 'c']); // c last renewed at 3000: live until 5000
    expect(at(5050, 4999)).toEqual(['a', 'b', 'c']); // past its time, but no renewal seen since
    expect(at(5050)).toEqual(['a', 'b']); // a and b renewed at 5000: c is confirmed dead
  });

  it('a deleted lease (clean stop) is gone at once', () => {
    const s = replay([...renewals({ a: 1000, b: 1000 }), { at: 1001, node: 'b', gone: true }]);
    expect(live(s, 'a', 1002)).toEqual(['a']);
  });

  it('API outage: nobody renews, so nobody is declared dead and the view is stale', () => {
    const s = replay(renewals({ a: 3000, b: 3000, c: 3000 }));
    const view = decideMembership(s, 'a', 60_000);
    expect([...view.live].sort()).toEqual(['a', 'b', 'c']);
    expect(view.reason).toBe('stale');
  });

  it('our own renewals stopped while others go on: we are not live', () => {
    const s = replay(renewals({ a: 1000, b: 6000 }));
    expect(decideMembership(s, 'a', 6100).reason).toBe('notLive');
  });

  it('before our lease is seen we are starting', () => {
    expect(decideMembership(replay(renewals({ b: 1000 })), 'a', 1100).reason).toBe('starting');
  });

  it('a lease left behind long ago is dead on first sight', () => {
    const s = replay([
      { at: 100_000, node: 'old', renew: 10_000 },
      { at: 100_000, node: 'a', renew: 100_000 },
    ]);
    expect(live(s, 'a', 100_001)).toEqual(['a']);
  });

  it('clock skew: a writer 10 s behind is live for a full duration from when we saw it', () => {
    const s = replay([
      { at: 50_000, node: 'a' },
      { at: 50_000, node: 'b', renew: 40_000 },
      { at: 50_500, node: 'b', renew: 40_500 },
      { at: 50_500, node: 'a' },
    ]);
    expect(live(s, 'a', 52_000)).toEqual(['a', 'b']);
  });

  it('a lease with no holder does not count', () => {
    const s = replay([
      { at: 0, node: 'a' },
      { at: 0, node: 'b', holder: '' },
    ]);
    expect(live(s, 'a', 10)).toEqual(['a']);
  });

  it('reports when the live set next changes by expiry', () => {
    const s = replay([
      { at: 0, node: 'a' },
      { at: 300, node: 'b' },
    ]);
    expect(decideMembership(s, 'a', 400).nextExpiry).toBe(2000);
  });
});
