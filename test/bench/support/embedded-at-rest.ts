// The embedded cluster at rest, measured in a process of its own (failover.bench.ts runs it):
// API server, controller and NODES simulated speakers with their LAN heartbeats, SERVICES
// LoadBalancer services announced, then the process's own CPU over a window once it rests.
// Prints one JSON line. Usage: node --import tsx test/bench/support/embedded-at-rest.ts NODES SERVICES WINDOW_MS
import { setMaxListeners } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster } from '../../../server/embedded/cluster';
import { createObject, RESOURCES, type Kube, type KubeObject } from '../../../server/kube';

const [nodes, services, windowMs] = process.argv.slice(2).map(Number);
const NS = 'metallb-system';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

async function fill(kube: Kube): Promise<void> {
  const create = (ref: (typeof RESOURCES)[keyof typeof RESOURCES], obj: KubeObject) => createObject(kube, ref, obj);
  await create(RESOURCES.ipaddresspools, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'bench', namespace: NS }, spec: { addresses: ['2001:db8::/112'] } });
  await create(RESOURCES.l2advertisements, { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2', namespace: NS }, spec: {} });
  await create(RESOURCES.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  const names = Array.from({ length: nodes }, (_, i) => `node-${i}`);
  await inParallel(names, 8, (name) => create(RESOURCES.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } }));
  await inParallel(Array.from({ length: services }, (_, i) => i), 16, async (i) => {
    await create(RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${i}`, namespace: 'bench' },
      spec: { type: 'LoadBalancer', ipFamilies: ['IPv6'], selector: { app: `a${i}` }, ports: [{ port: 80, protocol: 'TCP' }] },
    });
    await create(RESOURCES.endpointslices, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${i}-eps`, namespace: 'bench', labels: { 'kubernetes.io/service-name': `svc-${i}` } },
      addressType: 'IPv6',
      ports: [{ port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: [`2001:db8:1::${(i + 1).toString(16)}`], nodeName: names[i % nodes], conditions: { ready: true } }],
    });
  });
}

/** With IRONLB_BENCH_PROFILE=<file>: a V8 CPU profile of the measured window, for finding what costs. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** CPU ticks (user + system) of each thread of this process, by thread name (Linux /proc). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(comm, (out.get(comm) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      /* the thread ended */
    }
  }
  return out;
}

/** CPU of this process over ms, in % of one core. */
async function cpuOver(ms: number): Promise<number> {
  const start = process.cpuUsage();
  const t = performance.now();
  await sleep(ms);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) / 1000 / (performance.now() - t)) * 100;
}

/** CPU over ms in 1 s slices, in % of one core: the mean, and the busiest slice (a burst a mean hides). */
async function cpuBySecond(ms: number): Promise<{ mean: number; busiest: number }> {
  const slices: number[] = [];
  for (let left = ms; left > 0; left -= 1000) slices.push(await cpuOver(Math.min(1000, left)));
  return { mean: slices.reduce((a, b) => a + b, 0) / slices.length, busiest: Math.max(...slices) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'ironlb-bench-rest-'));
const ac = new AbortController();
setMaxListeners(64, ac.signal); // the API server, the controller, the speakers and the pods mirror all stop on it
const cluster = await startEmbeddedCluster({ dataDir, systemNamespace: NS, signal: ac.signal, seed: false });
const t0 = performance.now();
await fill(cluster.kube);
const sim = cluster.speakers;
if (!sim) throw new Error('no simulated speakers');
const announced = () => [...sim.speakers().values()].reduce((n, s) => n + s.announced().size, 0);
for (;;) {
  const all = [...sim.speakers().values()];
  if (all.length === nodes && all.every((s) => s.membership().reason === 'normal') && announced() === services) break;
  if (performance.now() - t0 > 600_000) throw new Error(`not settled: ${all.length} speakers, ${announced()} IPs announced`);
  await sleep(500);
}
const settledAfterS = (performance.now() - t0) / 1000;
// At rest: 5 windows of 3 s in a row under 10 % (the bursts of gain and the first writes are over).
let quiet = 0;
while (quiet < 5 && performance.now() - t0 < 900_000) quiet = (await cpuOver(3000)) < 10 ? quiet + 1 : 0;
const writesBefore = [...sim.speakers().values()].reduce((n, s) => n + s.leaseWrites(), 0);
const heartbeatsBefore = [...sim.speakers().values()].reduce((n, s) => n + [...s.heartbeats().values()].reduce((a, c) => a + c.sent, 0), 0);
const profile = process.env.IRONLB_BENCH_PROFILE ? await startProfile() : undefined;
const ticksBefore = threadTicks();
const { mean: cpu, busiest } = await cpuBySecond(windowMs);
const ticksAfter = threadTicks();
// Clock ticks are 1/100 s on Linux: per thread, % of a core over the window.
const threads = Object.fromEntries(
  [...ticksAfter].map(([name, t]) => [name, Math.round(((t - (ticksBefore.get(name) ?? 0)) / (windowMs / 10)) * 1000) / 10]).filter(([, pct]) => (pct as number) > 0),
);
await profile?.(process.env.IRONLB_BENCH_PROFILE as string);
const writes = [...sim.speakers().values()].reduce((n, s) => n + s.leaseWrites(), 0) - writesBefore;
const heartbeats = [...sim.speakers().values()].reduce((n, s) => n + [...s.heartbeats().values()].reduce((a, c) => a + c.sent, 0), 0) - heartbeatsBefore;
process.stdout.write(
  `${JSON.stringify({ cpuPercent: cpu, busiestSecondPercent: busiest, threads, settledAfterS, leaseWritesPerNodePerS: writes / nodes / (windowMs / 1000), heartbeatsPerS: heartbeats / (windowMs / 1000) })}\n`,
);
ac.abort();
await sim.stopped.catch(() => undefined);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
