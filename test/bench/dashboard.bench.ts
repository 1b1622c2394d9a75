// Dashboard benchmarks (issue 6), on the built app with the embedded cluster holding 10,000
// LoadBalancer services and 100 nodes: GET /api/v1/services p50/p95, Services page load to first
// rows in Chromium, and a change in the cluster to the row updating in the open page.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { createObject, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';
import type { Page } from 'playwright-core';
import { openBrowser } from '../support/browser';
import { cpuSeconds, rssMb, sampleWindow, waitForRest } from './support/rest';
import dashboardProcess from '../../scripts/dashboard-process.json';

type Row = { name: string; value: number; unit: string; goal?: string };

const SERVICES = 10_000;
const NODES = 100;
const CONCURRENCY = 16;
const NAMESPACE = 'bench';

/**
 * The embedded API server's worker is saturated while 100 speakers start, and a kept-alive
 * socket can be reset under the client: retry a create, and a retry that finds the object
 * already there (409) counts as done.
 */
async function create(kube: Kube, ref: (typeof RESOURCES)[keyof typeof RESOURCES], obj: KubeObject): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await createObject(kube, ref, obj);
      return;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 409 && attempt > 1) return;
      if (attempt >= 5 || (code !== 'ECONNRESET' && code !== 'ECONNREFUSED' && !String(e).includes('socket hang up'))) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/**
 * Frame times of a programmatic scroll over 120 frames, each moving `step` (a script expression
 * on `el`): a jump of 1/120 of the table's height shows other rows every frame (dragging the
 * scrollbar through the whole table); 100 px is a fast wheel or trackpad fling. A string, so the
 * bundler's helpers stay out of it.
 */
const SCROLL_SCRIPT = (selector: string, step: string) => `(async () => {
  const el = document.querySelector(${JSON.stringify(selector)});
  el.scrollTop = 0;
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  const times = [];
  let last = performance.now();
  for (let k = 0; k < 120; k++) {
    el.scrollTop += ${step};
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return times.sort((a, b) => a - b);
})()`;

const JUMP = 'el.scrollHeight / 120';
const FLING = '100';
const scrollFrames = (page: Page, selector: string, step = JUMP): Promise<number[]> => page.evaluate(SCROLL_SCRIPT(selector, step)) as Promise<number[]>;
const p95 = (sorted: number[]) => round(sorted[Math.floor(sorted.length * 0.95)]);

/** 10,000 rows of the Services table's shape, 21 DOM rows refilled on every scroll event. */
const FLOOR_PAGE = `<!doctype html><html><body style="margin:0;font:14px sans-serif">
<div style="display:flex;height:100vh"><nav style="width:208px"></nav>
<main style="flex:1;display:flex;flex-direction:column;padding:24px"><div style="height:200px"></div>
<div id="rows" style="flex:1;overflow:auto;position:relative;contain:strict"><div id="inner" style="position:relative;height:340000px"></div></div></main></div>
<script>
  const s = document.getElementById('rows'), inner = document.getElementById('inner'), rows = [];
  const grid = 'minmax(8rem,1fr) minmax(10rem,1.6fr) minmax(8rem,1fr) minmax(6rem,0.8fr) minmax(5rem,0.7fr) minmax(6rem,0.9fr) 4.5rem 4rem minmax(12rem,2.2fr)';
  for (let i = 0; i < 21; i++) {
    const r = document.createElement('a');
    r.style.cssText = 'position:absolute;left:0;width:100%;height:34px;display:grid;gap:12px;align-items:center;contain:strict;grid-template-columns:' + grid;
    for (let c = 0; c < 9; c++) {
      const cell = document.createElement('span');
      cell.style.cssText = 'overflow:hidden;text-overflow:ellipsis;white-space:nowrap';
      r.appendChild(cell);
    }
    inner.appendChild(r);
    rows.push(r);
  }
  const fill = () => {
    const first = Math.floor(s.scrollTop / 34);
    rows.forEach((r, i) => {
      const n = first + i;
      r.style.top = n * 34 + 'px';
      const text = ['bench', 'svc-' + String(n).padStart(5, '0'), '10.100.' + (n >> 8) + '.' + (n & 255), 'bench', '-', '80/TCP', 'Cluster', '12m', 'not announced: no serving endpoints'];
      text.forEach((t, c) => (r.children[c].textContent = t));
    });
  };
  fill();
  s.addEventListener('scroll', fill);
</script></body></html>`;

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

