// Restart safety (MetalLB bugs #1774, #2443, #2479): the controller's only memory is Service
// status, and restarting it must never move an IP, whatever order services come back in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPool,
  createService,
  deletePool,
  deleteService,
  eventually,
  eventsFor,
  getService,
  ingressOf,
  runController,
  startCluster,
  waitForIPs,
  type Cluster,
} from './support';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.close();
});

describe('controller restarts', () => {
  it('keeps 2 IPs with their 4 services across 5 restarts, while the pending services are recreated each time', async () => {
    const { kube } = cluster;
    await createPool(kube, 'two', ['192.0.2.100-192.0.2.101']);
    let controller = await runController(kube);
    // Names sort the pending services first, so a controller that walks services in list order
    // (instead of holders first) would hand them the IPs on restart.
    await createService(kube, 'zz-holder-1');
    await waitForIPs(kube, 'zz-holder-1', ['192.0.2.100']);
    await createService(kube, 'zz-holder-2');
    await waitForIPs(kube, 'zz-holder-2', ['192.0.2.101']);
    await createService(kube, 'aa-pending-1');
    await createService(kube, 'aa-pending-2');
    await eventually(async () => (await eventsFor(kube, 'default', 'aa-pending-2')).some((e) => e.reason === 'AllocationFailed'), 'pending service to be refused');
    await controller.stop();

    for (let round = 1; round <= 5; round++) {
      // While no controller runs, the pending services come and go (fresh creation times too).
      await deleteService(kube, 'aa-pending-1');
      await createService(kube, 'aa-pending-1');
      controller = await runController(kube);
      expect(await controller.waitReady()).toBe(true);
      await controller.idle();
      expect(ingressOf(await getService(kube, 'zz-holder-1'))).toEqual(['192.0.2.100']);
      expect(ingressOf(await getService(kube, 'zz-holder-2'))).toEqual(['192.0.2.101']);
      expect(ingressOf(await getService(kube, 'aa-pending-1'))).toEqual([]);
      expect(ingressOf(await getService(kube, 'aa-pending-2'))).toEqual([]);
      await controller.stop();
    }
    for (const name of ['zz-holder-1', 'zz-holder-2']) {
      const allocated = (await eventsFor(kube, 'default', name)).filter((e) => e.reason === 'IPAllocated' || e.reason === 'ClearAssignment');
      expect(allocated.map((e) => `${e.reason} x${e.count}`)).toEqual(['IPAllocated x1']);
    }
    for (const name of ['zz-holder-1', 'zz-holder-2', 'aa-pending-1', 'aa-pending-2']) await deleteService(kube, name);
    await deletePool(kube, 'two');
  });

  it('a restarted controller writes nothing for services that already show their IPs', async () => {
    const { kube } = cluster;
    await createPool(kube, 'steady', ['198.51.100.10-198.51.100.12']);
    let controller = await runController(kube);
    await createService(kube, 's1', { annotations: { 'metallb.io/address-pool': 'steady' } });
    await createService(kube, 's2', { annotations: { 'metallb.io/address-pool': 'steady' } });
    const before = [await waitForIPs(kube, 's1', ['198.51.100.10']), await waitForIPs(kube, 's2', ['198.51.100.11'])];
    await controller.idle();
    await controller.stop();
    controller = await runController(kube);
    await controller.waitReady();
    await controller.idle();
    const after = [await getService(kube, 's1'), await getService(kube, 's2')];
    expect(after.map((s) => s?.metadata.resourceVersion)).toEqual(before.map((s) => s.metadata.resourceVersion));
    await controller.stop();
  });
});
