// Restart safety (MetalLB bugs #1774, #2443, #2479): the controller's only memory is Service
// status, and restarting it must never move an IP, whatever order services come back in.
import pino from 'pino';
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
  patchService,
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

  it('a service changed while the first pass is under way is decided again, once, on what it is now', async () => {
    const { kube } = cluster;
    await createPool(kube, 'wide', ['203.0.113.0/24', '192.0.2.0/24']);
    const inWide = { annotations: { 'metallb.io/address-pool': 'wide' } };
    // 400 pending services first (203.0.113.0-255, then 192.0.2.0-143); the two that change come
    // last in the first pass's order (pending ones by creation time), so the pass has decided them
    // (192.0.2.144 and .145) long before it writes them.
    const bulk = Array.from({ length: 400 }, (_, i) => `bulk-${i}`);
    for (let i = 0; i < bulk.length; i += 8) await Promise.all(bulk.slice(i, i + 8).map((name) => createService(kube, name, inWide)));
    await createService(kube, 'zz-asks', inWide);
    await createService(kube, 'zz-relabelled', inWide);
    // The configuration loads, and every decision of the first pass is made, before the first write.
    let configLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (configLoaded = resolve));
    const logger = pino({ level: 'info' }, { write: (line: string) => (JSON.parse(line) as { op?: string }).op === 'config' && configLoaded() });
    const controller = await runController(kube, { logger });
    await loaded;
    await Promise.all([
      patchService(kube, 'zz-asks', { metadata: { annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.200' } } }),
      patchService(kube, 'zz-relabelled', { metadata: { labels: { tier: 'web' } } }),
    ]);
    expect(await controller.waitReady()).toBe(true);
    await controller.idle();
    await waitForIPs(kube, 'zz-asks', ['192.0.2.200']);
    // The lowest address free once zz-asks gave back the one the pass had meant for it.
    await waitForIPs(kube, 'zz-relabelled', ['192.0.2.144']);
    await controller.stop(); // writes the events still queued
    // One IPAllocated each: a decision made before the change and written anyway would show as a
    // second event (or, for the relabelled one, as none: its IPs would look unchanged).
    const allocated = async (name: string) => (await eventsFor(kube, 'default', name)).filter((e) => e.reason === 'IPAllocated').map((e) => e.message);
    expect(await allocated('zz-asks')).toEqual(['Assigned IP ["192.0.2.200"]']);
    expect(await allocated('zz-relabelled')).toEqual(['Assigned IP ["192.0.2.144"]']);
    for (const name of [...bulk, 'zz-asks', 'zz-relabelled']) await deleteService(kube, name);
    await deletePool(kube, 'wide');
  });
});
