// A slow API: 300 ms added to everything the API server sends (a proxy), under the controller,
// three simulated speakers and the user's own writes. Nothing may time out that should not, and
// nothing may be written twice: every service converges with one IPAllocated and one announcer.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import pino from 'pino';
import { VirtualLan } from '../../server/speaker/transport';
import { startSimulatedSpeakers } from '../../server/speaker/simulated';
import { createController } from '../../server/controller';
import { createInformer, createKube, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { statusIPs } from '../../lib/reconcile/controller-service';
import { NS, startCluster } from '../support/cluster';
import { eventsFor } from '../controller/support';
import { createAdvertisement, createNode, setEndpoints } from '../speaker/support';
import { startFaultProxy } from './support/fault-proxy';
import { inParallel, snapshotCluster, Tally, type FaultReport } from './support/scenario';
import { createPools, createService, deleteService } from './support/services';

const NODES = ['node-a', 'node-b', 'node-c'];

/** A write that changed nothing a user could see: status, spec, labels and annotations all equal. */
const visible = (o: KubeObject & { spec?: unknown; status?: unknown }) =>
  JSON.stringify([o.metadata.labels ?? {}, o.metadata.annotations ?? {}, o.spec, o.status]);

function capture(lines: string[]) {
  return pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
}

async function converged(kube: Kube, sim: ReturnType<typeof startSimulatedSpeakers>, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const snap = await snapshotCluster(kube);
    const lbs = snap.services.filter((s) => s.spec?.type === 'LoadBalancer');
    const answers = new Map<string, string[]>();
    for (const s of lbs) for (const ip of statusIPs(s)) answers.set(ip, [...sim.speakers()].filter(([, sp]) => sp.announced().has(ip)).map(([n]) => n));
    const done = lbs.every((s) => statusIPs(s).length > 0) && [...answers.values()].every((a) => a.length === 1);
    if (done || Date.now() > deadline) return { snap, answers, done };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** IPAllocated events per service, once every service has at least one (or the deadline passed). */
async function allocationCounts(kube: Kube, names: string[], deadlineMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const counts = new Map<string, number>();
    for (const name of names) {
      const allocated = (await eventsFor(kube, 'default', name)).filter((e) => e.reason === 'IPAllocated');
      counts.set(name, allocated.reduce((n, e) => n + e.count, 0));
    }
    if ([...counts.values()].every((c) => c > 0) || Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function runSlowApi(services: number, delayMs: number): Promise<FaultReport> {
  const cluster = await startCluster('ironlb-fault-slow-');
  const proxy = await startFaultProxy(cluster.api.port, delayMs);
  const slow = createKube({ kubeconfigPath: proxy.kubeconfigThrough(cluster.api.componentsKubeconfigPath, join(cluster.dataDir, 'slow.kubeconfig')) });
  const tally = new Tally();
  const stop = new AbortController();
  setMaxListeners(64, stop.signal); // the controller's and the speakers' informers and watches
  const logs: string[] = [];
  let noOpWrites = 0;
  const watch = createInformer<KubeObject>({
    kube: cluster.kube, resource: RESOURCES.services, namespace: 'default',
    onEvent: (e) => {
      if (e.type === 'modified' && e.old && visible(e.old) === visible(e.object)) noOpWrites++;
    },
  });
  const watching = watch.start(stop.signal);
  try {
    await createPools(cluster.kube, [{ name: 'v4', addresses: ['192.0.2.0/24'] }, { name: 'v6', addresses: ['2001:db8::/112'] }]);
    await createAdvertisement(cluster.kube, 'l2', {});
    for (const n of NODES) await createNode(cluster.kube, n);
    const controller = createController({ kube: slow, systemNamespace: NS, logger: capture(logs) });
    const running = controller.start(stop.signal);
    const sim = startSimulatedSpeakers({ kube: slow, lan: new VirtualLan(), systemNamespace: NS, signal: stop.signal, logger: capture(logs) });
    // The user's writes go through the slow API too: each must succeed once, never twice.
    await inParallel(services, 8, async (i) => {
      await createService(slow, `svc-${i}`, i);
      await setEndpoints(cluster.kube, `svc-${i}`, NODES);
    });
    let seen = await converged(cluster.kube, sim, 120_000);
    tally.check('converging through the slow API', { now: seen.snap, answers: seen.answers });
    for (let i = 0; i < services; i += 5) await deleteService(slow, `svc-${i}`);
    await inParallel(Math.ceil(services / 5), 4, (k) => createService(slow, `svc-${k * 5}`, k * 5).then(() => setEndpoints(cluster.kube, `svc-${k * 5}`, NODES)));
    seen = await converged(cluster.kube, sim, 120_000);
    tally.check('services deleted and created again', { now: seen.snap, answers: seen.answers });
    tally.faults = proxy.chunks();
    if (!seen.done) tally.record('pending', 'services', 'not every service has an IP and one announcer two minutes after the last change');
    // Events trail the status writes; services made again under an old name have the old one's events too.
    const kept = Array.from({ length: services }, (_, i) => i).filter((i) => i % 5 !== 0).map((i) => `svc-${i}`);
    const allocations = await allocationCounts(cluster.kube, kept, 60_000);
    for (const [name, count] of allocations) if (count !== 1) tally.record('duplicateWrite', `default/${name}`, `${count} IPAllocated events, wanted 1`);
    if (noOpWrites > 0) tally.record('duplicateWrite', 'services', `${noOpWrites} service writes changed nothing visible`);
    for (const line of logs.filter((l) => /time(d)? ?out/i.test(l)).slice(0, 5)) tally.record('wrongError', 'log', line.slice(0, 300));
    stop.abort();
    await Promise.all([running, sim.stopped, watching]);
    return {
      title: `Slow API: ${delayMs} ms added to every answer`,
      did: `A TCP proxy delays every chunk the embedded API server sends by ${delayMs} ms (TLS passes through). The controller (default lease 15 s, renew 2 s) and three simulated speakers talk only through it; ${services} LoadBalancer services are created through it, then a fifth deleted and created again.`,
      checked: 'After each phase: every service has an IP and exactly one speaker announces each IP; no IP shared against the rules or outside its pool; no IP moved. Then: one IPAllocated event per service that was never deleted (no allocation done twice), no service write that changed nothing visible (a watch on a direct connection), and no "timeout" in the controller or speaker logs (warn and above).',
      faults: tally.faults,
      violations: tally.violations,
      rows: [{ name: 'delayed chunks (the "faults" figure)', value: proxy.chunks() }, { name: 'warnings and errors logged', value: logs.length }],
    };
  } finally {
    stop.abort();
    await proxy.close();
    await cluster.close();
  }
}

export default () => runSlowApi(200, 300);
