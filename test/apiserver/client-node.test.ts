// client-node 1.x against the embedded API server, as the controller and speakers will use it:
// typed APIs, custom objects, leases, events, informers that reconnect and relist.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let s: TestServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let custom: k8s.CustomObjectsApi;
let coordination: k8s.CoordinationV1Api;
let eventsV1: k8s.EventsV1Api;

beforeAll(async () => {
  s = await startTestServer({ historySize: 5 });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(s.kubeconfigPath);
  core = kc.makeApiClient(k8s.CoreV1Api);
  custom = kc.makeApiClient(k8s.CustomObjectsApi);
  coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  eventsV1 = kc.makeApiClient(k8s.EventsV1Api);
});
afterAll(async () => { await s.stop(); });

const ns = 'default';
const svc = (name: string, labels: Record<string, string> = {}): k8s.V1Service => ({
  metadata: { name, labels }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }], selector: { app: name } },
});
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

async function waitFor<T>(read: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function codeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { code: number }).code;
  }
}

describe('typed APIs', () => {
  it('works through the written kubeconfig (https with its own CA) and through the plain http url', async () => {
    expect((await core.listNamespace()).items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'metallb-system']));
    const plain = new k8s.KubeConfig();
    plain.loadFromOptions({
      clusters: [{ name: 'c', server: s.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: s.token }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    expect((await plain.makeApiClient(k8s.CoreV1Api).listNamespace()).items.length).toBeGreaterThanOrEqual(5);
  });

  it('creates, lists and deletes services; errors arrive as ApiException with the HTTP code', async () => {
    const created = await core.createNamespacedService({ namespace: ns, body: svc('typed') });
    expect(created.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect((await core.listNamespacedService({ namespace: ns })).items.map((i) => i.metadata?.name)).toContain('typed');
    expect(await codeOf(core.createNamespacedService({ namespace: ns, body: svc('typed') }))).toBe(409);
    await core.deleteNamespacedService({ name: 'typed', namespace: ns });
    expect(await codeOf(core.readNamespacedService({ name: 'typed', namespace: ns }))).toBe(404);
  });

  it('rejects a replace with a stale resourceVersion with 409', async () => {
    const created = await core.createNamespacedService({ namespace: ns, body: svc('stale') });
    await core.patchNamespacedService({ name: 'stale', namespace: ns, body: { metadata: { labels: { a: 'b' } } } }, mergePatch);
    expect(await codeOf(core.replaceNamespacedService({ name: 'stale', namespace: ns, body: created }))).toBe(409);
  });

  it('keeps status on the main endpoint and changes only status on /status', async () => {
    await core.createNamespacedService({ namespace: ns, body: svc('lb') });
    const withStatus = await core.readNamespacedService({ name: 'lb', namespace: ns });
    withStatus.status = { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } };
    withStatus.spec!.sessionAffinity = 'ClientIP';
    // A built-in kind's /status keeps metadata changes (kubernetes#92022): one write for the
    // ingress IP and the allocated-from-pool annotation, as the controller does.
    withStatus.metadata!.annotations = { 'metallb.io/ip-allocated-from-pool': 'my-ip-space' };
    const afterStatus = await core.replaceNamespacedServiceStatus({ name: 'lb', namespace: ns, body: withStatus });
    expect(afterStatus.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.10' }]);
    expect(afterStatus.spec?.sessionAffinity).toBe('None');
    expect(afterStatus.metadata?.annotations).toEqual({ 'metallb.io/ip-allocated-from-pool': 'my-ip-space' });

    afterStatus.status = { loadBalancer: {} };
    afterStatus.metadata!.labels = { changed: 'yes' };
    const afterMain = await core.replaceNamespacedService({ name: 'lb', namespace: ns, body: afterStatus });
    expect(afterMain.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.10' }]);
    expect(afterMain.metadata?.labels).toEqual({ changed: 'yes' });

  });

  it('patches with JSON Patch by default', async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'jp' }, data: { a: '1' } } });
    const patched = await core.patchNamespacedConfigMap({ name: 'jp', namespace: ns, body: [{ op: 'add', path: '/data/b', value: '2' }] });
    expect(patched.data).toEqual({ a: '1', b: '2' });
  });
});

