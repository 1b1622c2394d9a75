// Short form of `npm run faults apiserver-kill`: 3 kills -9 under load from 4 clients lose nothing acknowledged.
import { expect, it } from 'vitest';
import { runApiServerKills } from './apiserver-kill.fault';

it('the API server killed -9 three times under write load keeps every acknowledged write', async () => {
  const report = await runApiServerKills(3, 4);
  expect(report.faults).toBe(3);
  expect(report.violations).toEqual([]);
});
