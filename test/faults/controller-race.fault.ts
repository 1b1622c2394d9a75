// Two controllers racing for the Lease while services and pools churn; every few seconds one of
// them (leader or standby, at random) is killed -9 and a new one joins the race.
import { patchObject, RESOURCES } from '../../server/kube';
import { statusIPs } from '../../lib/reconcile/controller-service';
import { NS, startCluster } from '../support/cluster';
import { spawnController, type ControllerProcess } from './support/controller-process';
import { randomBelow, snapshotCluster, Tally, type FaultReport } from './support/scenario';
import { createPools, createService, deleteService } from './support/services';

const LEASE_MS = 2000;
const WIDE = ['192.0.2.0/24', '198.51.100.0/24'];

export async function runControllerRace(seconds: number, killEveryMs: number): Promise<FaultReport> {
  const cluster = await startCluster('ironlb-fault-race-');
  const { kube } = cluster;
  const tally = new Tally();
  const spawned: ControllerProcess[] = [];
  const join = () => {
    const c = spawnController(cluster.api.componentsKubeconfigPath, `racer-${spawned.length + 1}`, LEASE_MS);
    spawned.push(c);
    return c;
  };
  const live = new Set<number>();
  let changes = 0;
  let narrow = false;
  try {
    await createPools(kube, [{ name: 'v6', addresses: ['2001:db8::/112'] }, { name: 'v4', addresses: WIDE }]);
    const racers = [join(), join()];
    const t0 = Date.now();
    let nextKill = t0 + killEveryMs;
    let nextCheck = t0;
    for (let i = 0; Date.now() - t0 < seconds * 1000; i++) {
      changes++;
      if (i % 25 === 24) {
        // The v4 pool loses and regains its second range: IPs there must move, the others must not.
        narrow = !narrow;
        await patchObject(kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'v4' }, { spec: { addresses: narrow ? WIDE.slice(0, 1) : WIDE } });
      } else if (live.size > 60 && randomBelow(2) === 0) {
        const n = [...live][randomBelow(live.size)];
        live.delete(n);
        await deleteService(kube, `svc-${n}`);
      } else {
        const n = randomBelow(400);
        if (!live.has(n)) {
          live.add(n);
          await createService(kube, `svc-${n}`, n);
        }
      }
      if (Date.now() >= nextKill) {
        nextKill += killEveryMs;
        const victim = randomBelow(2);
        await racers[victim].kill9();
        tally.faults++;
        racers[victim] = join();
      }
      if (Date.now() >= nextCheck) {
        nextCheck += 2000;
        tally.check(`${Math.round((Date.now() - t0) / 1000)} s of racing`, { now: await snapshotCluster(kube) });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const deadline = Date.now() + 60_000;
    let snap = await snapshotCluster(kube);
    const pending = () => snap.services.filter((s) => s.spec?.type === 'LoadBalancer' && statusIPs(s).length === 0);
    while (pending().length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      snap = await snapshotCluster(kube);
    }
    tally.check('the end of the churn', { now: snap });
    if (pending().length > 0) tally.record('pending', pending().slice(0, 5).map((s) => s.metadata.name).join(', '), `${pending().length} services without an IP a minute after the churn stopped`);
    return {
      title: 'Two controllers racing for the Lease while services and pools churn',
      did: `Two controller processes (lease ${LEASE_MS / 1000} s) on the embedded API server; for ${seconds} s about 10 changes a second (services created and deleted, IPv6 and IPv4 pairs sharing an IP by key; every 25th change the IPv4 pool losing or regaining its second /24); every ${killEveryMs / 1000} s one of the two, chosen at random, killed -9 and a new one started.`,
      checked: 'Every 2 s: no IP held by two services that may not share it, none outside its pool, none moved unless its pool changed. After the churn: every service has an IP.',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'changes made', value: changes }, { name: 'controllers started', value: spawned.length }, { name: 'invariant checks', value: tally.checks }],
    };
  } finally {
    for (const c of spawned) await c.kill9();
    await cluster.close();
  }
}

export default () => runControllerRace(180, 5000);
