// Dashboard benchmarks (issue 6), on the built app with the embedded cluster holding 10,000
// LoadBalancer services and 100 nodes: GET /api/v1/services p50/p95, Services page load to first
// rows in Chromium, and a change in the cluster to the row updating in the open page.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { createObject, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';
import { openBrowser } from '../support/browser';

type Row = { name: string; value: number; unit: string; goal?: string };

const SERVICES = 10_000;
const NODES = 100;
const CONCURRENCY = 16;
const NAMESPACE = 'bench';

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const round = (n: number) => Number(n.toFixed(1));

async function inParallel(count: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await work(next++);
  }));
}

function node(i: number): KubeObject {
  const name = `bench-node-${String(i).padStart(3, '0')}`;
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } } as KubeObject;
}

function service(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: NAMESPACE, name: `svc-${String(i).padStart(5, '0')}` },
    spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, selector: { app: `svc-${i}` }, ports: [{ port: 80, protocol: 'TCP' }] },
  } as KubeObject;
}

function slice(name: string, nodeName: string): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: NAMESPACE, name: `${name}-bench`, labels: { 'kubernetes.io/service-name': name } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['172.16.0.1'], nodeName, conditions: { ready: true, serving: true } }],
    ports: [{ port: 80, protocol: 'TCP' }],
  } as KubeObject;
}

async function populate(app: DashboardApp, kube: Kube): Promise<number> {
  const started = performance.now();
  await waitUntil(async () => (await app.api('/api/v1/overview')).status === 200, 60_000, 'the dashboard to sync');
  await createObject(kube, RESOURCES.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await inParallel(NODES, (i) => createObject(kube, RESOURCES.nodes, node(i)));
  const pool = { name: 'bench', addresses: ['10.100.0.0/16'], autoAssign: true, avoidBuggyIPs: false };
  const res = await app.api('/api/v1/pools', { body: pool });
  if (res.status !== 201) throw new Error(`pool: ${res.status} ${await res.text()}`);
  console.log(`  dashboard bench: ${NODES} nodes and the pool in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await inParallel(SERVICES, (i) => createObject(kube, RESOURCES.services, service(i)));
  console.log(`  dashboard bench: ${SERVICES} services created at ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await waitUntil(async () => {
    const body = (await (await app.api('/api/v1/overview')).json()) as { counts: { total: number; pending: number } };
    return body.counts.total >= SERVICES && body.counts.pending === 0;
  }, 600_000, 'every service to get an IP');
  return performance.now() - started;
}

async function timeList(app: DashboardApp, headers: Record<string, string>, n = 40): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${app.baseUrl}/api/v1/services`, { headers: { cookie: app.cookie, ...headers } });
    const body = await res.arrayBuffer();
    if (res.status !== 200 || body.byteLength < 1000) throw new Error(`list failed: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times;
}

export default async function bench(): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const loadBefore = loadavg()[0];
  const app = await startDashboard();
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const kube = app.kube();
    const populateMs = await populate(app, kube);
    notes.push(`Populating ${SERVICES} services and ${NODES} nodes until every service had an IP took ${(populateMs / 1000).toFixed(1)} s.`);
    await timeList(app, {}, 5); // warm-up
    const plain = await timeList(app, { 'accept-encoding': 'identity' });
    rows.push({ name: `GET /api/v1/services p50 (${SERVICES} rows)`, value: round(quantile(plain, 0.5)), unit: 'ms' });
    rows.push({ name: `GET /api/v1/services p95 (${SERVICES} rows)`, value: round(quantile(plain, 0.95)), unit: 'ms', goal: '≤ 50 ms' });
    const gzip = await timeList(app, { 'accept-encoding': 'gzip' }, 20);
    rows.push({ name: 'GET /api/v1/services p95, gzip requested (as a browser does)', value: round(quantile(gzip, 0.95)), unit: 'ms' });
    const size = (await (await app.api('/api/v1/services')).arrayBuffer()).byteLength;
    notes.push(`The unfiltered list is ${(size / 1e6).toFixed(1)} MB of JSON.`);

    const browser = await openBrowser(app);
    try {
      const firstRows: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage();
        const t0 = performance.now();
        await page.goto(`${app.baseUrl}/services`, { waitUntil: 'commit' });
        await page.locator('[data-testid="service-row"]').first().waitFor({ timeout: 30_000 });
        firstRows.push(performance.now() - t0);
        if (i === 2) {
          // Scroll smoothness: frames over a programmatic scroll through the whole table.
          const frames = await page.evaluate(async () => {
            const el = document.querySelector('[data-testid="services-scroll"]') as HTMLElement;
            const times: number[] = [];
            let last = performance.now();
            for (let k = 0; k < 120; k++) {
              el.scrollTop += el.scrollHeight / 120;
              await new Promise((r) => requestAnimationFrame(() => r(null)));
              const now = performance.now();
              times.push(now - last);
              last = now;
            }
            return times.sort((a, b) => a - b);
          });
          rows.push({ name: 'Services page scroll, p95 frame time over 120 frames', value: round(frames[Math.floor(frames.length * 0.95)]), unit: 'ms', goal: '≤ 33 ms' });
        }
        await page.close();
      }
      rows.push({ name: `Services page load to first rows in Chromium (median of 3, ${SERVICES} rows)`, value: round(quantile(firstRows, 0.5)), unit: 'ms', goal: '≤ 1500 ms' });

      const page = await browser.newPage();
      const updates: number[] = [];
      for (let i = 0; i < 5; i++) {
        const name = `svc-${String(i * 997).padStart(5, '0')}`;
        await page.goto(`${app.baseUrl}/services?q=${name}`);
        const cell = page.locator(`[data-testid="service-row"][data-key="${NAMESPACE}/${name}"] [data-testid="service-state"]`);
        await cell.filter({ hasText: 'no serving endpoints' }).waitFor({ timeout: 30_000 });
        await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
        const t0 = performance.now();
        await createObject(kube, RESOURCES.endpointslices, slice(name, 'bench-node-001'));
        await page.waitForFunction(
          (sel) => !(document.querySelector(sel)?.textContent ?? '').includes('no serving endpoints'),
          `[data-testid="service-row"][data-key="${NAMESPACE}/${name}"] [data-testid="service-state"]`,
          { polling: 'raf', timeout: 30_000 },
        );
        updates.push(performance.now() - t0);
      }
      rows.push({ name: 'Cluster change to row update in the open page (median of 5)', value: round(quantile(updates, 0.5)), unit: 'ms', goal: '≤ 1000 ms' });
      rows.push({ name: 'Cluster change to row update, worst of 5', value: round(Math.max(...updates)), unit: 'ms' });
    } finally {
      await browser.close();
    }
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- app log (tail) ---\n${app.logs().slice(-6000)}`);
  } finally {
    await app.stop();
  }
  notes.push(`Load average before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0].toFixed(2)} (2 cores shared with other work).`);
  return { title: 'Dashboard (10,000 services, 100 nodes)', rows, notes: notes.join(' ') };
}
