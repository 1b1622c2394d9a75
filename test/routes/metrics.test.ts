// /metrics on the built app with the embedded demo cluster: Prometheus text with MetalLB's
// metric names and the dashboard's own, and no metrics without a session or token.
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
      const ready = ['metallb_speaker_announced{', 'metallb_allocator_addresses_total{', 'ironlb_services{state="announced"} 1'].every((s) => body.includes(s));
      return ready ? body : undefined;
    }, 30_000, 'the speakers to announce the seed IP');
    expect(text).toMatch(/metallb_allocator_addresses_total\{pool="my-ip-space"\} 6/);
    expect(text).toMatch(/metallb_allocator_addresses_in_use_total\{pool="my-ip-space"\} 1/);
    expect(text).toMatch(/metallb_speaker_announced\{[^}]*ip="10\.20\.13\.15"[^}]*\} 1/);
    // the dashboard's own views (docs/operators.md): nodes by speaker state, preflight
    expect(text).toMatch(/ironlb_node_speaker_state\{node="node01",state="live"\} 1/);
    expect(text).toMatch(/ironlb_preflight_checks\{status="error"\} 1/);
  });

  it('answers 401 without a session or token', async () => {
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(401);
  });
});
