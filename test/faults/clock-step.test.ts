// Short form of `npm run faults clock-step`: one step forward and back, one kill.
import { expect, it } from 'vitest';
import { runClockStep } from './clock-step.fault';

it("a node's clock stepped an hour forward and back moves no IP, stops no Lease renewal, and a killed announcer is still replaced", async () => {
  const report = await runClockStep(1);
  expect(report.faults).toBe(2);
  expect(report.violations).toEqual([]);
}, 120_000);
