// The history pages in Chromium against the built app on the embedded demo cluster: the failover
// timeline of the seed service gains a new failover live, with its cause; the node's timeline,
// the pool's utilisation chart and forecast, flapping on the Overview, and "verify now".
// Each test leaves a screenshot in test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDashboard, type DashboardApp } from '../support/app';
import { openBrowser, screenshot, type Browser } from '../support/browser';

let app: DashboardApp;
let browser: Browser;
let page: Page;
let from = '';
let to = '';

/** The page's own content (a streamed page's hidden copy may sit beside it for a moment). */
const inMain = (p: Page) => p.locator('#main');
const SEED = '/services/ingress-nginx/ingress-nginx-controller';

beforeAll(async () => {
  app = await startDashboard();
  browser = await openBrowser(app);
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  if (from) await app?.api('/api/v1/nodes/exclusions', { body: { nodes: [from], excluded: false } });
  await browser?.close();
  await app?.stop();
});

describe('history in Chromium', () => {
  it("the service's failover timeline renders, and a new failover appears on it live with its cause", async () => {
    await page.goto(`${app.baseUrl}${SEED}`);
    const announcing = inMain(page).locator('[data-testid="candidate-row"][data-status="announcing"]');
    await announcing.waitFor({ timeout: 20_000 });
    from = (await announcing.getAttribute('data-node'))!;
    await inMain(page)
      .locator('[data-testid="announcer-timeline"][data-ready="true"] canvas')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(async (e: unknown) => {
        // What the page showed instead, and what the ledger held for the service.
        await screenshot(page, 'history-timeline-missing');
        const ledger = await app.api('/api/v1/history/services/ingress-nginx/ingress-nginx-controller');
        throw new Error(`${String(e)}\npage: ${(await inMain(page).innerText()).slice(0, 1500)}\nledger: ${(await ledger.text()).slice(0, 1500)}`);
      });
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 10_000 });
    const rows = inMain(page).locator('[data-testid="history-row"]');
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);

    expect((await app.api('/api/v1/nodes/exclusions', { body: { nodes: [from], excluded: true } })).status).toBe(200);
    // No reload: the stream's batch carries the entry and the open timeline refetches.
    const failover = inMain(page).locator('[data-testid="history-row"][data-kind="announcerChanged"][data-cause="excluded"]');
    await failover.first().waitFor({ timeout: 15_000 });
    const text = (await failover.first().textContent()) ?? '';
    expect(text).toContain(from);
    expect(text).toContain('excluded');
    await inMain(page).locator(`[data-testid="candidate-row"][data-node="${from}"][data-status="ineligible"]`).waitFor({ timeout: 15_000 });
    to = (await announcing.getAttribute('data-node'))!;
    expect(to).not.toBe(from);
    expect(await rows.count()).toBeGreaterThan(before);
    expect(await failover.first().locator('[data-testid="cause"]').textContent()).toMatch(/▲\s*excluded/);
    await screenshot(page, 'history-service-timeline');
  });

  it('the IP history says who held the IP, and verify now finds the announcer answering', async () => {
    await inMain(page).locator('[data-testid="ip-holding"][data-ip="10.20.13.15"]').filter({ hasText: 'ingress-nginx/ingress-nginx-controller' }).waitFor();
    await inMain(page).getByRole('button', { name: 'Verify now' }).click();
    const report = inMain(page).locator('[data-testid="verify-report"]');
    await report.waitFor({ timeout: 15_000 });
    expect(await report.getAttribute('data-verdict')).toBe('match');
    expect(await inMain(page).locator(`[data-testid="verify-probe"][data-from="${to}"]`).textContent()).toContain(to);
    await screenshot(page, 'history-verify');
  });

  it("the node's page charts what it lost and why", async () => {
    await page.goto(`${app.baseUrl}/nodes/${from}`);
    await inMain(page).locator('[data-testid="node-timeline"][data-ready="true"] canvas').first().waitFor({ timeout: 20_000 });
    await inMain(page).locator('[data-testid="history-row"][data-cause="excluded"]').first().waitFor();
    await screenshot(page, 'history-node');
  });

  it("the pool's page charts utilisation and says when it runs out at this rate", async () => {
    await page.goto(`${app.baseUrl}/pools/my-ip-space`);
    const forecast = inMain(page).locator('[data-testid="forecast"]');
    await forecast.waitFor({ timeout: 20_000 });
    expect(await forecast.textContent()).toMatch(/my-ip-space does not fill up at this rate|At this rate my-ip-space is full in .+/);
    await inMain(page).locator('[data-testid="usage-chart"][data-ready="true"] canvas').first().waitFor({ timeout: 20_000 });
    await inMain(page).locator('[data-testid="ip-holding"][data-ip="10.20.13.15"]').waitFor();
    await screenshot(page, 'history-pool');
  });

  it('the Overview ranks flapping services (none here)', async () => {
    await page.goto(`${app.baseUrl}/`);
    await inMain(page).locator('[data-testid="flapping-none"], [data-testid="flapping"]').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'history-overview');
  });
});
