import { describe, expect, it } from 'vitest';
import { COMBINED_PREFIX, createEventCorrelator, type EventFacts } from './event-correlator';

const facts = (over: Partial<EventFacts> = {}): EventFacts => ({
  source: 'metallb-controller/host',
  object: 'Service default/web',
  type: 'Normal',
  reason: 'IPAllocated',
  message: 'Assigned IP ["192.0.2.1"]',
  ...over,
});

describe('event correlator', () => {
  it('gives the same event the same key, and another message another key', () => {
    const c = createEventCorrelator();
    const a = c.correlate(facts(), 0);
    expect(a).toMatchObject({ skip: false, combined: false, message: 'Assigned IP ["192.0.2.1"]' });
    expect(c.correlate(facts(), 1000)).toEqual(a);
    const b = c.correlate(facts({ message: 'Assigned IP ["192.0.2.2"]' }), 2000);
    expect(b.skip === false && a.skip === false && b.key !== a.key).toBe(true);
  });

  it('drops an object\'s events past the burst and lets one through per refill period', () => {
    const c = createEventCorrelator({ burst: 3, refillEveryMs: 60_000 });
    const skipped = (t: number, over: Partial<EventFacts> = {}) => c.correlate(facts(over), t).skip;
    expect([0, 1, 2, 3, 4].map((t) => skipped(t))).toEqual([false, false, false, true, true]);
    // Another object (or another source) has a bucket of its own.
    expect(skipped(5, { object: 'Service default/other' })).toBe(false);
    expect(skipped(6, { source: 'metallb-speaker/node-1' })).toBe(false);
    expect(skipped(59_000)).toBe(true);
    expect(skipped(61_000)).toBe(false);
    expect(skipped(62_000)).toBe(true);
  });

  it('combines the 10th similar message within 10 minutes into one event keyed without the message', () => {
    const c = createEventCorrelator();
    const at = (i: number, t: number) => c.correlate(facts({ reason: 'nodeAssigned', message: `announcing from node "n${i}"` }), t);
    for (let i = 0; i < 9; i++) expect(at(i, i * 1000)).toMatchObject({ combined: false });
    const tenth = at(9, 9000);
    const eleventh = at(10, 10_000);
    expect(tenth).toMatchObject({ skip: false, combined: true, message: `${COMBINED_PREFIX}announcing from node "n9"` });
    expect(eleventh).toMatchObject({ combined: true, message: `${COMBINED_PREFIX}announcing from node "n10"` });
    expect(tenth.skip === false && eleventh.skip === false && tenth.key === eleventh.key).toBe(true);
    // Other reasons on the same object are not similar.
    expect(c.correlate(facts({ reason: 'ClearAssignment', message: 'x' }), 11_000)).toMatchObject({ combined: false });
    // After a quiet 10 minutes the similar messages count from zero again.
    expect(at(11, 11_000 + 600_001)).toMatchObject({ combined: false });
  });
});
