// Short form of `npm run faults slow-api`: 40 services through an API that answers 300 ms late.
import { expect, it } from 'vitest';
import { runSlowApi } from './slow-api.fault';

it('with 300 ms added to every API answer, 40 services converge once each, with nothing timed out or written twice', async () => {
  const report = await runSlowApi(40, 300);
  expect(report.faults).toBeGreaterThan(0);
  expect(report.violations).toEqual([]);
}, 180_000);
