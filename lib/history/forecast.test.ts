import { describe, expect, it } from 'vitest';
import { allocationRatePerDay, DAY_MS, describeForecast, forecastExhaustion, secondsToExhaustion } from './forecast';
import type { UsagePoint } from './types';

const NOW = Date.parse('2026-06-01T00:00:00Z');
/** One sample a day for `days` days up to now, starting at `start` and growing by `perDay`. */
const daily = (days: number, start: number, perDay: number, size = 100): UsagePoint[] =>
  Array.from({ length: days + 1 }, (_, i) => ({ at: NOW - (days - i) * DAY_MS, used: start + i * perDay, size }));

describe('forecastExhaustion', () => {
  it.each([
    { name: 'steady growth of 2 a day, 40 left', samples: daily(7, 46, 2), size: 100, used: 60, rate: 2, inDays: 20 },
    { name: 'no change in a week', samples: daily(7, 10, 0), size: 100, used: 10, rate: 0, inDays: null },
    { name: 'a draining pool', samples: daily(7, 50, -3), size: 100, used: 29, rate: -3, inDays: null },
    { name: 'under an hour of data', samples: [{ at: NOW - 60_000, used: 1, size: 6 }], size: 6, used: 2, rate: 0, inDays: null },
    { name: 'no data at all', samples: [], size: 6, used: 2, rate: 0, inDays: null },
  ])('$name', ({ samples, size, used, rate, inDays }) => {
    const f = forecastExhaustion({ pool: 'p', size, used, samples, now: NOW });
    expect(f.ratePerDay).toBeCloseTo(rate, 0);
    if (inDays === null) expect(f.exhaustedAt).toBeNull();
    else expect((Date.parse(f.exhaustedAt!) - NOW) / DAY_MS).toBeCloseTo(inDays, 0);
  });

  it('a full pool is exhausted now, whatever the rate', () => {
    const f = forecastExhaustion({ pool: 'my-ip-space', size: 6, used: 6, samples: daily(3, 6, 0, 6), now: NOW });
    expect(f.exhaustedAt).toBe(new Date(NOW).toISOString());
    expect(secondsToExhaustion(f, NOW)).toBe(0);
    expect(describeForecast(f, NOW)).toBe('full now');
  });

  it('an IPv6 pool too large for a number gets no date', () => {
    const f = forecastExhaustion({ pool: 'v6', size: 2 ** 64, used: 490, samples: daily(7, 0, 70, 2 ** 64), now: NOW });
    expect(Math.abs(f.ratePerDay - 70) / 70).toBeLessThan(0.03); // daily steps, read as a staircase
    expect(f.exhaustedAt).toBeNull();
    expect(secondsToExhaustion(f, NOW)).toBe(Number.POSITIVE_INFINITY);
  });

  it('weighs time, not samples: a burst of samples an hour ago does not outweigh a flat week', () => {
    const flat = daily(7, 10, 0);
    const burst = Array.from({ length: 500 }, (_, i) => ({ at: NOW - 3_600_000 + i * 1000, used: 10 + (i % 2), size: 100 }));
    expect(Math.abs(allocationRatePerDay([...flat, ...burst], 10, NOW))).toBeLessThan(0.5);
  });

  it('says it in words', () => {
    const f = forecastExhaustion({ pool: 'p', size: 100, used: 60, samples: daily(7, 46, 2), now: NOW });
    expect(describeForecast(f, NOW)).toBe('full in 20 days');
    expect(describeForecast({ ...f, exhaustedAt: null }, NOW)).toBe('not full at this rate');
  });
});
