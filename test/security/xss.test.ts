// Names that reach the page render as text: the string <img src=x onerror=alert(1)> put into a
// Service label and annotation (through the Kubernetes API, as kubectl would), a node label, a
// pool label and an API token label shows literally in Chromium on every page, never as an
// element, never running. Every page also hydrates under the CSP (no blocked script).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { discoverPages, fillPath, type RouteFile } from './support/routes';
import { connectKube } from './support/kube';
import { pickParams } from './support/samples';
import { sameOriginHeaders, signIn, TEST_ADMIN } from '../support/auth';

const XSS = '<img src=x onerror=alert(1)>';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let app: RunningApp;
let context: BrowserContext;
let profile: string;
const planted: string[] = [];

async function plant(): Promise<void> {
  const admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  const kube = await connectKube(app.dataDir);
  const patch = (p: string, body: unknown) => kube.request('PATCH', p, { body: JSON.stringify(body), contentType: 'application/merge-patch+json' });
  const svc = '/api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller';
  // A real API server refuses "<" in label values; annotations take anything. Plant what is accepted.
  if ((await patch(svc, { metadata: { annotations: { 'example.com/note': XSS } } })).ok) planted.push('service annotation');
  if ((await patch(svc, { metadata: { labels: { xss: XSS } } })).ok) planted.push('service label');
  if ((await patch('/api/v1/nodes/node01', { metadata: { labels: { xss: XSS } } })).ok) planted.push('node label');
  const pool = await fetch(`${app.baseUrl}/api/v1/pools`, {
    method: 'POST',
    headers: sameOriginHeaders(app.baseUrl, admin),
    body: JSON.stringify({ name: 'xss-pool', addresses: ['192.0.2.64/30'], autoAssign: false, avoidBuggyIPs: false, labels: { xss: XSS } }),
  });
  if (pool.ok) planted.push('pool label');
  const token = await fetch(`${app.baseUrl}/api/auth/tokens`, { method: 'POST', headers: sameOriginHeaders(app.baseUrl, admin), body: JSON.stringify({ name: XSS }) });
  expect(token.status).toBe(201);
  planted.push('token label');
}

async function pageUrls(): Promise<string[]> {
  const admin = await signIn(app.baseUrl, TEST_ADMIN.user, TEST_ADMIN.password);
  const urls: string[] = [];
  for (const page of discoverPages()) {
    if (page.pattern === '/login') continue;
    // A page /pools/[name] takes its names from GET /api/v1/pools, and so on.
    const api: RouteFile = { ...page, segments: [{ kind: 'static', value: 'api' }, { kind: 'static', value: 'v1' }, ...page.segments] };
    const params = await pickParams(api, app.baseUrl, admin);
    urls.push(fillPath(page, (n) => params[n]));
  }
  return urls;
}

async function signInThroughTheForm(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/login`);
  await page.fill('input[name="username"]', TEST_ADMIN.user);
  await page.fill('input[name="password"]', TEST_ADMIN.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login', { timeout: 30_000 }), page.click('button[type="submit"]')]);
}

beforeAll(async () => {
  app = await startApp();
  await plant();
  profile = mkdtempSync(path.join(os.tmpdir(), 'ironlb-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await app?.stop();
});

describe('XSS strings render as text in Chromium', () => {
  it('planted the string where the cluster and the dashboard accept it', () => {
    expect(planted).toContain('token label');
    console.log(`XSS string planted in: ${planted.join(', ')}`);
  });

  it('every page shows it literally, runs nothing, creates no element and hydrates under the CSP', async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    await signInThroughTheForm(page);
    const urls = await pageUrls();
    expect(urls.length).toBeGreaterThan(2);
    const shownOn: string[] = [];
    for (const url of urls) {
      await page.goto(app.baseUrl + url, { waitUntil: 'load' });
      await page.waitForTimeout(1_000); // client components render after hydration
      const injected = await page.locator('img[src="x"], [onerror]').count();
      expect(`${url}: ${injected} injected elements`).toBe(`${url}: 0 injected elements`);
      if ((await page.content()).includes('&lt;img src=x onerror=alert(1)&gt;')) shownOn.push(url);
    }
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    expect(shownOn).toEqual(expect.arrayContaining(['/users', '/audit']));
    console.log(`XSS string shown as text on: ${shownOn.join(', ')}`);
  }, 240_000);
});
