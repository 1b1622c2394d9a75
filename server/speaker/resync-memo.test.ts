import { describe, expect, it } from 'vitest';
import type { InformerStats } from '../kube/informer';
import { createRoundMemo, roundInputs } from './resync-memo';
import type { SpeakerSources } from './sources';

function fakeSources(changes: Record<string, number>): SpeakerSources {
  const informer = (kind: string) => ({ stats: (): InformerStats => ({ lists: 1, watches: 1, errors: 0, resourceVersion: '1', changes: changes[kind] ?? 1 }) });
  const kinds = ['services', 'endpointslices', 'nodes', 'ipaddresspools', 'l2advertisements', 'servicel2statuses', 'leases'];
  return { informers: Object.fromEntries(kinds.map((k) => [k, informer(k)])) } as unknown as SpeakerSources;
}

describe('roundInputs', () => {
  const base = roundInputs(fakeSources({}), new Set(['a', 'b']), [1, 2]);
  it.each([
    ['a Service changed', fakeSources({ services: 2 }), new Set(['a', 'b']), [1, 2]],
    ['an EndpointSlice changed', fakeSources({ endpointslices: 2 }), new Set(['a', 'b']), [1, 2]],
    ['a node went silent on the LAN', fakeSources({}), new Set(['a']), [1, 2]],
    ['a speaker ran a pass', fakeSources({}), new Set(['a', 'b']), [1, 3]],
  ])('differ when %s', (_, sources, live, versions) => {
    expect(roundInputs(sources, live, versions)).not.toBe(base);
  });

  it.each([
    ['a speaker Lease was renewed', fakeSources({ leases: 9 })],
    ['a status was written', fakeSources({ servicel2statuses: 9 })],
  ])('stay the same when %s (no decision reads it)', (_, sources) => {
    expect(roundInputs(sources, new Set(['b', 'a']), [1, 2])).toBe(base);
  });

  it('are unknown when a target cannot say its wire version', () => {
    expect(roundInputs(fakeSources({}), new Set(), [1, undefined])).toBeNull();
  });
});

describe('createRoundMemo', () => {
  it('skips a round only after a clean one with the same inputs', () => {
    const memo = createRoundMemo(12);
    expect(memo.canSkip('x')).toBe(false);
    memo.ran('x', false); // a target was starting: not proof of anything
    expect(memo.canSkip('x')).toBe(false);
    memo.ran('x', true);
    expect(memo.canSkip('x')).toBe(true);
    expect(memo.canSkip('y')).toBe(false);
    expect(memo.canSkip(null)).toBe(false);
  });

  it('runs every fullEvery-th round in full even when nothing changed', () => {
    const memo = createRoundMemo(4);
    memo.ran('x', true);
    const rounds = Array.from({ length: 8 }, () => {
      const skip = memo.canSkip('x');
      if (!skip) memo.ran('x', true);
      return skip;
    });
    expect(rounds).toEqual([true, true, true, false, true, true, true, false]);
  });
});
