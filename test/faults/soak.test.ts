// Short form of `npm run faults soak`: one minute of churn at 10 changes/s with the dashboard open
// in Chromium (needs a build; the full soak is an hour). The growth slopes are reported, not judged.
import { expect, it } from 'vitest';
import { runSoak, slope } from './soak.fault';

it('slope is the least-squares line through the points', () => {
  expect(slope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])).toBe(2);
  expect(slope([{ x: 0, y: 4 }])).toBe(0);
});

it('a minute of churn at 10 changes/s with the dashboard open keeps every invariant', async () => {
  const report = await runSoak(1);
  expect(report.faults).toBeGreaterThan(400);
  expect(report.violations).toEqual([]);
}, 240_000);
