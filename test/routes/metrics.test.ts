// /metrics on the built app with the embedded demo cluster: Prometheus text with MetalLB's
// metric names, and no metrics without a session or token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';

let app: DashboardApp;

beforeAll(async () => {
  app = await startDashboard();
});

afterAll(async () => {
  await app?.stop();
});

describe('/metrics', () => {
  it('shows the seed pool and the announced IP under MetalLB names', async () => {
    const text = await waitUntil(async () => {
      const res = await app.api('/metrics');
      if (res.status !== 200) return undefined;
      const body = await res.text();
      return body.includes('metallb_speaker_announced{') && body.includes('metallb_allocator_addresses_total{') ? body : undefined;
    }, 30_000, 'the speakers to announce the seed IP');
    expect(text).toMatch(/metallb_allocator_addresses_total\{pool="my-ip-space"\} 6/);
    expect(text).toMatch(/metallb_allocator_addresses_in_use_total\{pool="my-ip-space"\} 1/);
    expect(text).toMatch(/metallb_speaker_announced\{[^}]*ip="10\.20\.13\.15"[^}]*\} 1/);
  });

  it('answers 401 without a session or token', async () => {
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(401);
  });
});
