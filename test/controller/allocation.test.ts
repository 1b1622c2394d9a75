// MetalLB's assignment scenarios, end to end: controller + embedded API server + client-node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsText } from '../../server/controller';
import { getObject, RESOURCES, type KubeObject } from '../../server/kube';
import {
  createPool,
  createService,
  deletePool,
  deleteService,
  eventually,
  eventsFor,
  NS,
  patchService,
  runController,
  startCluster,
  waitForEvent,
  waitForIPs,
  type Cluster,
  type RunningController,
} from './support';

let cluster: Cluster;
let controller: RunningController;

beforeAll(async () => {
  cluster = await startCluster();
  controller = await runController(cluster.kube);
});
afterAll(async () => {
  await controller?.stop();
  await cluster?.close();
});

describe('controller allocation', () => {
  it('reports a requested IP outside every pool, or outside the requested pool, as AllocationFailed with MetalLB\'s words', async () => {
    const { kube } = cluster;
    await createPool(kube, 'asked', ['198.51.100.8/30']);
    await createPool(kube, 'other', ['198.51.100.16/30']);
    await createService(kube, 'outside', { annotations: { 'metallb.io/loadBalancerIPs': '203.0.113.99' } });
    await waitForEvent(kube, 'default', 'outside', 'AllocationFailed', 'Failed to allocate IP for "default/outside": "203.0.113.99" is not allowed in config');
    await createService(kube, 'elsewhere', { annotations: { 'metallb.io/loadBalancerIPs': '198.51.100.17', 'metallb.io/address-pool': 'asked' } });
    await waitForEvent(kube, 'default', 'elsewhere', 'AllocationFailed', 'Failed to allocate IP for "default/elsewhere": "198.51.100.17" is not in pool "asked"');
    expect((await eventsFor(kube, 'default', 'outside')).some((e) => e.reason === 'LoadBalancerFailed')).toBe(false);
    for (const name of ['outside', 'elsewhere']) await deleteService(kube, name);
    for (const name of ['asked', 'other']) await deletePool(kube, name);
  });

  it('hands the freed /32 to the pending service when the holder is deleted', async () => {
    const { kube } = cluster;
    await createPool(kube, 'single', ['192.0.2.1/32']);
    await createService(kube, 'holder');
    await waitForIPs(kube, 'holder', ['192.0.2.1']);
    await createService(kube, 'waiter');
    await waitForEvent(kube, 'default', 'waiter', 'AllocationFailed', 'Failed to allocate IP for "default/waiter": no available IPs');
    await deleteService(kube, 'holder');
    const waiter = await waitForIPs(kube, 'waiter', ['192.0.2.1']);
    expect(waiter.metadata.annotations?.['metallb.io/ip-allocated-from-pool']).toBe('single');
    await deleteService(kube, 'waiter');
    await deletePool(kube, 'single');
  });

  it('hands the freed /32 to the pending service when the holder becomes ClusterIP', async () => {
    const { kube } = cluster;
    await createPool(kube, 'single2', ['192.0.2.2/32']);
    await createService(kube, 'holder2');
    await waitForIPs(kube, 'holder2', ['192.0.2.2']);
    await createService(kube, 'waiter2');
    await waitForEvent(kube, 'default', 'waiter2', 'AllocationFailed', 'no available IPs');
    await patchService(kube, 'holder2', { spec: { type: 'ClusterIP' } });
    await waitForIPs(kube, 'waiter2', ['192.0.2.2']);
    const holder = await waitForIPs(kube, 'holder2', []);
    expect(holder.metadata.annotations?.['metallb.io/ip-allocated-from-pool']).toBeUndefined();
    await deleteService(kube, 'holder2');
    await deleteService(kube, 'waiter2');
    await deletePool(kube, 'single2');
  });

  it('reports allocation in an event and keeps the pool status counters current', async () => {
    const { kube } = cluster;
    await createPool(kube, 'counted', ['198.51.100.0/30']);
    await createService(kube, 'c1', { annotations: { 'metallb.io/address-pool': 'counted' } });
    await waitForIPs(kube, 'c1', ['198.51.100.0']);
    await waitForEvent(kube, 'default', 'c1', 'IPAllocated', 'Assigned IP ["198.51.100.0"]');
    const status = await eventually(async () => {
      const pool = await getObject<KubeObject & { status?: Record<string, number> }>(kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'counted' });
      return pool?.status?.assignedIPv4 === 1 ? pool.status : false;
    }, 'pool status to count one assigned IP');
    expect(status).toMatchObject({ assignedIPv4: 1, availableIPv4: 3, assignedIPv6: 0, availableIPv6: 0 });
    const metrics = await metricsText();
    expect(metrics).toContain('metallb_allocator_addresses_total{pool="counted"} 4');
    expect(metrics).toContain('metallb_allocator_addresses_in_use_total{pool="counted"} 1');
    expect(metrics).toMatch(/metallb_k8s_client_updates_total [1-9]/);
    await deleteService(kube, 'c1');
    await eventually(async () => {
      const pool = await getObject<KubeObject & { status?: Record<string, number> }>(kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'counted' });
      return pool?.status?.assignedIPv4 === 0 && pool.status.availableIPv4 === 4;
    }, 'pool status to go back to zero');
    await deletePool(kube, 'counted');
  });

  it('writes the pool annotation beside the IP, drops the deprecated one and keeps the user\'s; clears its own when the service leaves', async () => {
    const { kube } = cluster;
    await createPool(kube, 'annotated', ['198.51.100.40/30']);
    const user = { 'metallb.io/address-pool': 'annotated', 'example.com/owner': 'team-a' };
    await createService(kube, 'a1', { annotations: { ...user, 'metallb.universe.tf/ip-allocated-from-pool': 'stale' } });
    const assigned = await waitForIPs(kube, 'a1', ['198.51.100.40']);
    expect(assigned.metadata.annotations).toEqual({ ...user, 'metallb.io/ip-allocated-from-pool': 'annotated' });
    await patchService(kube, 'a1', { spec: { type: 'ClusterIP' } });
    const cleared = await waitForIPs(kube, 'a1', []);
    expect(cleared.metadata.annotations).toEqual(user);
    await deleteService(kube, 'a1');
    await deletePool(kube, 'annotated');
  });

  it('deleting a pinned pool re-allocates its services from another pool', async () => {
    const { kube } = cluster;
    await createPool(kube, 'fallback', ['203.0.113.10/32']);
    await createPool(kube, 'pinned', ['203.0.113.20/32'], { serviceAllocation: { priority: 1, namespaces: ['default'] } });
    await createService(kube, 'p1');
    await waitForIPs(kube, 'p1', ['203.0.113.20']);
    await deletePool(kube, 'pinned');
    await waitForIPs(kube, 'p1', ['203.0.113.10']);
    await waitForEvent(kube, 'default', 'p1', 'ClearAssignment', 'current IP for "default/p1" not allowed by config');
    await deleteService(kube, 'p1');
    await deletePool(kube, 'fallback');
  });

  it('deleting all pools clears the IPs, and a new pool brings them back', async () => {
    const { kube } = cluster;
    await createPool(kube, 'only', ['203.0.113.30-203.0.113.31']);
    await createService(kube, 'd1');
    await createService(kube, 'd2');
    await waitForIPs(kube, 'd1', ['203.0.113.30']);
    await waitForIPs(kube, 'd2', ['203.0.113.31']);
    await deletePool(kube, 'only');
    const d1 = await waitForIPs(kube, 'd1', []);
    await waitForIPs(kube, 'd2', []);
    expect(d1.metadata.annotations?.['metallb.io/ip-allocated-from-pool']).toBeUndefined();
    await createPool(kube, 'again', ['203.0.113.40/31']);
    await waitForIPs(kube, 'd1', ['203.0.113.40']);
    await waitForIPs(kube, 'd2', ['203.0.113.41']);
    await deleteService(kube, 'd1');
    await deleteService(kube, 'd2');
    await deletePool(kube, 'again');
  });

  it('does not flood the event store for a service that stays pending', async () => {
    const { kube } = cluster;
    await createPool(kube, 'tiny', ['192.0.2.50/32']);
    await createService(kube, 'busy');
    await waitForIPs(kube, 'busy', ['192.0.2.50']);
    await createService(kube, 'patient');
    await waitForEvent(kube, 'default', 'patient', 'AllocationFailed', 'no available IPs');
    // Churn that makes the controller retry pending services again and again.
    for (let i = 0; i < 5; i++) {
      await createService(kube, `churn-${i}`, { spec: { type: 'ClusterIP' } });
      await patchService(kube, 'patient', { metadata: { labels: { round: String(i) } } });
    }
    await eventually(async () => (await eventsFor(kube, 'default', 'patient')).some((e) => e.count >= 2), 'the failure event count to grow');
    const failures = (await eventsFor(kube, 'default', 'patient')).filter((e) => e.reason === 'AllocationFailed');
    expect(failures).toHaveLength(1);
  });
});
