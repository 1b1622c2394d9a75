import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './throttle';

const options = { freeFailures: 3, baseBlockMs: 1_000, maxBlockMs: 8_000, forgetAfterMs: 60_000, maxKeys: 3 };

function failTimes(t: FailureThrottle, key: string, n: number, now = 0) {
  for (let i = 0; i < n; i++) t.recordFailure(key, now);
}

describe('FailureThrottle', () => {
  it.each([
    { failures: 3, blocked: false, retry: 0, why: 'the free failures do not block' },
    { failures: 4, blocked: true, retry: 1_000, why: 'the first failure over the limit blocks for the base time' },
    { failures: 5, blocked: true, retry: 2_000, why: 'each further failure doubles the block' },
    { failures: 20, blocked: true, retry: 8_000, why: 'the block never exceeds the maximum' },
  ])('$failures failures: $why', ({ failures, blocked, retry }) => {
    const t = new FailureThrottle(options);
    failTimes(t, 'alice', failures);
    const verdict = t.check('alice', 0);
    expect(verdict.allowed).toBe(!blocked);
    if (!verdict.allowed) expect(verdict.retryAfterMs).toBe(retry);
  });

  it('lets the key try again once the block has passed', () => {
    const t = new FailureThrottle(options);
    failTimes(t, 'alice', 4);
    expect(t.check('alice', 999).allowed).toBe(false);
    expect(t.check('alice', 1_000).allowed).toBe(true);
  });

  it('blocks one key without touching another', () => {
    const t = new FailureThrottle(options);
    failTimes(t, 'alice', 10);
    expect(t.check('bob', 0).allowed).toBe(true);
  });

  it('forgets a success', () => {
    const t = new FailureThrottle(options);
    failTimes(t, 'alice', 3);
    t.recordSuccess('alice');
    failTimes(t, 'alice', 3);
    expect(t.check('alice', 0).allowed).toBe(true);
  });

  it('forgets old failures after the quiet period', () => {
    const t = new FailureThrottle(options);
    failTimes(t, 'alice', 3, 0);
    failTimes(t, 'alice', 1, 60_001);
    expect(t.check('alice', 60_001).allowed).toBe(true);
  });

  it('keeps at most maxKeys entries, dropping the oldest', () => {
    const t = new FailureThrottle(options);
    for (const key of ['a', 'b', 'c', 'd', 'e']) t.recordFailure(key, 0);
    expect(t.size()).toBe(3);
  });
});