/**
 * Services first (the seed's three speakers), then the 100 nodes: with 100 simulated speakers
 * running, allocation in the shared worker thread crawls (see the notes), and what is measured
 * here is the dashboard, not the speakers' start-up.
 */
async function populate(app: DashboardApp, notes: string[], rows: Row[]): Promise<Kube> {
  const started = performance.now();
  const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  await waitUntil(async () => (await app.api('/api/v1/overview')).status === 200, 60_000, 'the dashboard to sync');
  // Only now has the embedded API server written its kubeconfig into the data dir.
  const kube = app.kube();
  await create(kube, RESOURCES.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const pool = { name: 'bench', addresses: ['10.100.0.0/16'], autoAssign: true, avoidBuggyIPs: false };
  const res = await app.api('/api/v1/pools', { body: pool });
  if (res.status !== 201) throw new Error(`pool: ${res.status} ${await res.text()}`);
  const ad = { name: 'bench', ipAddressPools: ['bench'], ipAddressPoolSelectors: [], nodeSelectors: [], interfaces: [], serviceSelectors: [], preferredNodeSelectors: [] };
  const adRes = await app.api('/api/v1/l2advertisements', { body: ad });
  if (adRes.status !== 201) throw new Error(`advertisement: ${adRes.status} ${await adRes.text()}`);
  await inParallel(SERVICES, (i) => create(kube, RESOURCES.services, service(i)));
  const lastCreate = performance.now();
  notes.push(`${SERVICES} services created in ${since()}.`);
  console.log(`  dashboard bench: ${notes.at(-1)}`);
  const allocated = await waitUntil(async () => {
    const body = (await (await app.api('/api/v1/overview')).json()) as { counts: { total: number; pending: number } };
    return body.counts.total >= SERVICES && body.counts.pending === 0 ? since() : undefined;
  }, 1_200_000, 'every service to get an IP');
  notes.push(`Every service had an IP at ${allocated}.`);
  rows.push({ name: `embedded cluster: the last of ${SERVICES} services has its IP, after the last create (overview polled)`, value: round((performance.now() - lastCreate) / 1000), unit: 's', goal: '≤ 15 s' });
  console.log(`  dashboard bench: ${notes.at(-1)}`);
  // While the bulk create's after-effects still run (the controller's queued IPAllocated events
  // are written, the speakers decide and the dashboard's views catch up).
  rows.push(...(await timeLists(app, notes, 'churn')));
  await inParallel(NODES, (i) => create(kube, RESOURCES.nodes, node(i)));
  await measureRest(app, notes, rows, performance.now());
  // The simulated speakers may not all get live under this load (see the notes): measure anyway.
  const live = async () => {
    const body = (await (await app.api('/api/v1/nodes')).json()) as { items: { speaker: string }[] };
    return body.items.filter((n) => n.speaker !== 'down').length;
  };
  await waitUntil(async () => (await live()) >= NODES + 3, 120_000, `${NODES} live speakers`).catch(() => undefined);
  notes.push(`${NODES} more nodes created; ${await live()} of ${NODES + 3} speakers live at ${since()}.`);
  console.log(`  dashboard bench: populated in ${since()}`);
  return kube;
}

/** Issue 17's goal: under 5% of a core... */
const REST_CPU = 0.05;
/** ...in 5 windows of 3 s in a row; at rest from the first of them (the rest proves it). */
const REST_WINDOW_MS = 3_000;
const REST_WINDOWS = 5;
const REST_LIMIT_MS = 300_000;
/** The at-rest mean spans a whole renewal period of the simulated speakers' Leases (server/speaker/simulated.ts). */
const AT_REST_MS = 30_000;

/**
 * The 100 nodes' speakers join (each makes the others decide the 10,000 services again) and
 * then the app must come to rest: the time from the last create to the start of the quiet run
 * (nothing polls the app meanwhile), then the app's mean CPU over a renewal period.
 */
async function measureRest(app: DashboardApp, notes: string[], rows: Row[], lastChange: number): Promise<void> {
  const rest = await waitForRest(app.pid, { threshold: REST_CPU, inRow: REST_WINDOWS, windowMs: REST_WINDOW_MS, limitMs: REST_LIMIT_MS });
  const goal = `the app at rest (under ${REST_CPU * 100}% of a core in ${REST_WINDOWS} windows of ${REST_WINDOW_MS / 1000} s in a row)`;
  rows.push({
    name: `embedded cluster: ${SERVICES} services, then ${NODES} nodes created: ${goal}, after the last create${rest ? '' : ' (not at rest by the limit)'}`,
    value: round(((rest?.atMs ?? performance.now()) - lastChange) / 1000),
    unit: 's',
    goal: '≤ 30 s',
  });
  notes.push(rest
    ? `After the last node was created the app came to rest in ${round((rest.atMs - lastChange) / 1000)} s (proven ${round((rest.provenMs - lastChange) / 1000)} s after it; windows: ${rest.windows.map((w) => Math.round(w.share * 100)).join(', ')} % of a core).`
    : `The app was not at rest ${REST_LIMIT_MS / 1000} s after the last node was created; measured anyway.`);
  const atRest = await sampleWindow(app.pid, AT_REST_MS);
  rows.push({ name: `app CPU at rest, mean over ${AT_REST_MS / 1000} s (${SERVICES} services, ${NODES + 3} simulated speakers: LAN heartbeats every 5 s, Lease renewals every 30 s)`, value: round(atRest.share * 100), unit: '% of a core', goal: '< 5 %' });
  console.log(`  dashboard bench: ${notes.at(-1)}`);
}
const RSS_LATER_MS = 60_000;

/**
 * The list's latency: what the dashboard fetches (rows in columns), then the default form (rows
 * as objects). `when`: 'churn' while a bulk change's after-effects still run, 'rest' after; the
 * goals are for the list at rest.
 */
async function timeLists(app: DashboardApp, notes: string[], when: 'churn' | 'rest'): Promise<Row[]> {
  const rows: Row[] = [];
  const label = when === 'rest' ? 'at rest' : 'while the bulk change settles';
  const goal = when === 'rest' ? '≤ 50 ms' : undefined;
  const cpuBefore = cpuSeconds(app.pid);
  const started = performance.now();
  const columns = await timeList(app, '?format=columns', { 'accept-encoding': 'identity' });
  rows.push({ name: `GET /api/v1/services?format=columns p50, ${label} (${SERVICES} rows; what the dashboard fetches)`, value: round(quantile(columns, 0.5)), unit: 'ms' });
  rows.push({ name: `GET /api/v1/services?format=columns p95, ${label}`, value: round(quantile(columns, 0.95)), unit: 'ms', goal });
  rows.push({ name: `GET /api/v1/services?format=columns p99, ${label}`, value: round(quantile(columns, 0.99)), unit: 'ms' });
  const plain = await timeList(app, '', { 'accept-encoding': 'identity' });
  rows.push({ name: `GET /api/v1/services p50, ${label} (${SERVICES} rows as objects, the API's default form)`, value: round(quantile(plain, 0.5)), unit: 'ms' });
  rows.push({ name: `GET /api/v1/services p95, ${label}`, value: round(quantile(plain, 0.95)), unit: 'ms', goal });
  rows.push({ name: `GET /api/v1/services p99, ${label}`, value: round(quantile(plain, 0.99)), unit: 'ms' });
  if (when === 'rest') {
    const gzip = await timeList(app, '?format=columns', { 'accept-encoding': 'gzip' }, 20);
    rows.push({ name: 'GET /api/v1/services?format=columns p95 at rest, gzip requested (as a browser does)', value: round(quantile(gzip, 0.95)), unit: 'ms' });
    const byFetch = await timeList(app, '', { 'accept-encoding': 'identity' }, 20, 'fetch');
    rows.push({ name: "GET /api/v1/services p95 at rest (as objects), read by Node's fetch instead of node:http", value: round(quantile(byFetch, 0.95)), unit: 'ms' });
  }
  const busy = (cpuSeconds(app.pid) - cpuBefore) / ((performance.now() - started) / 1000);
  notes.push(`While the list was timed ${label}, the app used ${Math.round(busy * 100)}% of a core (its answers included).`);
  return rows;
}

/**
 * GETs per timed series. A p95 over 40 is the second-slowest answer, so one slow answer decided
 * it: p95 over 40 read 25 to 83 ms in runs of the same code while the p50 stayed at 10-12 ms.
 * Measured: the slow answers came while the app's main thread was not stalled (the 2 cores were
 * shared with the worker thread's speakers and the client).
 * Over 200 it is the tenth-slowest; the p99 row keeps the tail in view.
 */
const LIST_SAMPLES = 200;

/**
 * `n` GETs of the list one after another (after one warm-up), each timed to its last byte, by a
 * client of its own: a bare Node process. The bench's own process, loaded with the test support,
 * client-node and playwright, read the same answers 2-4 times slower at the median (measured:
 * 36 ms against 8 ms for the 3.5 MB form; curl agrees with the bare client), which timed this
 * process, not the route. `via` 'http' reads with node:http on a kept-alive connection, 'fetch'
 * with Node's fetch (web streams: 20-30 ms more at p95 for the 3.5 MB form).
 */
async function timeList(app: DashboardApp, query: string, headers: Record<string, string>, n = LIST_SAMPLES, via: 'http' | 'fetch' = 'http'): Promise<number[]> {
  const job = { url: `${app.baseUrl}/api/v1/services${query}`, headers: { cookie: app.cookie, ...headers }, n, via };
  const child = spawn(process.execPath, ['--input-type=module', '-e', LIST_CLIENT], { env: { ...process.env, LIST_JOB: JSON.stringify(job) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`list client failed (exit ${code}): ${out.slice(-500)}`);
  return JSON.parse(out) as number[];
}

/** The list client's script (plain JavaScript, run by `node -e`). */
const LIST_CLIENT = `
import http from 'node:http';
const { url, headers, n, via } = JSON.parse(process.env.LIST_JOB);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const byHttp = () => new Promise((resolve, reject) => {
  http.get(url, { agent, headers }, (res) => {
    let bytes = 0;
    res.on('data', (chunk) => (bytes += chunk.length));
    res.on('end', () => resolve({ status: res.statusCode, bytes }));
    res.on('error', reject);
  }).on('error', reject);
});
const byFetch = async () => {
  const res = await fetch(url, { headers });
  return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
};
const times = [];
for (let i = 0; i <= n; i++) {
  const t0 = performance.now();
  const { status, bytes } = await (via === 'fetch' ? byFetch() : byHttp());
  if (status !== 200 || bytes < 1000) throw new Error('list failed: ' + status);
  if (i > 0) times.push(performance.now() - t0);
}
process.stdout.write(JSON.stringify(times));
process.exit(0);
`;

export default async function bench(): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const loadBefore = loadavg()[0];
  const app = await startDashboard();
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const benchStarted = performance.now(); // the same origin as populate's times
    notes.push(`The app runs as \`npm start\` runs it (scripts/dashboard-process.json): node ${dashboardProcess.nodeFlags.join(' ')}, ${Object.entries(dashboardProcess.env).map(([k, v]) => `${k}=${v}`).join(' ')}.`);
    const kube = await populate(app, notes, rows);
    notes.push(`The list is timed by a bare Node process of its own (node:http on a kept-alive connection, each GET to its last byte; ${LIST_SAMPLES} GETs per series, 20 for the gzip and fetch rows): timed from the bench's own process, loaded with the test support, client-node and playwright, the same answers read 2-4 times slower at the median.`);
    notes.push(`From ${((performance.now() - benchStarted) / 1000).toFixed(1)} s the list was timed at rest, and the browser measured.`);
    rows.push({ name: `whole app process RSS at rest, ${SERVICES} services, ${NODES} nodes`, value: rssMb(app.pid), unit: 'MB', goal: '≤ 500 MB' });
    // The reading above comes as soon as the process rests; the heap grows again while the
    // speakers keep renewing and resyncing (docs/architecture.md, "Memory at rest").
    await new Promise((r) => setTimeout(r, RSS_LATER_MS));
    rows.push({ name: `whole app process RSS ${RSS_LATER_MS / 1000} s later, nothing done in between`, value: rssMb(app.pid), unit: 'MB' });
    rows.push(...(await timeLists(app, notes, 'rest')));
    const size = async (query: string) => ((await (await app.api(`/api/v1/services${query}`)).arrayBuffer()).byteLength / 1e6).toFixed(2);
    notes.push(`The unfiltered list is ${await size('?format=columns')} MB of JSON in columns, ${await size('')} MB as objects.`);

    const browser = await openBrowser(app);
    try {
      const painted: number[] = [];
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage();
        const t0 = performance.now();
        await page.goto(`${app.baseUrl}/services`, { waitUntil: 'commit' });
        await page.locator('[data-testid="service-row"]').first().waitFor({ timeout: 30_000 });
        seen.push(performance.now() - t0);
        // When the browser painted the first row's name (Element Timing), from navigation start:
        // the driver only sees it once the page's script lets it look.
        painted.push(await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              // Element Timing entries are only handed to observers (buffered: the ones before now).
              new PerformanceObserver((list) => {
                const first = list.getEntries()[0] as PerformanceEntry & { renderTime: number; loadTime: number };
                resolve(first.renderTime || first.loadTime);
              }).observe({ type: 'element', buffered: true });
            }),
        ));
        if (i === 2) {
          // Scroll smoothness, once the whole list is in: frames over a programmatic scroll through the whole table.
          await page.locator('[data-testid="service-counts"][aria-busy="false"]').waitFor({ timeout: 30_000 });
          // Scrolling, not the end of the load: the page sorts, counts and renders the 10,000 rows
          // it just received and collects the decode's garbage (frames of 50-110 ms in the first
          // few after the list lands, measured here).
          await page.waitForTimeout(1000);
          const frames = await scrollFrames(page, '[data-testid="services-scroll"]');
          rows.push({ name: 'Services page scroll through the whole table (1 s after the whole list arrived; 120 frames, other rows every frame), p95 frame time', value: p95(frames), unit: 'ms', goal: '≤ 33 ms' });
          const fling = await scrollFrames(page, '[data-testid="services-scroll"]', FLING);
          rows.push({ name: 'Services page scroll at 100 px a frame (a fast wheel), p95 frame time', value: p95(fling), unit: 'ms', goal: '≤ 33 ms' });
          // The same scroll on a page of 21 rows that hand-written DOM code refills: what this
          // browser and machine can do at best while the app runs beside it.
          const floor = await browser.newPage();
          await floor.setContent(FLOOR_PAGE);
          rows.push({ name: 'Same scroll, static page refilled by hand-written DOM code (the floor here), p95 frame time', value: p95(await scrollFrames(floor, '#rows')), unit: 'ms' });
          await floor.close();
        }
        await page.close();
      }
      rows.push({ name: `Services page load to first rows painted in Chromium (median of 3, first load cold; ${SERVICES} rows)`, value: round(quantile(painted, 0.5)), unit: 'ms', goal: '≤ 1500 ms' });
      rows.push({ name: 'Services page load to first rows seen by the test driver (median of 3)', value: round(quantile(seen, 0.5)), unit: 'ms' });

      const page = await browser.newPage();
      const updates: number[] = [];
      for (let i = 0; i < 5; i++) {
        const name = `svc-${String(i * 997).padStart(5, '0')}`;
        await page.goto(`${app.baseUrl}/services?q=${name}`);
        const cell = page.locator(`[data-testid="service-row"][data-key="${NAMESPACE}/${name}"] [data-testid="service-state"]`);
        await cell.filter({ hasText: 'no serving endpoints' }).waitFor({ timeout: 30_000 });
        await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
        const t0 = performance.now();
        await create(kube, RESOURCES.endpointslices, slice(name, 'bench-node-001'));
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
