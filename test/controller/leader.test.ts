// Only one active controller: Lease ironlb-controller elects it; the standby takes over on a
// clean stop at once, and after a crash when the lease expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, formatMicroTime, getObject, RESOURCES, type LeaseObject } from '../../server/kube';
import {
  cleanUp,
  createPool,
  createService,
  eventsFor,
  eventually,
  NS,
  runController,
  startCluster,
  waitForEvent,
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

const leaseHolder = async () =>
  (await getObject<LeaseObject>(cluster.kube, RESOURCES.leases, { namespace: NS, name: 'ironlb-controller' }))?.spec?.holderIdentity;

describe('controller leader election', () => {
  it('two controllers on one lease: only the holder allocates, and the standby takes over when it stops', async () => {
    const { kube } = cluster;
    await createPool(kube, 'pool', ['192.0.2.0/28']);
    const first = await runController(kube, { identity: 'ctl-first', leaseDurationMs: 10_000 });
    await eventually(async () => (await leaseHolder()) === 'ctl-first', 'ctl-first to hold the lease');
    const second = await runController(kube, { identity: 'ctl-second', leaseDurationMs: 10_000 });
    try {
      for (let i = 0; i < 4; i++) await createService(kube, `svc-${i}`);
      for (let i = 0; i < 4; i++) await waitForIPs(kube, `svc-${i}`, [`192.0.2.${i}`]);
      expect(first.isLeader()).toBe(true);
      expect(second.isLeader()).toBe(false);
      for (let i = 0; i < 4; i++) {
        await waitForEvent(kube, 'default', `svc-${i}`, 'IPAllocated', `192.0.2.${i}`);
        const hosts = (await eventsFor(kube, 'default', `svc-${i}`)).map((e) => e.host);
        expect(new Set(hosts)).toEqual(new Set(['ctl-first']));
      }

      await first.stop();
      await eventually(async () => (await leaseHolder()) === 'ctl-second', 'ctl-second to take the lease');
      expect(await second.waitReady()).toBe(true);
      await createService(kube, 'after-handover');
      await waitForIPs(kube, 'after-handover', ['192.0.2.4']);
      expect((await waitForEvent(kube, 'default', 'after-handover', 'IPAllocated', '192.0.2.4')).host).toBe('ctl-second');
      expect((await eventsFor(kube, 'default', 'after-handover')).map((e) => e.host)).toEqual(['ctl-second']);
      // The new leader rebuilt its state from Service status: nothing moved.
      for (let i = 0; i < 4; i++) await waitForIPs(kube, `svc-${i}`, [`192.0.2.${i}`]);
    } finally {
      await first.stop();
      await second.stop();
      await cleanUp(kube);
    }
  });

  it('a standby waits while a crashed leader\'s lease is live, then takes over when it expires', async () => {
    const { kube } = cluster;
    await createPool(kube, 'pool', ['198.51.100.0/28']);
    // A leader that crashed just now: its lease was renewed a moment ago and is never renewed again.
    const now = new Date();
    await createObject<LeaseObject>(kube, RESOURCES.leases, {
      metadata: { name: 'ironlb-crash', namespace: NS, annotations: { 'ironlb.io/lease-duration-ms': '2000' } },
      spec: { holderIdentity: 'crashed', leaseDurationSeconds: 2, acquireTime: formatMicroTime(now), renewTime: formatMicroTime(now) },
    });
    const standby = await runController(kube, { identity: 'standby', leaseName: 'ironlb-crash', leaseDurationMs: 2000 });
    try {
      await createService(kube, 'waits');
      const started = Date.now();
      await waitForIPs(kube, 'waits', ['198.51.100.0']);
      // Not before the crashed holder's lease ran out (renewed at `now`, 2 s long).
      expect(Date.now() - now.getTime()).toBeGreaterThanOrEqual(2000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await getObject<LeaseObject>(kube, RESOURCES.leases, { namespace: NS, name: 'ironlb-crash' }))?.spec).toMatchObject({
        holderIdentity: 'standby',
        leaseTransitions: 1,
      });
    } finally {
      await standby.stop();
      await cleanUp(kube);
    }
  });
});
