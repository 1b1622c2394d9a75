import { describe, expect, it } from 'vitest';
import { restStart, type CpuWindow } from './rest';

const windows = (...shares: number[]): CpuWindow[] => shares.map((share, i) => ({ startMs: i * 3000, share }));
const rule = { threshold: 0.05, inRow: 3 };

describe('restStart', () => {
  it.each([
    { name: 'at rest from the first of three quiet windows, not when the third ended', shares: [0.9, 0.5, 0.03, 0.04, 0.02], want: 2 },
    { name: 'a busy window (a burst of Lease renewals) starts the run again', shares: [0.03, 0.04, 0.3, 0.03, 0.02, 0.04], want: 3 },
    { name: 'not at rest while no run is long enough', shares: [0.03, 0.04, 0.3, 0.03, 0.04], want: null },
    { name: 'exactly at the threshold is not under it', shares: [0.05, 0.05, 0.05], want: null },
  ])('$name', ({ shares, want }) => {
    expect(restStart(windows(...shares), rule)).toBe(want);
  });
});
