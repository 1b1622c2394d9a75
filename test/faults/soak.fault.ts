// Soak: churn at 10 changes a second on the dashboard's embedded cluster (services created and
// deleted, a pool edited, nodes joining and leaving, a node's speaker stopped and back every
// minute) with the dashboard open in Chromium. Invariants are checked every 10 s; the app's RSS
// and open file descriptors and the page's JS heap are sampled and their slope reported.
import { readdirSync, readFileSync } from 'node:fs';
import { createObject, deleteObject, getObject, patchObject, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { startDashboard } from '../support/app';
import { openBrowser } from '../support/browser';
import { NS } from '../support/cluster';
import { randomBelow, snapshotCluster, Tally, type FaultOptions, type FaultReport } from './support/scenario';

const SERVICES_MAX = 120;
const DEMO_NODE = 'node01';

/** The process and its descendants (the app is one process with worker threads, but be sure). */
function processTree(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(' ') : []) out.push(...processTree(Number(c)));
    }
  } catch {
    // A process that ended meanwhile, or a kernel without /proc/<pid>/task/<tid>/children.
  }
  return out;
}

function sampleProcess(pid: number): { rssMb: number; fds: number } {
  let rssKb = 0;
  let fds = 0;
  for (const p of processTree(pid)) {
    rssKb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    fds += readdirSync(`/proc/${p}/fd`).length;
  }
  return { rssMb: rssKb / 1024, fds };
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

class Churn {
  readonly live = new Set<string>();
  changes = 0;
  private n = 0;
  private wide = false;
  private extraNode = 0;

  constructor(private readonly kube: Kube) {}

  /** One change: mostly a service made or deleted; every 100th a pool edit; every 150th a node joins or leaves. */
  async step(): Promise<void> {
    this.changes++;
    if (this.changes % 100 === 0) return this.editPool();
    if (this.changes % 150 === 0) return this.moveNode();
    if (this.live.size >= SERVICES_MAX || (this.live.size > 0 && randomBelow(3) === 0)) {
      const name = [...this.live][randomBelow(this.live.size)];
      this.live.delete(name);
      await deleteObject(this.kube, RESOURCES.services, { namespace: 'default', name });
      return;
    }
    const name = `soak-${++this.n}`;
    await createObject(this.kube, RESOURCES.services, {
      metadata: { name, namespace: 'default', annotations: { 'metallb.io/address-pool': 'soak' } },
      spec: { type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP' }], selector: { app: name }, allocateLoadBalancerNodePorts: false },
    });
    this.live.add(name);
  }

  private async editPool() {
    this.wide = !this.wide;
    const addresses = this.wide ? ['192.0.2.0/24', '198.51.100.0/25'] : ['192.0.2.0/24'];
    await patchObject(this.kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'soak' }, { spec: { addresses } });
  }

  private async moveNode() {
    const name = `soak-node-${this.extraNode % 2}`;
    if (this.extraNode++ % 4 < 2) await createObject(this.kube, RESOURCES.nodes, { metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
    else await deleteObject(this.kube, RESOURCES.nodes, { name });
  }

  /** A node's speaker goes (its Node deleted) and comes back, as a crashed and restarted one would look to its peers. */
  async bounceSpeaker(): Promise<void> {
    const node = await getObject<KubeObject & { spec?: unknown; status?: unknown }>(this.kube, RESOURCES.nodes, { name: DEMO_NODE });
    if (!node) throw new Error(`no node ${DEMO_NODE} to bounce`);
    await deleteObject(this.kube, RESOURCES.nodes, { name: DEMO_NODE });
    const { name, labels, annotations } = node.metadata;
    await createObject(this.kube, RESOURCES.nodes, { metadata: { name, labels, annotations }, spec: node.spec, status: node.status } as KubeObject);
  }
}

export async function runSoak(minutes: number): Promise<FaultReport> {
  const app = await startDashboard();
  const browser = await openBrowser(app);
  const tally = new Tally();
  const samples: { min: number; rssMb: number; fds: number; heapMb: number }[] = [];
  try {
    const kube = app.kube();
    await createObject(kube, RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'soak', namespace: NS }, spec: { addresses: ['192.0.2.0/24'] } });
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/services`);
    const churn = new Churn(kube);
    const t0 = Date.now();
    let nextCheck = t0;
    let nextBounce = t0 + 60_000;
    for (let tick = 0; Date.now() - t0 < minutes * 60_000; tick++) {
      // 10 changes a second: each tick is due 100 ms after the previous one's due time.
      const due = t0 + tick * 100;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await churn.step();
      if (Date.now() >= nextBounce) {
        nextBounce += 60_000;
        await churn.bounceSpeaker();
        tally.faults++;
      }
      if (Date.now() >= nextCheck) {
        nextCheck += 10_000;
        tally.check(`${Math.round((Date.now() - t0) / 1000)} s of churn`, { now: await snapshotCluster(kube, ['default', 'ingress-nginx']) });
        const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
        samples.push({ min: (Date.now() - t0) / 60_000, ...sampleProcess(app.pid), heapMb: heap / 2 ** 20 });
      }
    }
    tally.faults += churn.changes;
    // Growth is judged after warm-up (the first third: caches, JIT, the page's first renders).
    const steady = samples.slice(Math.floor(samples.length / 3));
    const per = (k: 'rssMb' | 'fds' | 'heapMb') => slope(steady.map((s) => ({ x: s.min, y: s[k] })));
    const first = samples[0];
    const last = samples[samples.length - 1];
    const rows = [
      { name: 'changes made', value: churn.changes },
      { name: 'invariant checks', value: tally.checks },
      { name: 'app RSS first / last sample', value: `${first.rssMb.toFixed(0)} / ${last.rssMb.toFixed(0)}`, unit: 'MB' },
      { name: 'app RSS slope after warm-up', value: per('rssMb').toFixed(2), unit: 'MB/min' },
      { name: 'app open file descriptors first / last', value: `${first.fds} / ${last.fds}` },
      { name: 'open file descriptors slope after warm-up', value: per('fds').toFixed(2), unit: 'fds/min' },
      { name: 'dashboard page JS heap first / last', value: `${first.heapMb.toFixed(1)} / ${last.heapMb.toFixed(1)}`, unit: 'MB' },
      { name: 'dashboard page JS heap slope after warm-up', value: per('heapMb').toFixed(2), unit: 'MB/min' },
    ];
    return {
      title: `Soak: ${minutes} min of churn at 10 changes/s with the dashboard open`,
      did: `The built dashboard (embedded cluster, simulated speakers) with /services open in Chromium. For ${minutes} min, 10 changes a second through client-node: LoadBalancer services created and deleted (up to ${SERVICES_MAX} at a time), every 10 s the pool "soak" widened or narrowed, every 15 s a node joining or leaving, and every minute node ${DEMO_NODE} deleted and made again (its speaker stops and starts: the embedded speakers are threads, so a kill -9 of one alone is not possible from outside).`,
      checked: 'Every 10 s: no IP shared against the rules, none outside its pool, none moved while its pool stayed the same; the app\'s RSS and open file descriptors (/proc) and the page\'s JS heap sampled. The slopes are figures, not pass/fail: a few minutes cannot tell a leak from a warm-up.',
      faults: tally.faults,
      violations: tally.violations,
      rows,
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}

export default (opts: FaultOptions) => runSoak(opts.soakMinutes);
