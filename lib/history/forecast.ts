// The exhaustion forecast of a pool: the allocation rate over a window (a least-squares slope of
// the pool's used count over time) and when the pool is full at that rate. Pure: time comes in.
import type { PoolForecast, UsagePoint } from './types';
import { partitionPoint } from '../partition-point';

export const DAY_MS = 86_400_000;
/** The window the rate is measured over: a week smooths daily rhythms out. */
export const FORECAST_WINDOW_MS = 7 * DAY_MS;
/** Under an hour of data says nothing about a rate. */
export const MIN_SPAN_MS = 3_600_000;
/** The step function is read at this many evenly spaced times (time-weighted, however sparse the samples). */
const STEPS = 240;
/** A rate below this (per day) is noise, not a trend: "not at this rate". */
const MIN_RATE_PER_DAY = 1e-3;
/** Forecasts beyond this are not worth a date. */
const HORIZON_MS = 100 * 365 * DAY_MS;

export interface ForecastInput {
  pool: string;
  size: number;
  used: number;
  /** Utilisation samples, oldest first; the used count holds from each sample to the next. */
  samples: readonly UsagePoint[];
  now: number;
  windowMs?: number;
}

/** The used count at `t` on the step function the samples describe (the first sample before it). */
function usedAt(samples: readonly UsagePoint[], t: number, fallback: number): number {
  const found = partitionPoint(samples.length, (i) => samples[i].at > t) - 1;
  return found < 0 ? fallback : samples[found].used;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The net allocation rate per day over the window, 0 without enough data. */
export function allocationRatePerDay(samples: readonly UsagePoint[], used: number, now: number, windowMs = FORECAST_WINDOW_MS): number {
  const inWindow = samples.filter((s) => s.at <= now);
  if (inWindow.length === 0) return 0;
  const start = Math.max(now - windowMs, inWindow[0].at);
  if (now - start < MIN_SPAN_MS) return 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= STEPS; i++) {
    const t = start + ((now - start) * i) / STEPS;
    xs.push((t - start) / DAY_MS);
    ys.push(i === STEPS ? used : usedAt(inWindow, t, inWindow[0].used));
  }
  return slope(xs, ys);
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

export function forecastExhaustion(input: ForecastInput): PoolForecast {
  const { pool, size, used, now } = input;
  const rate = allocationRatePerDay(input.samples, used, now, input.windowMs);
  const base = { pool, size, used, ratePerDay: round(rate) };
  if (size > 0 && used >= size) return { ...base, exhaustedAt: new Date(now).toISOString() };
  if (!Number.isSafeInteger(size) || rate < MIN_RATE_PER_DAY) return { ...base, exhaustedAt: null };
  const ms = ((size - used) / rate) * DAY_MS;
  if (ms > HORIZON_MS) return { ...base, exhaustedAt: null };
  return { ...base, exhaustedAt: new Date(now + ms).toISOString() };
}

/** Seconds until the pool is full at this rate (0 when full, Infinity when not at this rate). */
export function secondsToExhaustion(f: PoolForecast, now: number): number {
  if (!f.exhaustedAt) return Number.POSITIVE_INFINITY;
  return Math.max(0, (Date.parse(f.exhaustedAt) - now) / 1000);
}

/** "full in 9 days", "full in 5 hours", "full now", "not at this rate". */
export function describeForecast(f: PoolForecast, now: number): string {
  if (!f.exhaustedAt) return 'not full at this rate';
  const s = secondsToExhaustion(f, now);
  if (s <= 0) return 'full now';
  if (s < 7_200) return `full in ${Math.max(1, Math.round(s / 60))} minutes`;
  if (s < 2 * 86_400) return `full in ${Math.round(s / 3_600)} hours`;
  return `full in ${Math.round(s / 86_400)} days`;
}
