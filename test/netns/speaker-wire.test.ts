// Real ARP/NDP on the wire: the AF_PACKET transport + announcer in node namespaces, checked from
// a client namespace with arping, ping and `ip neigh` (issue 5, "On the wire").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpeakerAgent } from './support/agent-client';
import { assertRoot, createTopology, type Topology } from './support/topology';

const VIP4 = '203.0.113.10';
const VIP6 = '2001:db8:0:1::10';

let topo: Topology;
let agents: SpeakerAgent[] = [];

beforeAll(async () => {
  assertRoot();
  topo = await createTopology({ nodes: 2, extraHosts: ['rogue'] });
  for (const node of topo.nodes) {
    // Every node carries the VIPs on lo, as kube-proxy does; only the speaker decides who answers.
    await topo.addVip(node, VIP4);
    await topo.addVip(node, VIP6);
  }
  const started = await Promise.all(topo.nodes.map((n) => SpeakerAgent.start(topo, n)));
  for (const s of started) {
    expect(s.first, `agent on ${s.agent.host.name}: ${s.agent.stderr}`).toMatchObject({ event: 'ready' });
  }
  agents = started.map((s) => s.agent);
  // The low-latency scheduling request must work here, or the bench measures something else.
  expect(agents.flatMap((a) => a.events.filter((e) => e.event === 'warning'))).toEqual([]);
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await topo?.destroy();
});

describe('one node announces a VIP', () => {
  it('IPv4: exactly one MAC answers arping and it is the announcing node\'s; ping lands there', async () => {
    const [node1] = topo.nodes;
    await agents[0].announce(VIP4);
    const replies = await topo.arping(topo.client, VIP4, { count: 3 });
    expect(new Set(replies.map((r) => r.mac))).toEqual(new Set([node1.mac]));
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(await topo.ping(topo.client, VIP4)).toBe(true);
    expect((await topo.neighbor(topo.client, VIP4))?.mac).toBe(node1.mac);
  });

  it('IPv6: ping -6 resolves the VIP to the announcing node through NS/NA', async () => {
    const [node1] = topo.nodes;
    await agents[0].announce(VIP6);
    expect(await topo.ping(topo.client, VIP6)).toBe(true);
    expect((await topo.neighbor(topo.client, VIP6))?.mac).toBe(node1.mac);
  });

  it('counts requests and responses for the VIPs it answered', async () => {
    const counters = (await agents[0].command({ op: 'counters' })) as { ips: { ip: string; requestsReceived: number; responsesSent: number; gratuitousSent: number }[] };
    const byIp = Object.fromEntries(counters.ips.map((c) => [c.ip, c]));
    expect(byIp[VIP4].requestsReceived).toBeGreaterThanOrEqual(2);
    expect(byIp[VIP4].responsesSent).toBe(byIp[VIP4].requestsReceived);
    expect(byIp[VIP6].responsesSent).toBeGreaterThanOrEqual(1);
    expect(byIp[VIP4].gratuitousSent).toBeGreaterThanOrEqual(2);
  });

  it('sees eth0 as eligible and lo as excluded inside the node', async () => {
    const scan = (await agents[0].command({ op: 'interfaces' })) as { name: string; eligible: boolean; reason?: string }[];
    expect(scan).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'eth0', eligible: true }),
      expect.objectContaining({ name: 'lo', eligible: false, reason: 'excludedName' }),
    ]));
  });
});

describe('moving a VIP', () => {
  it('withdrawing on node-1 and announcing on node-2 moves the client\'s neighbour entries by gratuitous ARP/NA alone', async () => {
    const [node1, node2] = topo.nodes;
    expect((await topo.neighbor(topo.client, VIP4))?.mac).toBe(node1.mac);
    expect((await topo.neighbor(topo.client, VIP6))?.mac).toBe(node1.mac);
    await agents[0].withdraw(VIP4);
    await agents[0].withdraw(VIP6);
    await agents[1].announce(VIP4);
    await agents[1].announce(VIP6);
    // The client sends nothing meanwhile: only the announcements can move the entries.
    await topo.waitForNeighbor(topo.client, VIP4, node2.mac, 2000);
    await topo.waitForNeighbor(topo.client, VIP6, node2.mac, 2000);
    expect(await topo.ping(topo.client, VIP4)).toBe(true);
    expect(await topo.ping(topo.client, VIP6)).toBe(true);
    const replies = await topo.arping(topo.client, VIP4, { count: 2 });
    expect(new Set(replies.map((r) => r.mac))).toEqual(new Set([node2.mac]));
  });
});

