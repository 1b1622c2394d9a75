// The history ledger in the embedded cluster (API server, controller, simulated speakers), with
// the dashboard's recorder on top in this process: a service is created, its node excluded, the
// next node's speaker killed, the service deleted and re-created; each step shows up with the
// right cause, live on the stream; and a recorder started after changes it missed fills them in,
// marked inferred, without losing or repeating anything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../lib/history';
import type { StreamBatch } from '../../lib/views';
import { Dashboard } from '../../server/dashboard/dashboard';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../server/embedded/cluster';
import { readServiceHistory } from '../../server/history/queries';
import { HANDOVER_GRACE_MS } from '../../server/history/recorder';
import { verifyService } from '../../server/history/verify';
import { createObject, deleteObject, patchObject, RESOURCES } from '../../server/kube';
import { waitFor } from '../speaker/support';

const NS = 'metallb-system';
const EXCLUDE = 'node.kubernetes.io/exclude-from-external-load-balancers';
const SERVICE = { namespace: 'default', name: 'hist-web' };

let dataDir: string;
let cluster: EmbeddedCluster;
const stopCluster = new AbortController();
let dash: Dashboard;
let stopDash: AbortController;
const batches: StreamBatch[] = [];

function startRecorder(): Dashboard {
  stopDash = new AbortController();
  const d = new Dashboard(cluster.kube, {
    kube: cluster.kube,
    systemNamespace: NS,
    dataDir,
    push: (_topic, data) => batches.push(data as StreamBatch),
    describe: () => ({ mode: 'embedded', state: 'running', cluster: 'embedded', runsController: true, readOnly: false }),
  });
  d.start(stopDash.signal);
  return d;
}

async function createService(): Promise<void> {
  await createObject(cluster.kube, RESOURCES.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...SERVICE, annotations: { 'metallb.io/address-pool': 'my-ip-space' } },
    spec: { type: 'LoadBalancer', selector: { app: SERVICE.name }, ports: [{ port: 80, protocol: 'TCP' }] },
  });
}

const history = async (d = dash): Promise<HistoryEntry[]> => (await readServiceHistory(d, SERVICE.namespace, SERVICE.name, { limit: 1000 })).entries;
const find = (entries: HistoryEntry[], match: Partial<HistoryEntry>) =>
  entries.find((e) => Object.entries(match).every(([k, v]) => e[k as keyof HistoryEntry] === v));
const waitForEntry = (what: string, match: Partial<HistoryEntry>, timeoutMs = 20_000) =>
  waitFor(what, async () => find(await history(), match), timeoutMs);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ironlb-history-'));
  // Heartbeats every 500 ms: a killed speaker is missed within about 2.5 s, not the embedded default's 25 s.
  cluster = await startEmbeddedCluster({ dataDir, systemNamespace: NS, signal: stopCluster.signal, seed: true, heartbeatIntervalMs: 500 });
  await cluster.speakers!.synced;
  // Every speaker live first: one that joins late would take IPs over by rank (a speakerRestart entry).
  await waitFor('three live speakers', async () => {
    const ready = await Promise.all([...cluster.speakers!.speakers().values()].map((s) => s.ready));
    return ready.length === 3 && ready.every(Boolean) ? true : undefined;
  }, 60_000);
  await createObject(cluster.kube, RESOURCES.endpointslices, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: SERVICE.namespace, name: `${SERVICE.name}-1`, labels: { 'kubernetes.io/service-name': SERVICE.name } },
    addressType: 'IPv4',
    endpoints: ['node01', 'node02', 'node03'].map((n, i) => ({ addresses: [`172.16.0.${i + 1}`], nodeName: n, conditions: { ready: true, serving: true } })),
    ports: [{ port: 80, protocol: 'TCP' }],
  } as never);
  dash = startRecorder();
  await dash.ready();
}, 120_000);

