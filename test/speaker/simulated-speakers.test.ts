// Simulated speakers (one per Node) against the embedded API server on the virtual LAN:
// who answers, what they write, and how an IP moves when its node goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electAnnouncer, hashRanker } from '../../lib/election';
import { advertisement, node as nodeInfo, service as serviceInfo } from '../../lib/election/test-fixtures';
import { parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import {
  createObject,
  deleteObject,
  listObjects,
  getObject,
  RESOURCES,
  type KubeObject,
} from '../../server/kube';
import { sha256 } from '../../server/speaker/hash';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { NeighborProbe, VirtualLan } from '../../server/speaker/transport';
import {
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  createSpeakerKey,
  NS,
  setEndpoints,
  startCluster,
  waitFor,
  type Cluster,
} from './support';

const NODES = ['node-a', 'node-b', 'node-c'];
const ranker = hashRanker(sha256);

/** The node lib/election names for an IP, given who is alive and where endpoints are. */
function expectedWinner(
  ip: string,
  live: string[],
  endpointNodes = live,
  policy: 'Cluster' | 'Local' = 'Cluster',
): string {
  const e = electAnnouncer(
    {
      nodes: live.map((n) => nodeInfo(n)),
      service: serviceInfo({ ips: [ip], endpointNodes, externalTrafficPolicy: policy }),
      advertisements: [advertisement()],
    },
    ranker,
  );
  if (!e.elected) throw new Error(`no winner for ${ip}: ${e.detail}`);
  return e.winner;
}

describe('simulated speakers on the virtual LAN', () => {
  let cluster: Cluster;
  let lan: VirtualLan;
  let sim: SimulatedSpeakers;
  let probe: NeighborProbe;
  const stop = new AbortController();

  /** Nodes whose speaker announces `ip` right now. */
  const announcers = (ip: string) =>
    [...sim.speakers()].filter(([, s]) => s.announced().has(ip)).map(([n]) => n);
  const macOf = (node: string) => sim.speakers().get(node)?.interfaces()[0]?.mac;
  const statusesFor = async (service: string) =>
    (await listObjects(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS })).items.filter(
      (s) => s.metadata.labels?.['metallb.io/service-name'] === service,
    ) as (KubeObject & { status?: { node?: string; interfaces?: { name: string }[] } })[];
  /** Waits until exactly `node` announces `ip` and the probe client resolves it to node's MAC. */
  const settleOn = async (ip: string, node: string) => {
    await waitFor(`${node} alone announcing ${ip}`, () =>
      announcers(ip).join() === node ? true : undefined,
    );
    const mac = macOf(node);
    return waitFor(`${ip} resolving to ${node}`, async () => {
      const r = await probe.resolve(ip, { timeoutMs: 200 });
      return r.ok && r.value.verdict === 'resolved' && r.value.mac === mac ? r.value : undefined;
    });
  };

  beforeAll(async () => {
    cluster = await startCluster();
    await createPool(cluster.kube, 'demo', ['192.0.2.0/28', '2001:db8::/124']);
    await createAdvertisement(cluster.kube, 'l2');
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    for (const n of NODES) await createNode(cluster.kube, n);
    lan = new VirtualLan();
    probe = new NeighborProbe({ transport: lan.attach('client', '02:00:00:00:00:99') });
    probe.start(stop.signal);
    sim = startSimulatedSpeakers({ kube: cluster.kube, lan, systemNamespace: NS, signal: stop.signal });
    await waitFor('three speakers ready', async () => {
      const ready = await Promise.all([...sim.speakers().values()].map((s) => s.ready));
      return ready.length === 3 && ready.every(Boolean) ? true : undefined;
    });
  });

  afterAll(async () => {
    stop.abort();
    await sim?.stopped;
    await cluster?.close();
  });

  it('exactly one node announces an IP, the elected one, and the LAN sees its MAC', async () => {
    await createLoadBalancer(cluster.kube, 'web', ['192.0.2.1'], { pool: 'demo' });
    await setEndpoints(cluster.kube, 'web', ['node-a']);
    const winner = expectedWinner('192.0.2.1', NODES);
    const answer = await settleOn('192.0.2.1', winner);
    expect(answer.answers.map((a) => a.mac)).toEqual([macOf(winner)]);
  });

  it('writes one ServiceL2Status for the announced service, from the winner', async () => {
    const winner = expectedWinner('192.0.2.1', NODES);
    const statuses = await waitFor('one status', async () => {
      const s = await statusesFor('web');
      return s.length === 1 && s[0].status?.node === winner ? s : undefined;
    });
    expect(statuses[0].metadata.name).toMatch(/^l2-/);
    expect(statuses[0].metadata.labels).toMatchObject({
      'metallb.io/node': winner,
      'metallb.io/service-name': 'web',
      'metallb.io/service-namespace': 'default',
    });
    expect(statuses[0].status).toMatchObject({
      node: winner,
      serviceName: 'web',
      serviceNamespace: 'default',
      interfaces: [{ name: 'eth0' }],
    });
  });

  it('says nodeAssigned on the Service', async () => {
    const winner = expectedWinner('192.0.2.1', NODES);
    const events = await waitFor('nodeAssigned event', async () => {
      const list = await listObjects(cluster.kube, RESOURCES.events, { namespace: 'default' });
      const hits = list.items.filter(
        (e) =>
          (e as { reason?: string }).reason === 'nodeAssigned' &&
          (e as { involvedObject?: { name?: string } }).involvedObject?.name === 'web',
      );
      return hits.length > 0 ? hits : undefined;
    });
    expect((events[0] as { message?: string }).message).toBe(
      `announcing from node "${winner}" with protocol "layer2"`,
    );
  });

  it('publishes a health report on each speaker Lease', async () => {
    const winner = expectedWinner('192.0.2.1', NODES);
    const health = await waitFor('health listing the IP', async () => {
      const lease = await getObject(cluster.kube, RESOURCES.leases, {
        namespace: NS,
        name: `ironlb-speaker-${winner}`,
      });
      const parsed = parseSpeakerHealth(lease?.metadata.annotations);
      return parsed.ok && parsed.health.announced.some((a) => a.ip === '192.0.2.1')
        ? parsed.health
        : undefined;
    });
    expect(health).toMatchObject({
      node: winner,
      transport: 'virtual',
      interfaces: [{ name: 'eth0', mac: macOf(winner) }],
    });
    expect(health.announced.find((a) => a.ip === '192.0.2.1')?.services).toEqual(['default/web']);
  });

  it('Local traffic policy: the node with the endpoint announces, and it follows the endpoint', async () => {
    await createLoadBalancer(cluster.kube, 'local', ['192.0.2.2'], { pool: 'demo', policy: 'Local' });
    await setEndpoints(cluster.kube, 'local', ['node-c']);
    await settleOn('192.0.2.2', 'node-c');
    await setEndpoints(cluster.kube, 'local', ['node-a']);
    await settleOn('192.0.2.2', 'node-a');
  });

  it('IPv6: the elected node answers neighbour solicitations', async () => {
    await createLoadBalancer(cluster.kube, 'web6', ['2001:db8::5'], { pool: 'demo' });
    await setEndpoints(cluster.kube, 'web6', ['node-b']);
    await settleOn('2001:db8::5', expectedWinner('2001:db8::5', NODES));
  });

  it('exposes MetalLB metrics', async () => {
    const winner = expectedWinner('192.0.2.1', NODES);
    const text = await sim.metricsText();
    expect(text).toContain(
      `metallb_speaker_announced{service="default/web",protocol="layer2",node="${winner}",ip="192.0.2.1"} 1`,
    );
    expect(text).toMatch(/metallb_layer2_gratuitous_sent\{ip="192.0.2.1"\} [1-9]/);
    expect(text).toMatch(/metallb_layer2_requests_received\{ip="192.0.2.1"\} [1-9]/);
  });

  it('when the announcing node goes away, the next-ranked node takes the IP and the status moves', async () => {
    const first = expectedWinner('192.0.2.1', NODES);
    const rest = NODES.filter((n) => n !== first);
    const next = expectedWinner('192.0.2.1', rest);
    await deleteObject(cluster.kube, RESOURCES.nodes, { name: first });
    await settleOn('192.0.2.1', next);
    await waitFor('status on the new node only', async () => {
      const s = await statusesFor('web');
      return s.length === 1 && s[0].status?.node === next ? true : undefined;
    });
    const lease = await getObject(cluster.kube, RESOURCES.leases, {
      namespace: NS,
      name: `ironlb-speaker-${first}`,
    });
    expect(lease).toBeUndefined();
  });

  it('a speaker deletes its own stale ServiceL2Status', async () => {
    const alive = [...sim.speakers().keys()][0];
    const stale = await createObject<KubeObject>(cluster.kube, RESOURCES.servicel2statuses, {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'ServiceL2Status',
      metadata: {
        generateName: 'l2-',
        namespace: NS,
        labels: {
          'metallb.io/node': alive,
          'metallb.io/service-name': 'gone',
          'metallb.io/service-namespace': 'default',
        },
      },
    });
    await waitFor('stale status deleted', async () => {
      const left = await getObject(cluster.kube, RESOURCES.servicel2statuses, {
        namespace: NS,
        name: stale.metadata.name ?? '',
      });
      return left ? undefined : true;
    });
  });

  it("the winner deletes a status another node left behind (a crashed speaker cannot delete its own), as MetalLB's does", async () => {
    const [own] = await waitFor('the winner of web with its status', async () => {
      const s = await statusesFor('web');
      return s.length === 1 ? s : undefined;
    });
    const left = await createObject<KubeObject>(cluster.kube, RESOURCES.servicel2statuses, {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'ServiceL2Status',
      metadata: {
        generateName: 'l2-',
        namespace: NS,
        labels: { 'metallb.io/node': 'node-crashed', 'metallb.io/service-name': 'web', 'metallb.io/service-namespace': 'default' },
      },
    });
    await waitFor('the left-behind status deleted', async () =>
      (await getObject(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS, name: left.metadata.name ?? '' })) ? undefined : true,
    );
    expect((await statusesFor('web')).map((s) => s.metadata.name)).toEqual([own.metadata.name]);
  });

  it('when the last serving endpoint goes, nobody announces the IP any more', async () => {
    await createLoadBalancer(cluster.kube, 'lonely', ['192.0.2.3'], { pool: 'demo' });
    await setEndpoints(cluster.kube, 'lonely', ['node-a']);
    await waitFor('someone announcing 192.0.2.3', () =>
      announcers('192.0.2.3').length === 1 ? true : undefined,
    );
    await setEndpoints(cluster.kube, 'lonely', []);
    await waitFor('nobody announcing 192.0.2.3', () =>
      announcers('192.0.2.3').length === 0 ? true : undefined,
    );
    // Every speaker comes to the same verdict, each at its own next pass (they rest under load).
    const decisions = () =>
      [...sim.speakers().values()].map((s) => s.verdicts().find((v) => v.key === 'default/lonely')?.decision);
    await waitFor('every speaker saying noServingEndpoints', () =>
      decisions().every((d) => d && !d.announce && d.reason === 'noServingEndpoints') ? true : undefined,
    );
    expect(decisions().map((d) => (d && !d.announce ? d.reason : 'announcing'))).toEqual([...sim.speakers().keys()].map(() => 'noServingEndpoints'));
  });

  it('a Node created later gets its own speaker', async () => {
    await createNode(cluster.kube, 'node-d');
    const speaker = await waitFor('speaker for node-d', () => sim.speakers().get('node-d'));
    expect(await speaker.ready).toBe(true);
  });
});
