// Real `ironlb speaker` processes in three node namespaces against one embedded API server:
// who answers ARP/NDP for each VIP, as seen from a client namespace with arping, ping and
// `ip neigh` (issue 5). Root only; CI runs it as root and it fails (never skips) elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects, patchObject, RESOURCES } from '../../server/kube';
import { addSecondLink, electedFor, SpeakerLab } from '../speaker/netns-lab';
import {
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  NS,
  setEndpoints,
} from '../speaker/support';
import { assertRoot } from './support/topology';

const NODES = ['node-1', 'node-2', 'node-3'];
const EXCLUDE = 'node.kubernetes.io/exclude-from-external-load-balancers';
const ETH1_MAC = '02:00:00:00:01:0d';
const VIPS = { web: '203.0.113.1', local: '203.0.113.2', web6: '2001:db8:0:1::1', eth1: '203.0.113.65' };
let lab: SpeakerLab;

beforeAll(async () => {
  assertRoot();
  lab = await SpeakerLab.create({ nodes: 3, extraHosts: [] });
  await addSecondLink(lab.topo, lab.host('node-3'), ETH1_MAC);
  const kube = lab.kube;
  for (const n of NODES) await createNode(kube, n, { zone: n === 'node-3' ? 'edge' : 'core' });
  await createPool(kube, 'vips', ['203.0.113.0/28', '2001:db8:0:1::/124']);
  await createPool(kube, 'edge', ['203.0.113.64/28']);
  // node-3 has two links on the same segment; eth0 only keeps "one node, one MAC" per VIP.
  await createAdvertisement(kube, 'l2', { ipAddressPools: ['vips'], interfaces: ['eth0'] });
  await createAdvertisement(kube, 'l2-edge', {
    ipAddressPools: ['edge'],
    nodeSelectors: [{ matchLabels: { zone: 'edge' } }],
    interfaces: ['eth1'],
  });
  // kube-proxy puts every LoadBalancer IP on every node; only the speakers decide who answers.
  for (const n of NODES) for (const vip of Object.values(VIPS)) await lab.topo.addVip(lab.host(n), vip);
  for (const n of NODES) lab.startSpeaker(n);
  await lab.waitForMembers(NODES);
}, 120_000);

afterAll(async () => {
  await lab?.destroy();
});

/** Every MAC that answers a broadcast arping for ip (each answerer shows up). */
const answeringMacs = async (ip: string) =>
  new Set((await lab.topo.arping(lab.topo.client, ip, { count: 3 })).map((r) => r.mac));

