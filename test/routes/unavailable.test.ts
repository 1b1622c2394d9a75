// When the cluster cannot be reached, every data route answers 503 with words, not a hang or a 500.
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startDashboard, type DashboardApp } from '../support/app';

let app: DashboardApp;
let dir: string;
let blackhole: Server;

beforeAll(async () => {
  // A port that accepts and immediately drops connections: an API server that is "there" but broken.
  const port = await freePort();
  blackhole = createServer((s) => s.destroy()).listen(port, '127.0.0.1');
  dir = mkdtempSync(path.join(os.tmpdir(), 'ironlb-kc-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: gone, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: c, context: { cluster: gone, user: u } }]
current-context: c
`,
  );
  app = await startDashboard({ IRONLB_MODE: 'kube', KUBECONFIG: kubeconfig });
});

afterAll(async () => {
  await app?.stop();
  blackhole?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cluster unreachable', () => {
  it.each(['/api/v1/services', '/api/v1/pools', '/api/v1/overview'])('GET %s answers 503 ClusterUnavailable', async (p) => {
    const res = await app.api(p);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('ClusterUnavailable');
    expect(body.message).toMatch(/cluster/);
  });

  it('a write answers 503 and is not attempted', async () => {
    const res = await app.api('/api/v1/pools', { body: { name: 'p', addresses: ['192.0.2.0/30'], autoAssign: true, avoidBuggyIPs: false } });
    expect(res.status).toBe(503);
  });
});