describe('conflicts', () => {
  it('a foreign host claiming the IPv4 VIP (arping -A) is reported with its MAC', async () => {
    const rogue = topo.hosts.rogue;
    await topo.exec(rogue, ['ip', 'addr', 'add', `${VIP4}/32`, 'dev', 'eth0']);
    await topo.exec(rogue, ['arping', '-A', '-c', '1', '-I', 'eth0', VIP4], { allowFailure: true });
    const c = await agents[1].waitFor((e) => e.event === 'conflict' && e.ip === VIP4);
    expect(c).toMatchObject({ ip: VIP4, foreignMac: rogue.mac, expectedMac: topo.nodes[1].mac, ifname: 'eth0' });
    await topo.exec(rogue, ['ip', 'addr', 'del', `${VIP4}/32`, 'dev', 'eth0']);
  });

  it('a foreign host bringing up the IPv6 VIP (unsolicited NA) is reported, also by a node told who was elected', async () => {
    const rogue = topo.hosts.rogue;
    await agents[0].command({ op: 'elect', ip: VIP6, mac: topo.nodes[1].mac });
    // With ndisc_notify, Linux sends an unsolicited NA (Override) for its addresses when its MAC
    // changes. (Adding the address with DAD instead fails DAD on node-2's gratuitous NAs, and a
    // link down/up flushes the address.)
    const foreignMac = '02:00:00:00:0b:ad';
    await topo.exec(rogue, ['sysctl', '-qw', 'net.ipv6.conf.eth0.ndisc_notify=1']);
    await topo.exec(rogue, ['ip', '-6', 'addr', 'add', `${VIP6}/128`, 'dev', 'eth0', 'nodad']);
    await topo.exec(rogue, ['ip', 'link', 'set', 'eth0', 'address', foreignMac]);
    for (const agent of agents) {
      const c = await agent.waitFor((e) => e.event === 'conflict' && e.ip === VIP6, 8000);
      expect(c).toMatchObject({ foreignMac, expectedMac: topo.nodes[1].mac, via: 'neighborAdvertisement' });
    }
    await topo.exec(rogue, ['ip', '-6', 'addr', 'del', `${VIP6}/128`, 'dev', 'eth0']);
  });
});

describe('failures are clear errors, not crashes', () => {
  it('a missing interface is ENODEV naming the interface', async () => {
    const { agent, first } = await SpeakerAgent.start(topo, topo.nodes[0], { ifname: 'nosuch0' });
    expect(first).toMatchObject({ event: 'fatal', code: 'ENODEV' });
    expect(first.message).toMatch(/interface nosuch0 not found/);
    await agent.stop();
  });

  it('without CAP_NET_RAW the error says so', async () => {
    const wrap = ['setpriv', '--inh-caps=-net_raw', '--bounding-set=-net_raw', '--'];
    const { agent, first } = await SpeakerAgent.start(topo, topo.nodes[0], { wrap });
    expect(first).toMatchObject({ event: 'fatal', code: 'EPERM' });
    expect(first.message).toMatch(/CAP_NET_RAW/);
    await agent.stop();
  });

  it('an interface that vanishes under a running speaker is reported (ENETDOWN/ENXIO), and the process lives on', async () => {
    const node = topo.nodes[0];
    await topo.exec(node, ['ip', 'link', 'add', 'eth9', 'type', 'veth', 'peer', 'name', 'eth9p']);
    await topo.exec(node, ['ip', 'link', 'set', 'eth9', 'up']);
    await topo.exec(node, ['ip', 'link', 'set', 'eth9p', 'up']);
    const { agent, first } = await SpeakerAgent.start(topo, node, { ifname: 'eth9' });
    expect(first).toMatchObject({ event: 'ready' });
    await topo.exec(node, ['ip', 'link', 'del', 'eth9']);
    const e = await agent.waitFor((x) => x.event === 'error' && x.op === 'transport');
    expect(['ENETDOWN', 'ENXIO']).toContain(e.code);
    await agent.announce('203.0.113.99');
    const sendError = await agent.waitFor((x) => x.event === 'error' && x.op === 'gratuitous');
    expect(sendError.code).toMatch(/ENXIO|ENETDOWN|ENODEV/);
    await agent.stop();
  });
});
