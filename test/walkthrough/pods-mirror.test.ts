// The pods mirror against a real embedded API server, with Leases written by the test instead of a
// controller and speakers: pods appear per Node, go Ready while a Lease is renewed, 0/1 when it lapses,
// come back after `kubectl delete pod`, and leave with their Node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../server/apiserver';
import { describePodState } from '../../server/apiserver/table-columns-workloads';
import { createPodsMirror, PODS } from '../../server/embedded/pods-mirror';
import { createKube, createObject, deleteObject, formatMicroTime, listObjects, RESOURCES, replaceObject, getObject, type Kube, type KubeObject, type LeaseObject } from '../../server/kube';
import { pollUntil } from './lab-process';

const NS = 'metallb-system';
let api: ApiServer;
let kube: Kube;
let dir: string;
const stop = new AbortController();

const listPods = async () => (await listObjects<KubeObject>(kube, PODS, { namespace: NS })).items;
const shown = (pods: KubeObject[]) => pods
  .map((p) => { const s = describePodState(p); return `${(p.spec as { nodeName?: string }).nodeName ?? '-'} ${s.ready} ${s.status} ${s.restarts}`; })
  .sort();

async function renew(name: string, node?: string) {
  const spec = { holderIdentity: node ?? 'controller', renewTime: formatMicroTime(new Date()), leaseDurationSeconds: 1 };
  const current = await getObject<LeaseObject>(kube, RESOURCES.leases, { namespace: NS, name });
  const labels: Record<string, string> = node ? { 'ironlb.io/node': node } : {};
  const metadata = { name, namespace: NS, labels, annotations: { 'ironlb.io/lease-duration-ms': '800' } };
  if (current) await replaceObject(kube, RESOURCES.leases, { ...current, metadata: { ...current.metadata, ...metadata }, spec });
  else await createObject(kube, RESOURCES.leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ironlb-pods-mirror-'));
  api = await startApiServer({ dataDir: dir });
  kube = createKube({ kubeconfigPath: api.kubeconfigPath });
  for (const [name, ip] of [['node01', '192.0.2.11'], ['node02', '192.0.2.12']]) {
    await createObject(kube, RESOURCES.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
  }
  void createPodsMirror({ kube, systemNamespace: NS }).start(stop.signal);
});

afterAll(async () => {
  stop.abort();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pods that mirror the embedded controller and speakers', () => {
  it('shows a pod per component, ContainerCreating until its Lease exists', async () => {
    const pods = await pollUntil(listPods, (p) => p.length === 3, 30_000);
    expect(shown(pods)).toEqual(['- 0/1 ContainerCreating 0', 'node01 0/1 ContainerCreating 0', 'node02 0/1 ContainerCreating 0']);
  });

  it('goes 1/1 Running while the Leases are renewed', async () => {
    const renewAll = () => Promise.all([renew('ironlb-controller'), renew('ironlb-speaker-node01', 'node01'), renew('ironlb-speaker-node02', 'node02')]);
    await renewAll();
    const pods = await pollUntil(async () => { await renewAll(); return listPods(); }, (p) => shown(p).every((s) => s.includes('1/1 Running')), 30_000);
    expect(shown(pods)).toEqual(['- 1/1 Running 0', 'node01 1/1 Running 0', 'node02 1/1 Running 0']);
  });

  it('drops to 0/1 when a speaker stops renewing, and counts a restart when it comes back', async () => {
    const lapsed = await pollUntil(async () => { await renew('ironlb-controller'); await renew('ironlb-speaker-node01', 'node01'); return listPods(); },
      (p) => shown(p).includes('node02 0/1 Running 0'), 30_000);
    expect(shown(lapsed)).toEqual(['- 1/1 Running 0', 'node01 1/1 Running 0', 'node02 0/1 Running 0']);
    const back = await pollUntil(async () => { await renew('ironlb-speaker-node02', 'node02'); return listPods(); }, (p) => shown(p).includes('node02 1/1 Running 1'), 30_000);
    expect(shown(back)).toContain('node02 1/1 Running 1');
  });

  it('replaces a deleted pod under a new name, like a DaemonSet', async () => {
    const before = (await listPods()).find((p) => (p.spec as { nodeName?: string }).nodeName === 'node01')!;
    await deleteObject(kube, PODS, { namespace: NS, name: before.metadata.name! });
    const after = await pollUntil(listPods, (p) => p.some((x) => (x.spec as { nodeName?: string }).nodeName === 'node01' && x.metadata.name !== before.metadata.name), 30_000);
    const replacement = after.filter((p) => (p.spec as { nodeName?: string }).nodeName === 'node01');
    expect(replacement).toHaveLength(1);
    expect(replacement[0].metadata.name).toMatch(/^speaker-[b-z2-9]{5}$/);
  });

  it('removes the speaker pod of a deleted Node', async () => {
    await deleteObject(kube, RESOURCES.nodes, { name: 'node02' });
    const pods = await pollUntil(listPods, (p) => p.length === 2, 30_000);
    expect(pods.map((p) => (p.spec as { nodeName?: string }).nodeName ?? '-').sort()).toEqual(['-', 'node01']);
  });
});
