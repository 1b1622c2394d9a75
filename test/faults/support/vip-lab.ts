// Three real speaker processes in network namespaces (SpeakerLab) announcing two VIPs, and the LAN
// check the speaker fault scenarios share: a broadcast ARP request from the client for each VIP.
import type { Violation } from '../../../lib/invariants/check';
import { SpeakerLab } from '../../speaker/netns-lab';
import { createAdvertisement, createLoadBalancer, createNode, createPool, setEndpoints, waitFor } from '../../speaker/support';
import type { Tally } from './scenario';

export const NODES = ['node-1', 'node-2', 'node-3'];
export const VIPS = ['203.0.113.1', '203.0.113.2'];

export async function startVipLab(): Promise<SpeakerLab> {
  const lab = await SpeakerLab.create({ nodes: NODES.length, extraHosts: [] });
  try {
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
  } catch (e) {
    await lab.destroy();
    throw e;
  }
}

/** The MACs answering a broadcast ARP request (2 probes, `deadlineS`) for each VIP from the client. */
export async function answers(lab: SpeakerLab, deadlineS = 3): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await Promise.all(VIPS.map(async (vip) => out.set(vip, (await lab.topo.arping(lab.topo.client, vip, { count: 2, deadlineS })).map((r) => r.mac))));
  return out;
}

/** Waits until every VIP has exactly one announcer by the speakers' own reports, then asks the LAN. */
export async function settleAndCheck(lab: SpeakerLab, tally: Tally, step: string): Promise<Violation[]> {
  await waitFor(`one announcer per VIP after ${step}`, async () => {
    const counts = await Promise.all(VIPS.map(async (v) => (await lab.announcersOf(v)).length));
    return counts.every((c) => c === 1) ? true : undefined;
  }, 30_000).catch(() => undefined); // the LAN check below reports what is wrong
  return tally.check(step, { now: { services: [], pools: [] }, answers: await answers(lab) });
}
