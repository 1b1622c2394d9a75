// Which pool a service's IP comes from: namespaces, priorities, namespace and service labels,
// requested IPs, autoAssign=false, dual-stack, and loadBalancerClass (docs/semantics.md "Allocation").
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  createNamespace,
  createPool,
  createService,
  eventsFor,
  getService,
  ingressOf,
  runController,
  startCluster,
  waitForEvent,
  waitForIPs,
  type Cluster,
  type RunningController,
} from './support';

let cluster: Cluster;
let controller: RunningController;
const NAMESPACES = ['default', 'team-a', 'team-b', 'red-1', 'blue-1'];

beforeAll(async () => {
  cluster = await startCluster();
  await createNamespace(cluster.kube, 'team-a');
  await createNamespace(cluster.kube, 'team-b');
  await createNamespace(cluster.kube, 'red-1', { color: 'red' });
  await createNamespace(cluster.kube, 'blue-1', { color: 'blue' });
  controller = await runController(cluster.kube);
});
afterEach(async () => {
  await cleanUp(cluster.kube, NAMESPACES);
});
afterAll(async () => {
  await controller?.stop();
  await cluster?.close();
});

describe('pool selection', () => {
  it('a pool pinned to a namespace serves that namespace first; others get the general pool', async () => {
    const { kube } = cluster;
    await createPool(kube, 'general', ['192.0.2.0/29']);
    await createPool(kube, 'for-team-a', ['198.51.100.0/29'], { serviceAllocation: { namespaces: ['team-a'] } });
    await createService(kube, 'web', { namespace: 'team-a' });
    await createService(kube, 'web', { namespace: 'team-b' });
    await waitForIPs(kube, 'web', ['198.51.100.0'], 'team-a');
    const b = await waitForIPs(kube, 'web', ['192.0.2.0'], 'team-b');
    expect(b.metadata.annotations?.['metallb.io/ip-allocated-from-pool']).toBe('general');
  });

  it('the lower priority number wins among matching pinned pools, and unset priority comes last', async () => {
    const { kube } = cluster;
    await createPool(kube, 'prio-unset', ['203.0.113.0/30'], { serviceAllocation: { namespaces: ['team-a'] } });
    await createPool(kube, 'prio-20', ['203.0.113.8/30'], { serviceAllocation: { priority: 20, namespaces: ['team-a'] } });
    await createPool(kube, 'prio-10', ['203.0.113.16/31'], { serviceAllocation: { priority: 10, namespaces: ['team-a'] } });
    for (const name of ['p1', 'p2', 'p3']) await createService(kube, name, { namespace: 'team-a' });
    await waitForIPs(kube, 'p1', ['203.0.113.16'], 'team-a');
    await waitForIPs(kube, 'p2', ['203.0.113.17'], 'team-a');
    // prio-10 is full: next is prio-20, not the unset one.
    await waitForIPs(kube, 'p3', ['203.0.113.8'], 'team-a');
  });

  it('namespaceSelectors pick namespaces by their labels', async () => {
    const { kube } = cluster;
    await createPool(kube, 'general', ['192.0.2.0/29']);
    await createPool(kube, 'red-only', ['198.51.100.64/29'], { serviceAllocation: { namespaceSelectors: [{ matchLabels: { color: 'red' } }] } });
    await createService(kube, 'svc', { namespace: 'red-1' });
    await createService(kube, 'svc', { namespace: 'blue-1' });
    await waitForIPs(kube, 'svc', ['198.51.100.64'], 'red-1');
    await waitForIPs(kube, 'svc', ['192.0.2.0'], 'blue-1');
  });

  it('serviceSelectors pick services by their labels', async () => {
    const { kube } = cluster;
    await createPool(kube, 'general', ['192.0.2.0/29']);
    await createPool(kube, 'web-only', ['198.51.100.128/29'], { serviceAllocation: { serviceSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }] } });
    await createService(kube, 'frontend', { labels: { tier: 'web' } });
    await createService(kube, 'db', { labels: { tier: 'data' } });
    await waitForIPs(kube, 'frontend', ['198.51.100.128']);
    await waitForIPs(kube, 'db', ['192.0.2.0']);
  });

  it('a pool with autoAssign=false serves only services that ask for its IPs', async () => {
    const { kube } = cluster;
    await createPool(kube, 'manual', ['203.0.113.100-203.0.113.110'], { autoAssign: false });
    await createService(kube, 'asks', { annotations: { 'metallb.io/loadBalancerIPs': '203.0.113.105' } });
    await createService(kube, 'asks-spec', { spec: { type: 'LoadBalancer', loadBalancerIP: '203.0.113.107' } });
    await createService(kube, 'by-pool', { annotations: { 'metallb.io/address-pool': 'manual' } });
    await createService(kube, 'auto');
    await waitForIPs(kube, 'asks', ['203.0.113.105']);
    await waitForIPs(kube, 'asks-spec', ['203.0.113.107']);
    await waitForIPs(kube, 'by-pool', ['203.0.113.100']);
    await waitForEvent(kube, 'default', 'auto', 'AllocationFailed', 'Failed to allocate IP for "default/auto": no available IPs');
    expect(ingressOf(await getService(kube, 'auto'))).toEqual([]);
  });

  it('a requested IP outside every pool is refused with AllocationFailed, as MetalLB reports it', async () => {
    const { kube } = cluster;
    await createPool(kube, 'general', ['192.0.2.0/29']);
    await createService(kube, 'wrong', { annotations: { 'metallb.io/loadBalancerIPs': '198.51.100.250' } });
    await waitForEvent(kube, 'default', 'wrong', 'AllocationFailed', '"198.51.100.250" is not allowed in config');
  });

  const dualStack = [
    { name: 'RequireDualStack gets one IP of each family, IPv4 first', spec: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }, want: ['192.0.2.0', '2001:db8::'] },
    { name: 'PreferDualStack gets both when the pool has both', spec: { ipFamilyPolicy: 'PreferDualStack' }, want: ['192.0.2.0', '2001:db8::'] },
    { name: 'SingleStack IPv6 gets an IPv6 address', spec: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }, want: ['2001:db8::'] },
  ];
  for (const c of dualStack) {
    it(`dual-stack: ${c.name}`, async () => {
      const { kube } = cluster;
      await createPool(kube, 'dual', ['192.0.2.0/30', '2001:db8::/126']);
      await createService(kube, 'ds', { spec: { type: 'LoadBalancer', ...c.spec } });
      await waitForIPs(kube, 'ds', c.want);
    });
  }

  it('dual-stack: PreferDualStack settles for the primary family when no pool has both', async () => {
    const { kube } = cluster;
    await createPool(kube, 'v4-only', ['192.0.2.0/30']);
    await createService(kube, 'ds', { spec: { type: 'LoadBalancer', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] } });
    await waitForIPs(kube, 'ds', ['192.0.2.0']);
  });

  it('a service of a foreign loadBalancerClass gets nothing, not even an event', async () => {
    const { kube } = cluster;
    await createPool(kube, 'general', ['192.0.2.0/29']);
    await createService(kube, 'foreign', { spec: { type: 'LoadBalancer', loadBalancerClass: 'example.com/other-lb' } });
    // Created after it, so once this one has its IP the controller has seen the foreign one too.
    await createService(kube, 'ours');
    await waitForIPs(kube, 'ours', ['192.0.2.0']);
    await controller.idle();
    expect(ingressOf(await getService(kube, 'foreign'))).toEqual([]);
    expect(await eventsFor(kube, 'default', 'foreign')).toEqual([]);
  });
});

describe('a controller with a loadBalancerClass', () => {
  it('serves only services of its class', async () => {
    const { kube } = cluster;
    await controller.stop();
    const classy = await runController(kube, { loadBalancerClass: 'ironlb.io/l2' });
    try {
      await createPool(kube, 'general', ['192.0.2.0/29']);
      await createService(kube, 'classless');
      await createService(kube, 'mine', { spec: { type: 'LoadBalancer', loadBalancerClass: 'ironlb.io/l2' } });
      await waitForIPs(kube, 'mine', ['192.0.2.0']);
      await classy.idle();
      expect(ingressOf(await getService(kube, 'classless'))).toEqual([]);
    } finally {
      await classy.stop();
      controller = await runController(kube);
    }
  });
});
