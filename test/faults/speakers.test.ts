// Short forms of `npm run faults speakers` and `link-flap` (root, network namespaces).
import { expect, it } from 'vitest';
import { runLinkFlap } from './link-flap.fault';
import { runSpeakerKills } from './speakers.fault';

it('speakers killed -9 three times leave exactly one MAC answering each VIP', async () => {
  const report = await runSpeakerKills(3);
  expect(report.faults).toBe(3);
  expect(report.violations).toEqual([]);
}, 240_000);

it('a link flapping every second for 6 s never has two MACs answer a VIP, and one after', async () => {
  const report = await runLinkFlap(6);
  expect(report.faults).toBe(6);
  expect(report.violations).toEqual([]);
}, 240_000);
