// Short form of `npm run faults controller-kill`: 300 services, 3 kills -9 of the controller.
import { expect, it } from 'vitest';
import { runControllerKills } from './controller-kill.fault';

it('a controller killed -9 three times while 300 services converge moves no IP and converges', async () => {
  const report = await runControllerKills(300, 3, 1500);
  expect(report.faults).toBe(3);
  expect(report.violations).toEqual([]);
}, 120_000);
