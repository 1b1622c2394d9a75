import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  const cases = [
    { name: 'first retry waits between half and all of the base', attempt: 0, random: 0, want: 100 },
    { name: 'first retry with full jitter waits the base', attempt: 0, random: 0.999999, want: 200 },
    { name: 'doubles each attempt', attempt: 3, random: 0, want: 800 },
    { name: 'never exceeds the cap', attempt: 20, random: 0.999999, want: 30_000 },
    { name: 'huge attempt counts do not overflow', attempt: 5000, random: 0, want: 15_000 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(backoffDelay({ baseMs: 200, capMs: 30_000, random: () => c.random }, c.attempt)).toBe(c.want);
    });
  }
});

describe('sleep', () => {
  it('returns false at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await sleep(60_000, ac.signal)).toBe(false);
  });
  it('returns false when aborted while waiting', async () => {
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    expect(await p).toBe(false);
  });
  it('returns true when the time passed', async () => {
    expect(await sleep(1)).toBe(true);
  });
});
