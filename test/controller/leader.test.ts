// Only one active controller: Lease ironlb-controller elects it; the standby takes over on a
// clean stop at once, and after a crash when the lease expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, formatMicroTime, getObject, patchObject, RESOURCES, type LeaseObject } from '../../server/kube';
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

  it('the leader renews with one write and no read; a write by anyone else sends it back to reading the lease', async () => {
    const { api, kube } = cluster;
    const lease = { namespace: NS, name: 'ironlb-renew' };
    /** The lease requests the server saw over `ms`, by verb (only the controller touches the lease meanwhile). */
    const requestsOver = async (ms: number) => {
      const from = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      const verbs: Record<string, number> = {};
      for (const r of api.requests.entries()) {
        if (r.at >= from && r.resource === 'leases' && r.name === lease.name) verbs[r.verb] = (verbs[r.verb] ?? 0) + 1;
      }
      return verbs;
    };
    const read = async () => (await getObject<LeaseObject>(kube, RESOURCES.leases, lease))!;
    const leader = await runController(kube, { identity: 'renewer', leaseName: lease.name, leaseDurationMs: 5000, renewMs: 100 });
    try {
      await eventually(() => leader.isLeader(), 'the controller to lead');
      // Renewed every 100 ms: a PUT each time, no GET (client-go's fast path for the holder).
      const steady = await requestsOver(1000);
      expect(steady.update).toBeGreaterThanOrEqual(4);
      expect(steady.get).toBeUndefined();

      // An admin labels the lease: the next renewal gets 409, reads the lease, and renews what it read.
      await patchObject(kube, RESOURCES.leases, lease, { metadata: { labels: { team: 'net' } } });
      const after = await requestsOver(1000);
      expect(after.get).toBeGreaterThanOrEqual(1);
      expect(leader.isLeader()).toBe(true);
      const relabelled = await read();
      expect(relabelled.metadata.labels).toMatchObject({ team: 'net' });
      expect(relabelled.spec).toMatchObject({ holderIdentity: 'renewer', leaseTransitions: 0 });
      expect(Date.now() - new Date(relabelled.spec!.renewTime!).getTime()).toBeLessThan(1000);

      // Someone else writes itself in as holder: the renewal fails, the read shows a live holder, and the controller steps down.
      await patchObject(kube, RESOURCES.leases, lease, { spec: { holderIdentity: 'intruder', renewTime: formatMicroTime(new Date()) } });
      await eventually(() => !leader.isLeader(), 'the controller to step down');
      expect((await read()).spec?.holderIdentity).toBe('intruder');
    } finally {
      await leader.stop();
    }
  });
});