interface PoolObject {
  metadata: { name: string; generation?: number };
  spec: { addresses: string[]; autoAssign?: boolean; avoidBuggyIPs?: boolean };
  status?: Record<string, unknown>;
}

describe('custom objects', () => {
  const pools = { group: 'metallb.io', version: 'v1beta1', namespace: 'metallb-system', plural: 'ipaddresspools' };
  const pool = (name: string, addresses: string[]) => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name }, spec: { addresses } });

  it('creates a pool with schema defaults, and updates only status through /status', async () => {
    const created = await custom.createNamespacedCustomObject({ ...pools, body: pool('cn-pool', ['192.0.2.0/28']) }) as PoolObject;
    expect(created.spec).toEqual({ addresses: ['192.0.2.0/28'], autoAssign: true, avoidBuggyIPs: false });
    const status = await custom.replaceNamespacedCustomObjectStatus({
      ...pools,
      name: 'cn-pool',
      body: { ...created, metadata: { ...created.metadata, labels: { via: 'status' } }, spec: { addresses: ['198.51.100.0/24'] }, status: { assignedIPv4: 1 } },
    }) as PoolObject & { metadata: { labels?: Record<string, string> } };
    expect(status.status).toEqual({ assignedIPv4: 1 });
    expect(status.metadata.labels).toBeUndefined(); // a custom resource's /status keeps only status
    expect(status.spec.addresses).toEqual(['192.0.2.0/28']);
    expect(status.metadata.generation).toBe(1);
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    const specChange = await custom.patchNamespacedCustomObject({ ...pools, name: 'cn-pool', body: { spec: { autoAssign: false } } }, merge) as PoolObject;
    expect(specChange.metadata.generation).toBe(2);
    expect(specChange.status).toEqual({ assignedIPv4: 1 });
    const listed = await custom.listNamespacedCustomObject({ ...pools }) as { items: PoolObject[] };
    expect(listed.items.map((i) => i.metadata.name)).toContain('cn-pool');
  });

  it('gets 403 from the admission check for an overlapping pool, and 415 for strategic merge', async () => {
    expect(await codeOf(custom.createNamespacedCustomObject({ ...pools, body: pool('cn-overlap', ['192.0.2.8/29']) }))).toBe(403);
    const smp = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);
    expect(await codeOf(custom.patchNamespacedCustomObject({ ...pools, name: 'cn-pool', body: { spec: { autoAssign: false } } }, smp))).toBe(415);
  });
});

