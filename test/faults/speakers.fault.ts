// Real speaker processes in network namespaces, broken on purpose: killed -9 and restarted in
// cycles, and the announcing node's link flapping down and up every second. After each step,
// exactly one MAC answers ARP for each VIP on the LAN (arping from a client namespace).
import { type Violation } from '../../lib/invariants/check';
import { SpeakerLab } from '../speaker/netns-lab';
import { createAdvertisement, createLoadBalancer, createNode, createPool, setEndpoints, waitFor } from '../speaker/support';
import { run } from '../netns/support/shell';
import { randomBelow, Tally, type FaultReport } from './support/scenario';

const NODES = ['node-1', 'node-2', 'node-3'];
const VIPS = ['203.0.113.1', '203.0.113.2'];

async function setUp(): Promise<SpeakerLab> {
  const lab = await SpeakerLab.create({ nodes: NODES.length, extraHosts: [] });
  for (const n of NODES) await createNode(lab.kube, n);
  await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
  await createAdvertisement(lab.kube, 'l2', {});
  for (const [i, vip] of VIPS.entries()) {
    for (const n of NODES) await lab.topo.addVip(lab.host(n), vip);
    await createLoadBalancer(lab.kube, `web-${i}`, [vip], { pool: 'vips' });
    await setEndpoints(lab.kube, `web-${i}`, NODES);
  }
  for (const n of NODES) lab.startSpeaker(n);
  await lab.waitForMembers(NODES);
  return lab;
}

/** The MACs answering a broadcast ARP request for each VIP from the client. */
async function answers(lab: SpeakerLab): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const vip of VIPS) out.set(vip, (await lab.topo.arping(lab.topo.client, vip, { count: 2 })).map((r) => r.mac));
  return out;
}

/** Waits until every VIP has exactly one announcer by the speakers' own reports, then asks the LAN. */
async function settleAndCheck(lab: SpeakerLab, tally: Tally, step: string): Promise<Violation[]> {
  await waitFor(`one announcer per VIP after ${step}`, async () => {
    const counts = await Promise.all(VIPS.map(async (v) => (await lab.announcersOf(v)).length));
    return counts.every((c) => c === 1) ? true : undefined;
  }, 30_000).catch(() => undefined); // the LAN check below reports what is wrong
  return tally.check(step, { now: { services: [], pools: [] }, answers: await answers(lab) });
}

async function killCycles(lab: SpeakerLab, tally: Tally, cycles: number) {
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
}

/** Flaps the announcer's link every second; during the flapping no VIP may be answered by two MACs. */
async function flapLink(lab: SpeakerLab, tally: Tally, seconds: number) {
  const [node] = await lab.announcersOf(VIPS[0]);
  const host = lab.host(node ?? NODES[0]);
  for (let s = 0; s < seconds; s++) {
    const state = s % 2 === 0 ? 'down' : 'up';
    await run(['ip', '-n', host.netns, 'link', 'set', host.ifname, state]);
    tally.faults++;
    const started = Date.now();
    for (const [vip, macs] of await answers(lab)) {
      if (new Set(macs).size > 1) tally.record('answerers', vip, `answered by ${[...new Set(macs)].join(', ')} while ${host.name}'s link flapped (${state})`);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
  }
  await run(['ip', '-n', host.netns, 'link', 'set', host.ifname, 'up']);
  await lab.waitForMembers(NODES);
  await settleAndCheck(lab, tally, `${seconds} s of link flapping on ${host.name}`);
}

export async function runSpeakerFaults(cycles: number, flapSeconds: number): Promise<FaultReport> {
  const lab = await setUp();
  const tally = new Tally();
  try {
    await settleAndCheck(lab, tally, 'the start');
    await killCycles(lab, tally, cycles);
    if (flapSeconds > 0) await flapLink(lab, tally, flapSeconds);
  } finally {
    await lab.destroy();
  }
  return {
    title: 'Speakers killed -9 and restarted; a link flapping (network namespaces)',
    did: `Three real speaker processes (AF_PACKET) in network namespaces on one bridge, two LoadBalancer VIPs (${VIPS.join(', ')}) with endpoints on every node. ${cycles} cycles: a speaker (two in three times the current announcer of a VIP) killed -9 and started again. Then the announcing node's link set down and up every second for ${flapSeconds} s.`,
    checked: 'After each cycle, once the speakers report themselves live and one announcer per VIP: a broadcast ARP request (arping -b, 2 probes) from a client namespace for each VIP is answered by exactly one MAC. Each second of the flapping: no VIP answered by two MACs; after it, exactly one again.',
    faults: tally.faults,
    violations: tally.violations,
    rows: [{ name: 'LAN checks (arping per VIP)', value: tally.checks * VIPS.length }],
    notes: 'A node clock stepped by ±1 h is not run: network namespaces do not isolate CLOCK_REALTIME (time namespaces offset only the monotonic and boot clocks), so a real step would move every process on the machine, and a test-only clock offset would go into the speaker\'s membership clock, which the LAN-heartbeat membership work is replacing. The Lease membership judges a renewal by when this speaker saw it (not by the writer\'s renewTime), except at the first sighting, so a stepped clock matters at most until the next renewal.',
  };
}

export default () => runSpeakerFaults(100, 60);
