// `npm run faults disk` runs in full here (it takes a second): a full, read-only or damaged data dir.
import { expect, it } from 'vitest';
import { runDiskFaults } from './disk.fault';

it('a full filesystem fails writes with a 503 that says so, loses nothing and recovers; a read-only or damaged data dir is refused by name', async () => {
  const report = await runDiskFaults();
  expect(report.faults).toBe(5);
  expect(report.violations).toEqual([]);
});
