// The controller killed -9 at random points while 2,000 services converge: each restart keeps
// every IP already handed out, never hands one IP to two services, and in the end all converge.
import { startCluster } from '../support/cluster';
import { spawnController, type ControllerProcess } from './support/controller-process';
import { inParallel, randomBelow, snapshotCluster, Tally, type FaultReport } from './support/scenario';
import { createPools, createService, deleteService } from './support/services';
import { statusIPs } from '../../lib/reconcile/controller-service';

const LEASE_MS = 2000;

async function waitConverged(snapshot: () => ReturnType<typeof snapshotCluster>, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const snap = await snapshot();
    const waiting = snap.services.filter((s) => s.spec?.type === 'LoadBalancer' && statusIPs(s).length === 0).map((s) => s.metadata.name ?? '');
    if (waiting.length === 0 || Date.now() > deadline) return { snap, pending: waiting.length, waiting };
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runControllerKills(services: number, kills: number, maxKillDelayMs: number): Promise<FaultReport> {
  const cluster = await startCluster('ironlb-fault-ctl-');
  const { kube } = cluster;
  const tally = new Tally();
  const snapshot = () => snapshotCluster(kube);
  let controller: ControllerProcess | undefined;
  let churned = 0;
  try {
    await createPools(kube);
    await inParallel(services, 16, (i) => createService(kube, `svc-${i}`, i));
    tally.check('creating the services', { now: await snapshot() });
    for (let round = 1; round <= kills; round++) {
      // Fresh work every round: some services go and come back (new uid, so they may get a new IP).
      const batch = Array.from({ length: Math.ceil(services / 20) }, () => randomBelow(services));
      for (const i of new Set(batch)) await deleteService(kube, `svc-${i}`);
      for (const i of new Set(batch)) await createService(kube, `svc-${i}`, i);
      churned += new Set(batch).size;
      controller = spawnController(cluster.api.componentsKubeconfigPath, `ctl-${round}`, LEASE_MS);
      await controller.saw('leading');
      await new Promise((r) => setTimeout(r, randomBelow(maxKillDelayMs)));
      await controller.kill9();
      tally.faults++;
      tally.check(`kill ${round}`, { now: await snapshot() });
    }
    controller = spawnController(cluster.api.componentsKubeconfigPath, 'ctl-final', LEASE_MS);
    await controller.saw('ready');
    const { snap, pending, waiting } = await waitConverged(snapshot, 60_000);
    tally.check('the final convergence', { now: snap });
    if (pending > 0) tally.record('pending', waiting.slice(0, 5).join(', '), `${pending} services still without an IP a minute after the last restart`);
    await controller.stop();
    controller = undefined;
    return {
      title: 'Controller killed -9 while 2,000 services converge',
      did: `${services} LoadBalancer services (IPv6 from 2001:db8::/112; a fifth are IPv4 pairs sharing one IP by key from 192.0.2.0/24 and 198.51.100.0/24) on the embedded API server. ${kills} times: about ${Math.ceil(services / 20)} services deleted and created again, a controller process started (lease ${LEASE_MS / 1000} s), and killed -9 at a random point 0 to ${maxKillDelayMs} ms after it took the lease. Then one more controller runs to the end.`,
      checked: 'After every kill and at the end: no IP held by two services that may not share it, no IP outside its pool, no service that kept its identity lost or changed its IP (pools never change here); at the end every service has an IP.',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'services recreated between kills', value: churned }, { name: 'invariant checks', value: tally.checks }, { name: 'services without an IP at the end', value: pending }],
    };
  } finally {
    await controller?.kill9();
    await cluster.close();
  }
}

export default () => runControllerKills(2000, 20, 3000);
