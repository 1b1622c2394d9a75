// Real speaker processes in network namespaces killed -9 and restarted in cycles: after each,
// exactly one MAC answers ARP for each VIP on the LAN (arping from a client namespace).
import { randomBelow, Tally, type FaultReport } from './support/scenario';
import { NODES, settleAndCheck, startVipLab, VIPS } from './support/vip-lab';

export async function runSpeakerKills(cycles: number): Promise<FaultReport> {
  const lab = await startVipLab();
  const tally = new Tally();
  try {
    await settleAndCheck(lab, tally, 'the start');
    for (let c = 1; c <= cycles; c++) {
      // Mostly the announcer of a VIP (the interesting one), sometimes any node.
      const announcers = await lab.announcersOf(VIPS[c % VIPS.length]);
      const node = announcers.length > 0 && c % 3 !== 0 ? announcers[0] : NODES[randomBelow(NODES.length)];
      await lab.stopSpeaker(node, 'SIGKILL');
      tally.faults++;
      lab.startSpeaker(node);
      await lab.waitForMembers(NODES);
      await settleAndCheck(lab, tally, `kill -9 ${c} of ${node}'s speaker`);
    }
  } finally {
    await lab.destroy();
  }
  return {
    title: 'Speakers killed -9 and restarted (network namespaces)',
    did: `Three real speaker processes (AF_PACKET) in network namespaces on one bridge, two LoadBalancer VIPs (${VIPS.join(', ')}) with endpoints on every node. ${cycles} cycles: a speaker (two in three times the current announcer of a VIP) killed -9 and started again.`,
    checked: 'After each cycle, once the speakers report themselves live and one announcer per VIP: a broadcast ARP request (arping -b, 2 probes) from a client namespace for each VIP is answered by exactly one MAC.',
    faults: tally.faults,
    violations: tally.violations,
    rows: [{ name: 'LAN checks (arping per VIP)', value: tally.checks * VIPS.length }],
    notes: 'A node\'s clock stepped by ±1 h is its own scenario (clock-step.fault.ts) on the virtual LAN: network namespaces do not isolate CLOCK_REALTIME (time namespaces offset only the monotonic and boot clocks), so a real step here would move every process on the machine.',
  };
}

export default () => runSpeakerKills(100);