describe('leases', () => {
  it('creates, renews with the current version, and refuses a renewal from a stale copy', async () => {
    const body: k8s.V1Lease = { metadata: { name: 'node-a' }, spec: { holderIdentity: 'node-a', leaseDurationSeconds: 10, renewTime: new Date() } };
    const created = await coordination.createNamespacedLease({ namespace: 'kube-node-lease', body });
    const renewed = await coordination.replaceNamespacedLease({ name: 'node-a', namespace: 'kube-node-lease', body: { ...created, spec: { ...created.spec, renewTime: new Date(Date.now() + 1000) } } });
    expect(Number(renewed.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    expect(new Date(renewed.spec?.renewTime as unknown as string).getTime()).toBeGreaterThan(new Date(created.spec?.renewTime as unknown as string).getTime());
    expect(await codeOf(coordination.replaceNamespacedLease({ name: 'node-a', namespace: 'kube-node-lease', body: created }))).toBe(409);
  });
});

describe('events', () => {
  it('finds core events by involvedObject field selectors, and shows events.k8s.io/v1 events in core/v1', async () => {
    const involved = { kind: 'Service', namespace: ns, name: 'ev-target', uid: 'u-1', apiVersion: 'v1' };
    await core.createNamespacedEvent({ namespace: ns, body: { metadata: { name: 'ev-target.1' }, involvedObject: involved, reason: 'IPAllocated', message: 'Assigned IP ["192.0.2.1"]', type: 'Normal', source: { component: 'metallb-controller' } } });
    await core.createNamespacedEvent({ namespace: ns, body: { metadata: { name: 'other.1' }, involvedObject: { ...involved, name: 'other' }, reason: 'AllocationFailed', type: 'Warning' } });
    await eventsV1.createNamespacedEvent({ namespace: ns, body: {
      metadata: { name: 'ev-target.2' }, eventTime: new k8s.V1MicroTime(), reportingController: 'metallb-speaker', reportingInstance: 'node-a',
      regarding: involved, reason: 'nodeAssigned', note: 'announcing from node "node-a" with protocol "layer2"', type: 'Normal', action: 'Announce',
    } });
    const selected = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=ev-target,involvedObject.kind=Service' });
    expect(selected.items.map((e) => e.reason).sort()).toEqual(['IPAllocated', 'nodeAssigned']);
    expect(selected.items.find((e) => e.reason === 'nodeAssigned')?.message).toBe('announcing from node "node-a" with protocol "layer2"');
    const warnings = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'type=Warning' });
    expect(warnings.items.map((e) => e.metadata?.name)).toEqual(['other.1']);
    const v1 = await eventsV1.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=IPAllocated' });
    expect(v1.items[0]).toMatchObject({ note: 'Assigned IP ["192.0.2.1"]', regarding: { name: 'ev-target' } });
  });

  it('refuses an events.k8s.io/v1 event without eventTime', async () => {
    expect(await codeOf(eventsV1.createNamespacedEvent({ namespace: ns, body: { metadata: { name: 'bad' }, reportingController: 'x', reportingInstance: 'y' } as k8s.EventsV1Event }))).toBe(422);
  });
});

describe('informers', () => {
  it('reports add, update and delete, and keeps going after the server ends its watch', async () => {
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/services', () => { lists++; return core.listNamespacedService({ namespace: ns }); });
    const seen: string[] = [];
    let connects = 0;
    for (const verb of [k8s.ADD, k8s.UPDATE, k8s.DELETE] as const) informer.on(verb, (o) => { if (o.metadata?.name?.startsWith('inf-')) seen.push(`${verb} ${o.metadata.name}`); });
    informer.on(k8s.CONNECT, () => { connects++; });
    await informer.start();
    await core.createNamespacedService({ namespace: ns, body: svc('inf-a') });
    await waitFor(() => (seen.includes('add inf-a') ? true : undefined), 'add');
    await core.patchNamespacedService({ name: 'inf-a', namespace: ns, body: { metadata: { labels: { x: 'y' } } } }, mergePatch);
    await waitFor(() => (seen.includes('update inf-a') ? true : undefined), 'update');

    s.dropWatches();
    await waitFor(() => (connects >= 2 ? true : undefined), 'reconnect');
    await core.deleteNamespacedService({ name: 'inf-a', namespace: ns });
    await waitFor(() => (seen.includes('delete inf-a') ? true : undefined), 'delete after reconnect');
    expect(seen).toEqual(['add inf-a', 'update inf-a', 'delete inf-a']);
    expect(lists).toBe(1); // it resumed from its version, no relist
    await informer.stop();
  });

  it('relists after 410 Expired and reports what changed while it was away', async () => {
    const selector = 'watched=yes';
    let lists = 0;
    const list = () => { lists++; return core.listNamespacedConfigMap({ namespace: ns, labelSelector: selector }); };
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', list, selector);
    const deleted: string[] = [];
    informer.on(k8s.DELETE, (o) => deleted.push(o.metadata?.name ?? ''));
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'keep', labels: { watched: 'yes' } } } });
    await informer.start();
    await waitFor(() => informer.get('keep', ns), 'initial list');
    // The informer sees none of these, so its version falls out of the (tiny) history.
    for (let i = 0; i < 12; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `noise-${i}` } } });
    s.dropWatches();
    await waitFor(() => (lists === 2 ? true : undefined), 'relist after 410');
    await core.deleteNamespacedConfigMap({ name: 'keep', namespace: ns });
    await waitFor(() => (deleted.includes('keep') ? true : undefined), 'delete seen after relist');
    await informer.stop();
  });
});
