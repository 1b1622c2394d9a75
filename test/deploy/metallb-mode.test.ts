// The dashboard next to MetalLB: a cluster holding MetalLB's controller Deployment, speaker
// DaemonSet and pods, its pools, the Service statuses and ServiceL2Statuses MetalLB wrote. The
// dashboard, installed with deploy/overlays/metallb-dashboard and run as its ServiceAccount,
// finds MetalLB, shows MetalLB's allocations and announcers and its speakers' health, edits its
// pools, and writes no Service (asserted on the API server's request log). Read-only refuses
// writes; a forced mode that contradicts the cluster is an error in words, not a crash loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, getObject, patchObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startDashboard, type DashboardApp } from '../support/app';
import { openBrowser, screenshot } from '../support/browser';
import { startCluster, type Cluster } from '../support/cluster';
import { createAdvertisement, createLoadBalancer, createNode, createPool, setEndpoints } from '../speaker/support';
import { applyInstall, NS, serviceAccountToken, tokenKubeconfig, userOf } from './support';

let cluster: Cluster;
let kubeconfig: string;
const apps: DashboardApp[] = [];

const metallbLabels = (component: string) => ({ app: 'metallb', component });

async function metallbWorkloads() {
  const k = cluster.kube;
  const template = (component: string) => ({
    metadata: { labels: metallbLabels(component) },
    spec: { containers: [{ name: component, image: `quay.io/metallb/${component}:v0.15.3` }] },
  });
  await k.request({
    method: 'POST',
    path: `/apis/apps/v1/namespaces/${NS}/deployments`,
    body: { metadata: { name: 'controller', labels: metallbLabels('controller') }, spec: { replicas: 1, selector: { matchLabels: metallbLabels('controller') }, template: template('controller') } },
  });
  await k.request({
    method: 'POST',
    path: `/apis/apps/v1/namespaces/${NS}/daemonsets`,
    body: { metadata: { name: 'speaker', labels: metallbLabels('speaker') }, spec: { selector: { matchLabels: metallbLabels('speaker') }, template: template('speaker') } },
  });
  // Speaker pods: Ready on node-1 and node-2, not Ready on node-3.
  for (const [node, ready] of [['node-1', 'True'], ['node-2', 'True'], ['node-3', 'False']] as const) {
    const name = `speaker-${node}`;
    await createObject(k, RESOURCES.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS, labels: metallbLabels('speaker') },
      spec: { nodeName: node, containers: [{ name: 'speaker', image: 'quay.io/metallb/speaker:v0.15.3' }] },
    } as KubeObject);
    await patchObject(k, RESOURCES.pods, { namespace: NS, name }, {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready, lastTransitionTime: '2026-12-01T00:00:00Z' }] },
    }, { subresource: 'status' });
  }
}

/** A ServiceL2Status as MetalLB's announcing speaker writes it. */
async function metallbStatus(service: string, node: string) {
  const created = await createObject<KubeObject>(cluster.kube, RESOURCES.servicel2statuses, {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'ServiceL2Status',
    metadata: { generateName: 'l2-', namespace: NS, labels: { 'metallb.io/node': node, 'metallb.io/service-name': service, 'metallb.io/service-namespace': 'default' } },
  });
  await patchObject(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS, name: created.metadata.name ?? '' }, {
    status: { node, serviceName: service, serviceNamespace: 'default', interfaces: [{ name: 'eth0' }] },
  }, { subresource: 'status' });
}

const dashboardWrites = () =>
  cluster.api.requests.entries().filter((r) => r.user === userOf('dashboard') && !['get', 'list', 'watch'].includes(r.verb));

beforeAll(async () => {
  cluster = await startCluster('ironlb-metallb-mode-');
  await applyInstall(cluster.api.kubeconfigPath, 'deploy/overlays/metallb-dashboard');
  const sa = await serviceAccountToken(cluster.kube, 'ironlb-dashboard');
  kubeconfig = tokenKubeconfig(`https://127.0.0.1:${cluster.api.port}`, sa.token, sa.ca);
  for (const n of ['node-1', 'node-2', 'node-3']) await createNode(cluster.kube, n);
  await metallbWorkloads();
  await createPool(cluster.kube, 'metallb-pool', ['192.0.2.0/28']);
  await createAdvertisement(cluster.kube, 'l2');
  await createLoadBalancer(cluster.kube, 'web', ['192.0.2.1'], { pool: 'metallb-pool' });
  await createLoadBalancer(cluster.kube, 'api', ['192.0.2.2'], { pool: 'metallb-pool' });
  for (const s of ['web', 'api']) await setEndpoints(cluster.kube, s, ['node-1', 'node-2']);
  await metallbStatus('web', 'node-2');
  await metallbStatus('api', 'node-1');
}, 120_000);

