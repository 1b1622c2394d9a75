// Replacing MetalLB in place (README, "Replace MetalLB in place"): with MetalLB's controller and
// speakers gone, ironlb's controller starts on the Services MetalLB allocated (status, the
// ip-allocated-from-pool annotation, its ServiceL2Statuses) and keeps every IP, including ones
// MetalLB handed out in an order ironlb would not (MetalLB picks pools at random), shared IPs
// and requested ones; ironlb's speakers take over announcing and MetalLB's statuses go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController, type Controller } from '../../server/controller';
import { createObject, getObject, listObjects, patchObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { VirtualLan } from '../../server/speaker/transport';
import { startCluster, type Cluster } from '../support/cluster';
import { announcersOf, createAdvertisement, createNode, createPool, setEndpoints, statusNodesOf, waitFor } from '../speaker/support';
import { NS } from './support';

type Svc = KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } };

/** Services as MetalLB left them: IPs, pool annotation, and (some) sharing keys and requests. */
const METALLB_ALLOCATED = [
  { name: 'a', ip: '192.0.2.7', pool: 'first' },
  { name: 'b', ip: '192.0.2.3', pool: 'first' },
  { name: 's1', ip: '192.0.2.9', pool: 'first', share: 'k', port: 80 },
  { name: 's2', ip: '192.0.2.9', pool: 'first', share: 'k', port: 443 },
  { name: 'req', ip: '198.51.100.5', pool: 'second', request: true },
  { name: 'z', ip: '198.51.100.2', pool: 'second' },
];

let cluster: Cluster;
let controller: Controller & { done: Promise<void> };
let sim: SimulatedSpeakers;
const stop = new AbortController();
const ipOf = async (name: string) => (await getObject<Svc>(cluster.kube, RESOURCES.services, { namespace: 'default', name }))?.status?.loadBalancer?.ingress?.map((i) => i.ip);

beforeAll(async () => {
  cluster = await startCluster('ironlb-replace-');
  for (const n of ['node-1', 'node-2', 'node-3']) await createNode(cluster.kube, n);
  await createPool(cluster.kube, 'first', ['192.0.2.0/28']);
  await createPool(cluster.kube, 'second', ['198.51.100.0/29']);
  await createAdvertisement(cluster.kube, 'l2');
  for (const s of METALLB_ALLOCATED) {
    const annotations: Record<string, string> = { 'metallb.io/ip-allocated-from-pool': s.pool };
    if (s.share) annotations['metallb.io/allow-shared-ip'] = s.share;
    if (s.request) annotations['metallb.io/loadBalancerIPs'] = s.ip;
    await createObject(cluster.kube, RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, namespace: 'default', annotations },
      spec: { type: 'LoadBalancer', selector: { app: s.name }, ports: [{ port: s.port ?? 80, protocol: 'TCP' }] },
    });
    await patchObject(cluster.kube, RESOURCES.services, { namespace: 'default', name: s.name }, { status: { loadBalancer: { ingress: [{ ip: s.ip, ipMode: 'VIP' }] } } }, { subresource: 'status' });
    await setEndpoints(cluster.kube, s.name, ['node-1', 'node-2', 'node-3']);
    // MetalLB's speaker on node-3 announced everything (its memberlist view, not ours).
    const st = await createObject<KubeObject>(cluster.kube, RESOURCES.servicel2statuses, {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'ServiceL2Status',
      metadata: { generateName: 'l2-', namespace: NS, labels: { 'metallb.io/node': 'node-3', 'metallb.io/service-name': s.name, 'metallb.io/service-namespace': 'default' } },
    });
    await patchObject(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS, name: st.metadata.name ?? '' }, { status: { node: 'node-3', serviceName: s.name, serviceNamespace: 'default' } }, { subresource: 'status' });
  }
  // MetalLB scaled away; ironlb applied.
  controller = startController({ kube: cluster.kube, systemNamespace: NS, signal: stop.signal });
  sim = startSimulatedSpeakers({ kube: cluster.kube, lan: new VirtualLan(), systemNamespace: NS, signal: stop.signal });
}, 60_000);

afterAll(async () => {
  stop.abort();
  await Promise.allSettled([controller?.done, sim?.stopped]);
  await cluster?.close();
});

describe('replacing MetalLB in place', () => {
  it("ironlb's controller keeps every IP MetalLB allocated", async () => {
    expect(await controller.waitReady()).toBe(true);
    await controller.idle();
    for (const s of METALLB_ALLOCATED) expect(await ipOf(s.name), s.name).toEqual([s.ip]);
    const annotated = await getObject<Svc>(cluster.kube, RESOURCES.services, { namespace: 'default', name: 'a' });
    expect(annotated?.metadata.annotations?.['metallb.io/ip-allocated-from-pool']).toBe('first');
  });

  it('a new service gets a free IP, never one MetalLB handed out', async () => {
    await createObject(cluster.kube, RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'new', namespace: 'default' },
      spec: { type: 'LoadBalancer', selector: { app: 'new' }, ports: [{ port: 80, protocol: 'TCP' }] },
    });
    const ip = await waitFor('an IP for the new service', async () => (await ipOf('new'))?.[0]);
    expect(METALLB_ALLOCATED.map((s) => s.ip)).not.toContain(ip);
  });

  it("ironlb's speakers announce each IP from exactly one node, and MetalLB's statuses are replaced", async () => {
    for (const s of METALLB_ALLOCATED) {
      await waitFor(`${s.ip} announced by one node`, () => (announcersOf(sim, s.ip).split(',').filter(Boolean).length === 1 ? true : undefined));
    }
    await waitFor('one status per service, from its announcing node', async () => {
      for (const s of METALLB_ALLOCATED) if ((await statusNodesOf(cluster.kube, s.name)) !== announcersOf(sim, s.ip)) return undefined;
      return true;
    });
    const statuses = (await listObjects(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS })).items;
    expect(statuses.length).toBe(METALLB_ALLOCATED.length); // "new" has no endpoints: not announced
  });
});
