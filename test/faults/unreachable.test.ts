// Short form of `npm run faults unreachable`: the API cut off for 5 s under 30 services.
import { expect, it } from 'vitest';
import { runUnreachable } from './unreachable.fault';

it('with the API server unreachable for 5 s the speakers keep announcing and the controller resumes without duplicate work', async () => {
  const report = await runUnreachable(30, 5000);
  expect(report.faults).toBe(1);
  expect(report.violations).toEqual([]);
}, 180_000);
