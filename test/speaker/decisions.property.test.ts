// Property test of the speakers' decisions (issue 21): random sequences of node labels,
// exclusions, endpoint moves, traffic-policy and IP changes and speaker restarts, against the
// embedded API server and simulated speakers. After each step and a settle, exactly the node
// lib/election names (computed here from the test's own model, not from the speakers' caches)
// announces each service and holds its ServiceL2Status. The periodic resync runs fast and must
// never have had to correct anything: a correction is a missed event.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electAnnouncer, hashRanker, type AdvertisementInfo } from '../../lib/election';
import { advertisement, node as nodeInfo, service as serviceInfo } from '../../lib/election/test-fixtures';
import { patchObject, RESOURCES } from '../../server/kube';
import { sha256 } from '../../server/speaker/hash';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { VirtualLan } from '../../server/speaker/transport';
import {
  announcersOf,
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  createSpeakerKey,
  NS,
  setEndpoints,
  startCluster,
  statusNodesOf,
  waitFor,
  type Cluster,
} from './support';

const NODES = ['n1', 'n2', 'n3', 'n4'];
const EXCLUDE = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** Each service alternates between two IPs of its pool. */
const SERVICES = [
  { name: 's1', pool: 'p', ips: ['10.0.0.1', '10.0.0.5'] },
  { name: 's2', pool: 'p', ips: ['10.0.0.2', '10.0.0.6'] },
  { name: 's3', pool: 'q', ips: ['10.0.1.1', '10.0.1.5'] },
];
const ADS: AdvertisementInfo[] = [
  advertisement({
    name: 'l2',
    ipAddressPools: ['p'],
    preferredNodeSelectors: [{ weight: 50, preference: { matchLabels: { tier: 'fast' } } }],
  }),
  advertisement({ name: 'l2-edge', ipAddressPools: ['q'], nodeSelectors: [{ matchLabels: { zone: 'edge' } }] }),
];
const ranker = hashRanker(sha256);

type Label = 'tier' | 'zone' | typeof EXCLUDE;
type Step =
  | { kind: 'label'; node: number; label: Label; on: boolean }
  | { kind: 'endpoints'; service: number; nodes: boolean[] }
  | { kind: 'policy'; service: number; local: boolean }
  | { kind: 'ip'; service: number; which: number }
  | { kind: 'restart'; node: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('label' as const),
    node: fc.nat(NODES.length - 1),
    label: fc.constantFrom<Label>('tier', 'zone', EXCLUDE),
    on: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('endpoints' as const),
    service: fc.nat(SERVICES.length - 1),
    nodes: fc.array(fc.boolean(), { minLength: NODES.length, maxLength: NODES.length }),
  }),
  fc.record({ kind: fc.constant('policy' as const), service: fc.nat(SERVICES.length - 1), local: fc.boolean() }),
  fc.record({ kind: fc.constant('ip' as const), service: fc.nat(SERVICES.length - 1), which: fc.nat(1) }),
  fc.record({ kind: fc.constant('restart' as const), node: fc.nat(NODES.length - 1) }),
);

const LABEL_VALUES: Record<Label, string> = { tier: 'fast', zone: 'edge', [EXCLUDE]: 'true' };

/** The test's own record of the objects it wrote. */
interface Model {
  labels: Record<string, Record<string, string>>;
  services: { ip: string; local: boolean; endpoints: string[] }[];
}

function expectedWinner(model: Model, i: number): string | null {
  const svc = SERVICES[i];
  const m = model.services[i];
  const e = electAnnouncer(
    {
      nodes: NODES.map((n) => nodeInfo(n, { labels: { 'kubernetes.io/hostname': n, ...model.labels[n] } })),
      service: serviceInfo({
        name: svc.name,
        ips: [m.ip],
        pool: svc.pool,
        endpointNodes: m.endpoints,
        externalTrafficPolicy: m.local ? 'Local' : 'Cluster',
      }),
      advertisements: ADS,
    },
    ranker,
  );
  return e.elected ? e.winner : null;
}

