// An embedded cluster whose controller and three simulated speakers reach the API server only
// through a fault proxy (slow, or cut off), with a direct watch counting service writes that
// changed nothing visible; and the checks the proxy scenarios share.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import pino from 'pino';
import { VirtualLan } from '../../../server/speaker/transport';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../../server/speaker/simulated';
import { createController } from '../../../server/controller';
import { createInformer, createKube, RESOURCES, type Kube, type KubeObject } from '../../../server/kube';
import { statusIPs, type ServiceObject } from '../../../lib/reconcile/controller-service';
import { NS, startCluster, type Cluster } from '../../support/cluster';
import { eventsFor } from '../../controller/support';
import { createAdvertisement, createNode } from '../../speaker/support';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { snapshotCluster, type Tally } from './scenario';
import { createPools } from './services';

export const NODES = ['node-a', 'node-b', 'node-c'];

/** A write that changed nothing a user could see: status, spec, labels and annotations all equal. */
const visible = (o: KubeObject & { spec?: unknown; status?: unknown }) =>
  JSON.stringify([o.metadata.labels ?? {}, o.metadata.annotations ?? {}, o.spec, o.status]);

export interface ProxiedCluster {
  cluster: Cluster;
  proxy: FaultProxy;
  /** client-node through the proxy (what the controller and speakers use). */
  slow: Kube;
  sim: SimulatedSpeakers;
  /** Warnings and errors the controller and speakers logged. */
  logs: string[];
  noOpWrites(): number;
  close(): Promise<void>;
}

export async function startProxiedCluster(delayMs: number): Promise<ProxiedCluster> {
  const cluster = await startCluster('ironlb-fault-proxied-');
  const proxy = await startFaultProxy(cluster.api.port, delayMs);
  const slow = createKube({ kubeconfigPath: proxy.kubeconfigThrough(cluster.api.componentsKubeconfigPath, join(cluster.dataDir, 'proxied.kubeconfig')) });
  const stop = new AbortController();
  setMaxListeners(64, stop.signal); // the controller's and the speakers' informers and watches
  const logs: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void logs.push(s) });
  let noOps = 0;
  const watch = createInformer<KubeObject>({
    kube: cluster.kube, resource: RESOURCES.services, namespace: 'default',
    onEvent: (e) => {
      if (e.type === 'modified' && e.old && visible(e.old) === visible(e.object)) noOps++;
    },
  });
  const watching = watch.start(stop.signal);
  await createPools(cluster.kube, [{ name: 'v4', addresses: ['192.0.2.0/24'] }, { name: 'v6', addresses: ['2001:db8::/112'] }]);
  await createAdvertisement(cluster.kube, 'l2', {});
  for (const n of NODES) await createNode(cluster.kube, n);
  const running = createController({ kube: slow, systemNamespace: NS, logger }).start(stop.signal);
  const sim = startSimulatedSpeakers({ kube: slow, lan: new VirtualLan(), systemNamespace: NS, signal: stop.signal, logger });
  return {
    cluster, proxy, slow, sim, logs,
    noOpWrites: () => noOps,
    async close() {
      stop.abort();
      await Promise.all([running, sim.stopped, watching]);
      await proxy.close();
      await cluster.close();
    },
  };
}

/** Which simulated speakers announce each IP the services hold. */
export function announcers(p: ProxiedCluster, services: readonly ServiceObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services) for (const ip of statusIPs(s)) out.set(ip, [...p.sim.speakers()].filter(([, sp]) => sp.announced().has(ip)).map(([n]) => n));
  return out;
}

/** Waits until every LoadBalancer service has an IP and each IP one announcer (or the deadline). */
export async function converged(p: ProxiedCluster, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const snap = await snapshotCluster(p.cluster.kube);
    const lbs = snap.services.filter((s) => s.spec?.type === 'LoadBalancer');
    const answers = announcers(p, lbs);
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

/**
 * Work done twice (more than one IPAllocated per service, writes that changed nothing) and,
 * when the API was only slow, timeouts logged. Returns the services that have no IPAllocated event (`waitMs` after the rest).
 */
export async function checkNoDuplicateWork(p: ProxiedCluster, tally: Tally, names: string[], opts: { waitMs: number; timeoutsAreWrong: boolean }): Promise<string[]> {
  const counts = await allocationCounts(p.cluster.kube, names, opts.waitMs);
  for (const [name, count] of counts) {
    if (count > 1) tally.record('duplicateWrite', `default/${name}`, `${count} IPAllocated events, wanted 1`);
  }
  if (p.noOpWrites() > 0) tally.record('duplicateWrite', 'services', `${p.noOpWrites()} service writes changed nothing visible`);
  // A timeout is wrong when the API was only slow (not a watch's own timeoutSeconds).
  const timeouts = opts.timeoutsAreWrong ? p.logs.filter((l) => /timed out|ETIMEDOUT|TimeoutError|\btimeout\b/i.test(l)) : [];
  for (const line of timeouts.slice(0, 5)) tally.record('wrongError', 'log', line.slice(0, 300));
  return [...counts].filter(([, c]) => c === 0).map(([n]) => n);
}
