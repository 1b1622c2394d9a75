// The history API on the built app with the embedded demo cluster: a service created, its node
// excluded, deleted and re-created, each entry with its cause; bad input answered 400/404 with a
// clear message; CSV export; the forecast and its Prometheus gauge; and the ledger surviving a
// kill -9 of the whole app with nothing lost that was recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, PoolForecast } from '../../lib/history';
import { createObject, deleteObject, RESOURCES } from '../../server/kube';
import { createAndSignIn } from '../support/auth';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ironlb-history-app-'));
let app: DashboardApp;
const SVC = '/api/v1/history/services/default/hist-api';

async function body<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
const entriesOf = async (p: string) => (await body<{ entries: HistoryEntry[] }>(await app.api(p))).entries;
const waitForEntry = (p: string, what: string, match: (e: HistoryEntry) => boolean) =>
  waitUntil(async () => (await entriesOf(p)).find(match), 20_000, what);

async function createService(): Promise<void> {
  await createObject(app.kube(), RESOURCES.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name: 'hist-api', annotations: { 'metallb.io/address-pool': 'my-ip-space' } },
    spec: { type: 'LoadBalancer', selector: { app: 'hist-api' }, ports: [{ port: 80, protocol: 'TCP' }] },
  });
}

beforeAll(async () => {
  app = await startDashboard({}, { dataDir });
  // The worker writes the kubeconfig once the embedded API server is up: after healthz answers.
  await waitUntil(async () => (await app.api('/api/v1/services')).ok, 60_000, 'the cluster to be up');
  await createObject(app.kube(), RESOURCES.endpointslices, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'default', name: 'hist-api-1', labels: { 'kubernetes.io/service-name': 'hist-api' } },
    addressType: 'IPv4',
    endpoints: ['node01', 'node02', 'node03'].map((n, i) => ({ addresses: [`172.16.1.${i + 1}`], nodeName: n, conditions: { ready: true, serving: true } })),
    ports: [{ port: 80, protocol: 'TCP' }],
  } as never);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('history routes', () => {
  let excludedNode = '';

  it('records a created service, a move off an excluded node, a delete and a re-create', async () => {
    await createService();
    const first = await waitForEntry(SVC, 'the first announcer', (e) => e.kind === 'announcerChanged' && e.previousNode === null);
    excludedNode = first.node!;
    const exclude = await app.api('/api/v1/nodes/exclusions', { body: { nodes: [excludedNode], excluded: true } });
    expect(exclude.status).toBe(200);
    const moved = await waitForEntry(SVC, 'the move off the excluded node', (e) => e.kind === 'announcerChanged' && e.previousNode === excludedNode);
    expect(moved).toMatchObject({ cause: 'excluded', service: 'default/hist-api', inferred: false });
    await deleteObject(app.kube(), RESOURCES.services, { namespace: 'default', name: 'hist-api' });
    await waitForEntry(SVC, 'the release', (e) => e.kind === 'ipReleased' && e.detail === 'service deleted');
    await createService();
    await waitUntil(async () => (await entriesOf(SVC)).filter((e) => e.kind === 'announcerChanged' && e.cause === null).length === 2, 20_000, 'the re-created service announced');
    const entries = await entriesOf(SVC);
    expect(entries.map((e) => e.kind)).toEqual(['announcerChanged', 'ipAssigned', 'ipReleased', 'announcerChanged', 'announcerChanged', 'ipAssigned']);
    expect(entries.every((e, i) => i === 0 || entries[i - 1].at >= e.at)).toBe(true); // newest first
    const ip = entries[1].ip!;
    const byIP = await entriesOf(`/api/v1/history/ips/${ip}`);
    expect(byIP.filter((e) => e.service === 'default/hist-api' && e.kind === 'ipAssigned')).toHaveLength(2);
  });

  it('limits and time ranges select entries, and CSV exports the same rows', async () => {
    const all = await entriesOf(SVC);
    expect(await entriesOf(`${SVC}?limit=2`)).toEqual(all.slice(0, 2));
    const oldest = all.at(-1)!.at;
    expect(await entriesOf(`${SVC}?until=${encodeURIComponent(oldest)}`)).toEqual(all.filter((e) => e.at <= oldest));
    expect(await entriesOf(`${SVC}?since=${Date.parse(all[0].at) + 1}`)).toEqual([]);
    const csv = await app.api(`${SVC}?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="ironlb-history-default-hist-api\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,kind,service,ip,pool,node,previousNode,cause,detail,by,resourceVersion,inferred');
    expect(lines).toHaveLength(all.length + 1);
    expect(lines.some((l) => l.includes(',excluded,'))).toBe(true);
  });

  it.each([
    { path: '/api/v1/history/services/default/never-was', status: 404, words: /no such service was ever seen/ },
    { path: '/api/v1/history/ips/198.51.100.250', status: 404, words: /no service ever held this IP/ },
    { path: '/api/v1/history/ips/not-an-ip', status: 400, words: /"not-an-ip" is not an IPv4 or IPv6 address/ },
    { path: '/api/v1/history/nodes/node99', status: 404, words: /no such node was ever seen/ },
    { path: '/api/v1/pools/no-such-pool/forecast', status: 404, words: /IPAddressPool no-such-pool not found/ },
    { path: `${SVC}?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z`, status: 400, words: /since is after until/ },
    { path: `${SVC}?since=yesterday`, status: 400, words: /since must be an RFC 3339 time/ },
    { path: `${SVC}?limit=0`, status: 400, words: /limit must be at least 1/ },
    { path: `${SVC}?format=xml`, status: 400, words: /format must be json or csv/ },
    { path: '/api/v1/history/flapping?window=5s', status: 400, words: /window must be a duration/ },
  ])('$path: $status', async ({ path: p, status, words }) => {
    const res = await app.api(p);
    expect(res.status).toBe(status);
    const error = (await res.json()) as { code: string; message: string };
    expect(error.message).toMatch(words);
  });

  it('a viewer reads history, the forecast and flapping', async () => {
    const viewer = await createAndSignIn(app.baseUrl, app.cookie, 'hilda', 'viewer');
    for (const p of [SVC, '/api/v1/pools/my-ip-space/forecast', '/api/v1/history/flapping', '/api/v1/pools/my-ip-space/usage']) {
      expect((await fetch(`${app.baseUrl}${p}`, { headers: { cookie: viewer } })).status).toBe(200);
    }
  });

  it('forecasts the seed pool and exports the forecast to Prometheus', async () => {
    const f = await body<PoolForecast>(await app.api('/api/v1/pools/my-ip-space/forecast'));
    expect(Object.keys(f).sort()).toEqual(['exhaustedAt', 'pool', 'ratePerDay', 'size', 'used']);
    expect(f).toMatchObject({ pool: 'my-ip-space', size: 6, used: 2 });
    // Minutes of data are no rate: the pool does not fill "at this rate".
    expect(f.exhaustedAt).toBeNull();
    const metrics = await (await app.api('/metrics')).text();
    expect(metrics).toMatch(/ironlb_pool_exhaustion_seconds\{pool="my-ip-space"\} \+Inf/);
    expect(metrics).toMatch(/ironlb_pool_allocation_rate_per_day\{pool="my-ip-space"\} 0/);
  });

  it('answers with the stream position it reflects, so a page read behind a batch of new entries is caught up', async () => {
    type Positioned = { epoch: string; seq: number; entries: HistoryEntry[] };
    const RANGE = '/api/v1/history?limit=100000';
    const list = await body<{ epoch: string; seq: number }>(await app.api('/api/v1/services'));
    const before = await body<Positioned>(await app.api(RANGE));
    expect(before.epoch).toBe(list.epoch);
    expect(before.seq).toBeGreaterThanOrEqual(list.seq);
    await createObject(app.kube(), RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'hist-position' },
      spec: { type: 'LoadBalancer', selector: { app: 'hist-position' }, ports: [{ port: 80, protocol: 'TCP' }] },
    });
    // Its entries reached the browser on a later batch: an answer that includes them says so.
    const after = await waitUntil(async () => {
      const page = await body<Positioned>(await app.api(RANGE));
      return page.entries.some((e) => e.service === 'default/hist-position') ? page : undefined;
    }, 20_000, 'the new service in the ledger');
    expect(after.epoch).toBe(before.epoch);
    expect(after.seq).toBeGreaterThan(before.seq);
  });

  it('survives a kill -9 of the whole app: every entry recorded before is there after', async () => {
    const before = await entriesOf('/api/v1/history?limit=100000');
    expect(before.length).toBeGreaterThan(6);
    await app.kill();
    app = await startDashboard({}, { dataDir });
    const after = await waitUntil(async () => {
      const res = await app.api('/api/v1/history?limit=100000');
      return res.ok ? ((await res.json()) as { entries: HistoryEntry[] }).entries : undefined;
    }, 60_000, 'the history after the restart');
    const key = (e: HistoryEntry) => JSON.stringify(e);
    const kept = new Set(after.map(key));
    expect(before.filter((e) => !kept.has(key(e)))).toEqual([]);
    // Whatever the restart added was inferred from the objects, never a repeat of a live entry.
    const added = after.filter((e) => !before.some((b) => key(b) === key(e)));
    expect(added.filter((e) => !e.inferred && e.at < before[0].at)).toEqual([]);
  });
});
