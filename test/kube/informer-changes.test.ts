// An informer's `changes` count moves with what it caches, not with the store's resourceVersion:
// a bookmark brings the newest resourceVersion of every kind (here a Lease renewal's), and the
// simulated speakers' resync would run in full after each one if it compared resourceVersions
// (server/speaker/resync-memo.ts). Real API server with bookmarks every 100 ms.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInformer, createKube, createObject, replaceObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startTestServer, type TestServer } from '../apiserver/harness';

let s: TestServer;
const stop = new AbortController();
beforeAll(async () => { s = await startTestServer({ bookmarkIntervalMs: 100 }); });
afterAll(async () => { stop.abort(); await s.stop(); });

async function until(cond: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('counts added and modified objects, and not a bookmark that moved the resourceVersion', async () => {
  const kube = createKube({ kubeconfigPath: s.kubeconfigPath });
  const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } });
  await createObject(kube, RESOURCES.configmaps, cm('watched', '1'));
  const informer = createInformer({ kube, resource: RESOURCES.configmaps, namespace: 'default' });
  void informer.start(stop.signal);
  expect(await informer.waitForSync(stop.signal)).toBe(true);
  const afterList = informer.stats().changes;
  expect(afterList).toBe(informer.list().length);

  // Another kind is written: the next bookmark carries its resourceVersion.
  const before = informer.stats().resourceVersion;
  await createObject(kube, RESOURCES.leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'elsewhere', namespace: 'default' }, spec: { holderIdentity: 'x' } } as KubeObject);
  await until(() => informer.stats().resourceVersion !== before, 'a bookmark with the newer resourceVersion');
  expect(informer.stats().changes).toBe(afterList);

  const current = informer.get('default/watched')!;
  await replaceObject(kube, RESOURCES.configmaps, { ...current, data: { v: '2' } });
  await until(() => (informer.get('default/watched') as { data?: Record<string, string> } | undefined)?.data?.v === '2', 'the modification');
  expect(informer.stats().changes).toBe(afterList + 1);
});
