// The announcing node's link flapping down and up every second (real speakers in network
// namespaces): no VIP is ever answered by two MACs, and once the link stays up, exactly one.
import { run } from '../netns/support/shell';
import { Tally, type FaultReport } from './support/scenario';
import { answers, NODES, settleAndCheck, startVipLab, VIPS } from './support/vip-lab';

export async function runLinkFlap(seconds: number): Promise<FaultReport> {
  const lab = await startVipLab();
  const tally = new Tally();
  let probes = 0;
  try {
    await settleAndCheck(lab, tally, 'the start');
    const [node] = await lab.announcersOf(VIPS[0]);
    const host = lab.host(node ?? NODES[0]);
    let down = false;
    const flapping = (async () => {
      const t0 = Date.now();
      for (let s = 1; s <= seconds; s++) {
        down = !down;
        await run(['ip', '-n', host.netns, 'link', 'set', host.ifname, down ? 'down' : 'up']);
        tally.faults++;
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now())));
      }
      await run(['ip', '-n', host.netns, 'link', 'set', host.ifname, 'up']);
    })();
    let flapped = false;
    void flapping.then(() => (flapped = true));
    while (!flapped) {
      probes++;
      for (const [vip, macs] of await answers(lab, 1)) {
        if (new Set(macs).size > 1) tally.record('answerers', vip, `answered by ${[...new Set(macs)].join(', ')} while ${host.name}'s link flapped`);
      }
    }
    await flapping;
    await lab.waitForMembers(NODES);
    await settleAndCheck(lab, tally, `${seconds} s of link flapping on ${host.name}`);
    return {
      title: 'A link flapping every second (network namespaces)',
      did: `The same three speakers and two VIPs as the kill scenario; the link of the node announcing ${VIPS[0]} (${host.name}) set down and up, alternately, every second for ${seconds} s.`,
      checked: 'Throughout, back to back: a broadcast ARP request for each VIP (2 probes, 1 s deadline) is never answered by two MACs. After the link stays up: exactly one MAC per VIP.',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'ARP probes of both VIPs during the flapping', value: probes }],
      notes: 'While the link is down its peers stop hearing its LAN heartbeats and take its VIPs over within the heartbeat timeout; when it comes back it rejoins (a new proof of freshness) and takes back what the election gives it. Never two MACs at once.',
    };
  } finally {
    await lab.destroy();
  }
}

export default () => runLinkFlap(60);