afterAll(async () => {
  for (const a of apps) await a.stop();
  await cluster?.close();
});

describe('the dashboard next to MetalLB', () => {
  let app: DashboardApp;

  it("finds MetalLB, runs no controller, and shows MetalLB's IPs, announcers and speaker health", async () => {
    app = await startDashboard({ IRONLB_MODE: 'auto', KUBECONFIG: kubeconfig });
    apps.push(app);
    const info = (await (await app.api('/api/v1/cluster')).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ mode: 'metallb', runsController: false });
    const services = (await (await app.api('/api/v1/services')).json()) as { items: { name: string; ips: string[]; node: string | null; state: string }[] };
    const byName = new Map(services.items.map((s) => [s.name, s]));
    expect(byName.get('web')).toMatchObject({ ips: ['192.0.2.1'], node: 'node-2', state: 'announced' });
    expect(byName.get('api')).toMatchObject({ ips: ['192.0.2.2'], node: 'node-1', state: 'announced' });
    const nodes = (await (await app.api('/api/v1/nodes')).json()) as { items: { name: string; speaker: string }[] };
    expect(Object.fromEntries(nodes.items.map((n) => [n.name, n.speaker]))).toEqual({ 'node-1': 'live', 'node-2': 'live', 'node-3': 'down' });
    const whatif = await app.api('/api/v1/whatif', { body: { nodes: ['node-2'], mode: 'drain' } });
    expect(whatif.status).toBe(200);
    const browser = await openBrowser(app);
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/services`);
    await expect.poll(() => page.locator('[data-testid="mode-badge"]').getAttribute('data-mode')).toBe('metallb');
    await expect.poll(async () => (await page.locator('#main [data-testid="service-row"][data-key="default/web"]').textContent()) ?? '').toContain('node-2');
    await screenshot(page, 'metallb-mode-services');
    await browser.close();
  });

  it("edits MetalLB's pools, and writes nothing else: no Service, no Service status", async () => {
    const created = await app.api('/api/v1/pools', { body: { name: 'extra', addresses: ['198.51.100.0/29'], autoAssign: true, avoidBuggyIPs: false } });
    expect(created.status).toBe(201);
    expect(await getObject(cluster.kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'extra' })).toBeDefined();
    const deleted = await app.api('/api/v1/pools/extra?confirm=true', { method: 'DELETE' });
    expect(deleted.status).toBeLessThan(300);
    const writes = dashboardWrites().map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`);
    expect(writes.filter((w) => w.includes('services'))).toEqual([]);
    expect(new Set(writes)).toEqual(new Set(['create ipaddresspools', 'delete ipaddresspools']));
  });

  it('read-only: every write is refused with words, and nothing is written', async () => {
    const ro = await startDashboard({ IRONLB_MODE: 'auto', KUBECONFIG: kubeconfig, IRONLB_READ_ONLY: 'true' });
    apps.push(ro);
    const before = dashboardWrites().length;
    const res = await ro.api('/api/v1/pools', { body: { name: 'nope', addresses: ['198.51.100.8/29'], autoAssign: true, avoidBuggyIPs: false } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/read-only/);
    expect(dashboardWrites().length).toBe(before);
  });

  it('a forced mode that contradicts the cluster is an error in the UI and the API, and the dashboard keeps serving', async () => {
    const forced = await startDashboard({ IRONLB_MODE: 'cluster', KUBECONFIG: kubeconfig });
    apps.push(forced);
    const info = (await (await forced.api('/api/v1/cluster')).json()) as { mode?: string; error?: string; runsController?: boolean };
    expect(info.mode).toBe('cluster');
    expect(info.runsController).toBe(false);
    expect(info.error).toMatch(/IRONLB_MODE=cluster, but MetalLB runs in this cluster \(Deployment metallb-system\/controller\)/);
    expect((await forced.api('/api/v1/services')).status).toBe(200);
    const page = await (await openBrowser(forced)).newPage();
    await page.goto(`${forced.baseUrl}/`);
    await expect.poll(async () => (await page.locator('[data-testid="mode-banner"]').textContent()) ?? '').toMatch(/MetalLB runs in this cluster/);
    await screenshot(page, 'mode-contradiction');
    expect((await fetch(`${forced.baseUrl}/api/healthz`)).status).toBe(200);
    expect(forced.logs()).not.toMatch(/worker exited/);
    expect(forced.logs()).toMatch(/cluster mode contradiction/);
  });
});
