// Short form of `npm run faults speakers` (root, network namespaces): 3 kill -9 cycles and 4 s of link flapping.
import { expect, it } from 'vitest';
import { runSpeakerFaults } from './speakers.fault';

it('speakers killed -9 three times and a flapping link leave exactly one MAC answering each VIP', async () => {
  const report = await runSpeakerFaults(3, 4);
  expect(report.faults).toBe(7);
  expect(report.violations).toEqual([]);
}, 240_000);