describe('speaker decisions under random changes', () => {
  let cluster: Cluster;
  let sim: SimulatedSpeakers;
  const stop = new AbortController();
  let model: Model;

  const announcers = (ip: string) => announcersOf(sim, ip);
  const statusNodes = (service: string) => statusNodesOf(cluster.kube, service);

  async function apply(s: Step): Promise<void> {
    if (s.kind === 'label') {
      const node = NODES[s.node];
      const labels = { ...model.labels[node] };
      if (s.on) labels[s.label] = LABEL_VALUES[s.label];
      else delete labels[s.label];
      model.labels[node] = labels;
      const patch = { [s.label]: s.on ? LABEL_VALUES[s.label] : null };
      await patchObject(cluster.kube, RESOURCES.nodes, { name: node }, { metadata: { labels: patch } });
    } else if (s.kind === 'endpoints') {
      const nodes = NODES.filter((_, i) => s.nodes[i]);
      model.services[s.service].endpoints = nodes;
      await setEndpoints(cluster.kube, SERVICES[s.service].name, nodes);
    } else if (s.kind === 'policy') {
      model.services[s.service].local = s.local;
      const spec = { externalTrafficPolicy: s.local ? 'Local' : 'Cluster' };
      await patchObject(cluster.kube, RESOURCES.services, { namespace: 'default', name: SERVICES[s.service].name }, { spec });
    } else if (s.kind === 'ip') {
      const ip = SERVICES[s.service].ips[s.which];
      model.services[s.service].ip = ip;
      await patchObject(
        cluster.kube,
        RESOURCES.services,
        { namespace: 'default', name: SERVICES[s.service].name },
        { status: { loadBalancer: { ingress: [{ ip }] } } },
        { subresource: 'status' },
      );
    } else {
      await sim.restart(NODES[s.node]);
      const started = sim.speakers().get(NODES[s.node]);
      const ready = await Promise.race([started?.ready, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
      if (ready !== true) throw new Error(`the restarted speaker of ${NODES[s.node]} is not ready: ${String(ready)} ${JSON.stringify(started?.membership())} ${JSON.stringify(started?.health())}`);
    }
  }

  /** What the last look at the state found wrong (a timeout reports it). */
  let mismatch = '';

  /** Every service on exactly its expected node, on the wire and in ServiceL2Status. */
  async function settled(): Promise<true | undefined> {
    for (let i = 0; i < SERVICES.length; i++) {
      const want = expectedWinner(model, i) ?? '';
      const { ip } = model.services[i];
      const wire = announcers(ip);
      const status = await statusNodes(SERVICES[i].name);
      if (wire !== want || status !== want) {
        mismatch = `${SERVICES[i].name} ${ip}: want ${want || 'nobody'}, on the wire ${wire || 'nobody'}, ServiceL2Status on ${status || 'nobody'}`;
        return undefined;
      }
    }
    // No stale IP of a service left on anyone's wire.
    const held = new Set(model.services.map((s) => s.ip));
    for (const other of SERVICES.flatMap((s) => s.ips)) {
      if (!held.has(other) && announcers(other) !== '') {
        mismatch = `${other} is no service's IP now but ${announcers(other)} announces it`;
        return undefined;
      }
    }
    return true;
  }

  /** Waits for the settled state; a timeout says what was still wrong at the end. */
  const settle = (what: string) =>
    waitFor(what, settled, 15_000).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; still: ${mismatch}`);
    });

  beforeAll(async () => {
    cluster = await startCluster();
    await createPool(cluster.kube, 'p', ['10.0.0.0/29']);
    await createPool(cluster.kube, 'q', ['10.0.1.0/29']);
    await createAdvertisement(cluster.kube, 'l2', {
      ipAddressPools: ['p'],
      preferredNodeSelectors: [{ weight: 50, preference: { matchLabels: { tier: 'fast' } } }],
    });
    await createAdvertisement(cluster.kube, 'l2-edge', { ipAddressPools: ['q'], nodeSelectors: [{ matchLabels: { zone: 'edge' } }] });
    for (const n of NODES) await createNode(cluster.kube, n);
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    for (const s of SERVICES) {
      await createLoadBalancer(cluster.kube, s.name, [s.ips[0]], { pool: s.pool });
      await setEndpoints(cluster.kube, s.name, NODES);
    }
    sim = startSimulatedSpeakers({
      kube: cluster.kube,
      lan: new VirtualLan(),
      systemNamespace: NS,
      signal: stop.signal,
      resyncMs: 300,
    });
  });

  afterAll(async () => {
    stop.abort();
    await sim?.stopped;
    await cluster?.close();
  });

  it('exactly the elected node announces every service after each step, and the resync never corrects', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 20 }), async (steps) => {
        run++;
        // Every run starts from the same objects: plain nodes, endpoints everywhere, first IPs.
        model = { labels: Object.fromEntries(NODES.map((n) => [n, {}])), services: SERVICES.map(() => ({ ip: '', local: false, endpoints: [] })) };
        for (const n of NODES)
          await patchObject(cluster.kube, RESOURCES.nodes, { name: n }, { metadata: { labels: { tier: null, zone: null, [EXCLUDE]: null } } });
        for (let i = 0; i < SERVICES.length; i++) {
          await apply({ kind: 'policy', service: i, local: false });
          await apply({ kind: 'ip', service: i, which: 0 });
          await apply({ kind: 'endpoints', service: i, nodes: NODES.map(() => true) });
        }
        await settle(`run ${run}: the starting state`);
        for (const [i, s] of steps.entries()) {
          await apply(s);
          await settle(`run ${run} step ${i} ${JSON.stringify(s)}`);
        }
        const corrections = [...sim.speakers().values()].reduce((n, sp) => n + sp.resyncCorrections(), 0);
        const said = [...sim.speakers().values()].flatMap((sp) => sp.health().errors.filter((e) => e.message.startsWith('resync corrected')).map((e) => `${sp.nodeName}: ${e.message}`));
        expect(corrections, said.join('; ')).toBe(0);
      }),
      { numRuns: 60, seed: Number(process.env.IRONLB_PROPERTY_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
  }, 600_000);
});