afterAll(async () => {
  stopDash?.abort();
  stopCluster.abort();
  await cluster?.speakers?.stopped;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the history of a service in the embedded cluster', () => {
  let first: string;
  let second: string;
  let ip: string;

  it('records the IP assignment and the first announcer (no cause: not a failover)', async () => {
    await createService();
    const assigned = await waitForEntry('ipAssigned', { kind: 'ipAssigned' });
    ip = assigned.ip!;
    expect(assigned).toMatchObject({ pool: 'my-ip-space', inferred: false, service: 'default/hist-web' });
    expect(assigned.resourceVersion).toMatch(/^\d+$/);
    const announced = await waitForEntry('first announcer', { kind: 'announcerChanged', previousNode: null });
    expect(announced).toMatchObject({ ip, cause: null, inferred: false });
    first = announced.node!;
  });

  it('excluding the announcing node moves the IP, cause excluded, and the entry rides on the stream', async () => {
    await patchObject(cluster.kube, RESOURCES.nodes, { name: first }, { metadata: { labels: { [EXCLUDE]: '' } } });
    const moved = await waitForEntry('the move off the excluded node', { kind: 'announcerChanged', previousNode: first });
    expect(moved).toMatchObject({ cause: 'excluded', ip, inferred: false });
    expect(moved.detail).toContain(`node ${first} was excluded`);
    // One move from the excluded node to the next, never a move to nobody in between.
    expect(moved.node).not.toBeNull();
    second = moved.node!;
    expect(second).not.toBe(first);
    const streamed = batches.flatMap((b) => b.history ?? []);
    expect(find(streamed, { kind: 'announcerChanged', previousNode: first, service: 'default/hist-web' })).toEqual(moved);
  });

  it("killing the next node's speaker (kill -9: silent on the LAN, its Lease left to expire) moves it again, cause node gone", async () => {
    const killedAt = new Date().toISOString();
    await cluster.speakers!.kill(second);
    const moved = await waitFor(
      'the move off the killed speaker',
      async () => (await history()).find((e) => e.kind === 'announcerChanged' && e.previousNode === second && e.at >= killedAt),
      30_000,
    );
    // Both in one assertion: a wrong cause shows the classifier's words for it.
    expect({ cause: moved.cause, detail: moved.detail }).toEqual({ cause: 'nodeGone', detail: expect.stringContaining(`${second}'s speaker went silent`) });
    expect(moved.node).not.toBe(first);
  });

  it('with no serving endpoint the IP goes unannounced: one entry to nobody, dated when it went, and one back', async () => {
    const setServing = (serving: boolean) =>
      patchObject(cluster.kube, RESOURCES.endpointslices, { namespace: SERVICE.namespace, name: `${SERVICE.name}-1` }, {
        endpoints: ['node01', 'node02', 'node03'].map((n, i) => ({ addresses: [`172.16.0.${i + 1}`], nodeName: n, conditions: { ready: serving, serving } })),
      });
    const before = (await history()).find((e) => e.kind === 'announcerChanged')!;
    const wentAt = Date.now();
    await setServing(false);
    // Held for the handover grace (a takeover half seen is not a move to nobody), then dated back.
    const gone = await waitForEntry('the move to nobody', { kind: 'announcerChanged', previousNode: before.node, node: null });
    expect({ cause: gone.cause, detail: gone.detail }).toEqual({ cause: 'endpointsMoved', detail: 'the service has no serving endpoint any more' });
    expect(Date.parse(gone.at) - wentAt).toBeLessThan(HANDOVER_GRACE_MS);
    await setServing(true);
    const back = await waitForEntry('announced again', { kind: 'announcerChanged', previousNode: null, cause: 'endpointsMoved' });
    expect(back.node).not.toBeNull();
  });

  it('deleting and re-creating the service: released, then assigned and announced anew', async () => {
    await deleteObject(cluster.kube, RESOURCES.services, SERVICE);
    const released = await waitForEntry('ipReleased', { kind: 'ipReleased', detail: 'service deleted' });
    expect(released).toMatchObject({ ip, inferred: false });
    await createService();
    await waitFor('a second assignment', async () => ((await history()).filter((e) => e.kind === 'ipAssigned').length === 2 ? true : undefined), 20_000);
    await waitFor('a second first announcer', async () => ((await history()).filter((e) => e.kind === 'announcerChanged' && e.cause === null).length === 2 ? true : undefined), 20_000);
    const kinds = (await history()).map((e) => `${e.kind}${e.cause ? `:${e.cause}` : ''}`);
    expect(kinds).toEqual(['announcerChanged', 'ipAssigned', 'ipReleased', 'announcerChanged:endpointsMoved', 'announcerChanged:endpointsMoved', 'announcerChanged:nodeGone', 'announcerChanged:excluded', 'announcerChanged', 'ipAssigned']);
  });

  it('verify now: the announcer and one other node resolve the IP, and the announcer\'s MAC answers', async () => {
    const report = await waitFor('an announced service to verify', async () => {
      const r = await verifyService(dash, cluster.lanClient, SERVICE.namespace, SERVICE.name);
      return r.verdict === 'match' ? r : undefined;
    });
    expect(report.probes).toHaveLength(2);
    expect(report.probes[0].from).toBe(report.expected.node);
    for (const p of report.probes) expect(p.answers.map((a) => a.node)).toEqual([report.expected.node]);
    expect(cluster.lanClient!.rounds()).toBeGreaterThan(0); // the LAN client resolved the seed's VIP
  });

  it('a recorder started after changes it missed fills them in, inferred, and keeps everything it had', async () => {
    const before = await history();
    stopDash.abort();
    await deleteObject(cluster.kube, RESOURCES.services, SERVICE);
    await waitFor('the service to be gone', async () => ((await cluster.kube.request({ method: 'GET', path: `/api/v1/namespaces/default/services/${SERVICE.name}` }).catch(() => null)) === null ? true : undefined));
    dash = startRecorder();
    await dash.ready();
    const after = await history();
    expect(after.slice(1)).toEqual(before);
    expect(after[0]).toMatchObject({ kind: 'ipReleased', inferred: true, detail: 'service deleted while the dashboard was not running' });
  });
});
