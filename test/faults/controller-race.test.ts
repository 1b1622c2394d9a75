// Short form of `npm run faults controller-race`: 20 s of churn, a controller killed -9 every 5 s.
import { expect, it } from 'vitest';
import { runControllerRace } from './controller-race.fault';

it('two controllers racing for the Lease under churn, one killed -9 every 5 s, never break an invariant', async () => {
  const report = await runControllerRace(20, 5000);
  expect(report.faults).toBeGreaterThanOrEqual(3);
  expect(report.violations).toEqual([]);
}, 180_000);