describe('real speakers on AF_PACKET in node namespaces', () => {
  it("exactly one MAC answers a VIP, the elected node's, and traffic lands there", async () => {
    await createLoadBalancer(lab.kube, 'web', [VIPS.web], { pool: 'vips' });
    await setEndpoints(lab.kube, 'web', NODES);
    const winner = electedFor(VIPS.web, NODES);
    await lab.waitForAnnouncer(VIPS.web, winner);
    expect(await answeringMacs(VIPS.web)).toEqual(new Set([lab.host(winner).mac]));
    expect(await lab.topo.ping(lab.topo.client, VIPS.web)).toBe(true);
    expect((await lab.topo.neighbor(lab.topo.client, VIPS.web))?.mac).toBe(lab.host(winner).mac);
    const statuses = (await listObjects(lab.kube, RESOURCES.servicel2statuses, { namespace: NS })).items;
    expect(statuses.map((s) => (s as { status?: { node?: string } }).status?.node)).toContain(winner);
  });

  it("Local traffic policy: the endpoint's node answers, and the answer follows the endpoint", async () => {
    await createLoadBalancer(lab.kube, 'local', [VIPS.local], { pool: 'vips', policy: 'Local' });
    await setEndpoints(lab.kube, 'local', ['node-2']);
    await lab.waitForAnnouncer(VIPS.local, 'node-2');
    expect(await answeringMacs(VIPS.local)).toEqual(new Set([lab.host('node-2').mac]));
    await setEndpoints(lab.kube, 'local', ['node-1']);
    await lab.waitForAnnouncer(VIPS.local, 'node-1');
    expect(await answeringMacs(VIPS.local)).toEqual(new Set([lab.host('node-1').mac]));
  });

  it('node selectors and interfaces: only node-3 answers, and only from eth1', async () => {
    await createLoadBalancer(lab.kube, 'edge', [VIPS.eth1], { pool: 'edge' });
    await setEndpoints(lab.kube, 'edge', NODES);
    await lab.waitForAnnouncer(VIPS.eth1, 'node-3');
    expect(await answeringMacs(VIPS.eth1)).toEqual(new Set([ETH1_MAC]));
    const health = await lab.health('node-3');
    expect(health?.announced.find((a) => a.ip === VIPS.eth1)?.interfaces).toEqual(['eth1']);
  });

  it('IPv6: ping -6 resolves the VIP to the elected node (ip -6 neigh)', async () => {
    await createLoadBalancer(lab.kube, 'web6', [VIPS.web6], { pool: 'vips' });
    await setEndpoints(lab.kube, 'web6', NODES);
    const winner = electedFor(VIPS.web6, NODES);
    await lab.waitForAnnouncer(VIPS.web6, winner);
    // The first solicitation may go before the bridge has learnt the MLD report: ping retries.
    expect(await lab.topo.ping(lab.topo.client, VIPS.web6, { count: 3, timeoutS: 3 })).toBe(true);
    expect((await lab.topo.neighbor(lab.topo.client, VIPS.web6))?.mac).toBe(lab.host(winner).mac);
  });

  it("SIGTERM on the leader moves the client's neighbour entry to the next node", async () => {
    const leader = electedFor(VIPS.web, NODES);
    const next = electedFor(
      VIPS.web,
      NODES.filter((n) => n !== leader),
    );
    expect(await lab.topo.ping(lab.topo.client, VIPS.web)).toBe(true);
    expect(await lab.stopSpeaker(leader, 'SIGTERM')).toBe(0);
    await lab.topo.waitForNeighbor(lab.topo.client, VIPS.web, lab.host(next).mac, 5000);
    expect(await answeringMacs(VIPS.web)).toEqual(new Set([lab.host(next).mac]));
    lab.startSpeaker(leader);
    await lab.waitForMembers(NODES);
    await lab.topo.waitForNeighbor(lab.topo.client, VIPS.web, lab.host(leader).mac, 10_000);
  });

  it('kill -9 on the leader moves the entry once its heartbeats stop', async () => {
    const leader = electedFor(VIPS.web, NODES);
    const next = electedFor(
      VIPS.web,
      NODES.filter((n) => n !== leader),
    );
    await lab.waitForAnnouncer(VIPS.web, leader);
    await lab.stopSpeaker(leader, 'SIGKILL');
    // The killed speaker left its Lease behind: only the silence of its heartbeats moves the IP.
    await lab.topo.waitForNeighbor(lab.topo.client, VIPS.web, lab.host(next).mac, 10_000);
    expect(await answeringMacs(VIPS.web)).toEqual(new Set([lab.host(next).mac]));
    lab.startSpeaker(leader);
    await lab.waitForMembers(NODES);
    await lab.waitForAnnouncer(VIPS.web, leader);
  });

  it('issue 21: excluding the node announcing two VIPs moves each to its next node, every time', async () => {
    // Two VIPs of the pool with the same first node and different second ones.
    const pick = Array.from({ length: 12 }, (_, i) => `203.0.113.${i + 3}`)
      .map((ip) => ({ ip, first: electedFor(ip, NODES), next: '' }))
      .map((v) => ({ ...v, next: electedFor(v.ip, NODES.filter((n) => n !== v.first)) }));
    const one = pick.find((a) => pick.some((b) => b.first === a.first && b.next !== a.next));
    const two = pick.find((b) => b.first === one?.first && b.next !== one?.next);
    if (!one || !two) throw new Error('no two VIPs share a first node with different second nodes');
    for (const [name, v] of [['ex-one', one], ['ex-two', two]] as const) {
      for (const n of NODES) await lab.topo.addVip(lab.host(n), v.ip);
      await createLoadBalancer(lab.kube, name, [v.ip], { pool: 'vips' });
      await setEndpoints(lab.kube, name, NODES);
    }
    const label = (value: string | null) =>
      patchObject(lab.kube, RESOURCES.nodes, { name: one.first }, { metadata: { labels: { [EXCLUDE]: value } } });
    for (let run = 0; run < 5; run++) {
      await label(null);
      await lab.waitForAnnouncer(one.ip, one.first);
      await lab.waitForAnnouncer(two.ip, one.first);
      await new Promise((r) => setTimeout(r, run * 50));
      await label('true');
      await lab.waitForAnnouncer(one.ip, one.next, 5000);
      await lab.waitForAnnouncer(two.ip, two.next, 5000);
      expect(await answeringMacs(two.ip)).toEqual(new Set([lab.host(two.next).mac]));
    }
    await label(null);
    // The periodic resync had nothing to correct: each move came from its event.
    for (const n of NODES) expect((await lab.health(n))?.errors.filter((e) => e.message.includes('resync')) ?? []).toEqual([]);
  });
});
