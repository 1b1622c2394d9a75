// The dashboard on a cluster that goes away (issue 18): the API server behind it cut off by a
// fault proxy. The dashboard keeps answering with what it last saw, says in a banner on every page
// "cluster unreachable since ..." with the error, and clears it by itself once the cluster is back.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';
import { openBrowser, screenshot, type Browser } from '../support/browser';
import { startCluster, type Cluster } from '../support/cluster';
import { startFaultProxy, type FaultProxy } from '../faults/support/fault-proxy';
import { createLoadBalancer, createPool } from '../speaker/support';

let cluster: Cluster;
let proxy: FaultProxy;
let app: DashboardApp;
let browser: Browser;
let page: Page;

interface Info {
  synced: boolean;
  unreachable?: { since: string; error: string };
}
const info = async () => (await (await app.api('/api/v1/cluster')).json()) as Info;

beforeAll(async () => {
  cluster = await startCluster('ironlb-unreachable-dash-');
  await createPool(cluster.kube, 'lan', ['192.0.2.0/28']);
  await createLoadBalancer(cluster.kube, 'web', []);
  proxy = await startFaultProxy(cluster.api.port);
  const kubeconfig = proxy.kubeconfigThrough(cluster.api.kubeconfigPath, join(cluster.dataDir, 'through-proxy.kubeconfig'));
  app = await startDashboard({ IRONLB_MODE: 'kube', KUBECONFIG: kubeconfig });
  await waitUntil(async () => (await info()).synced, 30_000, 'the dashboard to list the cluster');
  browser = await openBrowser(app);
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await proxy?.close();
  await cluster?.close();
});

describe('the cluster behind the dashboard goes away and comes back', () => {
  it('no banner while the cluster answers', async () => {
    await page.goto(`${app.baseUrl}/services`);
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 20_000 });
    expect((await info()).unreachable).toBeUndefined();
    expect(await page.locator('[data-testid="unreachable-banner"]').count()).toBe(0);
  });

  it('says "cluster unreachable since" with the error, and keeps showing what it last saw', async () => {
    const cutAt = Date.now();
    proxy.cut();
    const banner = page.locator('[data-testid="unreachable-banner"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/Cluster unreachable since \d\d:\d\d:\d\d/);
    const since = Date.parse((await banner.getAttribute('data-since')) ?? '');
    expect(Math.abs(since - cutAt)).toBeLessThan(10_000);
    const down = await info();
    expect(down.unreachable?.error).toBeTruthy();
    // The last seen state is still served (the dashboard is up; only the cluster is not).
    const services = await app.api('/api/v1/services');
    expect(services.status).toBe(200);
    expect(JSON.stringify(await services.json())).toContain('web');
    await screenshot(page, 'cluster-unreachable');
  });

  it('clears the banner by itself once the cluster answers again', async () => {
    proxy.restore();
    await page.locator('[data-testid="unreachable-banner"]').waitFor({ state: 'detached', timeout: 60_000 });
    await waitUntil(async () => (await info()).unreachable === undefined, 10_000, 'the cluster info to say reachable');
    await screenshot(page, 'cluster-reachable-again');
  });
});
