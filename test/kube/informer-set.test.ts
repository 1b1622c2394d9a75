// Shared informers against the embedded API server: readers of one kind share one list, one
// watch and the same cached objects; a late reader hears every object as its own first list
// would have told it; the watch stops with its last reader. The connection is counted by a
// wrapper around the real client (the two functions the informer calls).
import { afterEach, describe, expect, it } from 'vitest';
import { createInformerSet, createObject, RESOURCES, type InformerEvent, type KubeApi, type KubeObject } from '../../server/kube';
import { startCluster, type Cluster } from '../support/cluster';

/** ConfigMaps of this test only (the API server puts kube-root-ca.crt in every namespace). */
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: { test: 'set' } }, data: { k: name } });

function counted(kube: KubeApi) {
  const open = { lists: 0, watches: 0, watching: 0 };
  const api: KubeApi = {
    request: Object.assign((o: Parameters<KubeApi['request']>[0]) => (open.lists++, kube.request(o)), { server: kube.request.server }),
    watch: async (path, query, onEvent, onDone) => {
      open.watches++;
      open.watching++;
      const c = await kube.watch(path, query, onEvent, (err) => (open.watching--, onDone(err)));
      return c;
    },
  };
  return { api, open };
}

async function until(cond: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('shared informers', () => {
  it('three readers of ConfigMaps share one list, one watch and the same objects', async () => {
    cluster = await startCluster('ironlb-informer-set-');
    await createObject(cluster.kube, RESOURCES.configmaps, cm('a'));
    const { api, open } = counted(cluster.kube);
    const set = createInformerSet({ kube: api, stripManagedFields: true });
    const stop = new AbortController();
    const seen: string[][] = [[], [], []];
    const readers = seen.map((events) =>
      set.informer<KubeObject>({ resource: RESOURCES.configmaps, namespace: 'default', labelSelector: 'test=set', onEvent: (e) => events.push(`${e.type} ${e.key}`) }),
    );
    const running = readers.map((r) => r.start(stop.signal));
    expect(await readers[2].waitForSync()).toBe(true);
    await createObject(cluster.kube, RESOURCES.configmaps, cm('b'));
    await until(() => seen.every((events) => events.length === 2));
    expect(seen).toEqual(Array(3).fill(['added default/a', 'added default/b']));
    expect(readers[0].get('default/b')).toBe(readers[1].get('default/b'));
    expect(open).toMatchObject({ lists: 1, watches: 1 });
    expect(set.running()).toBe(1);
    stop.abort();
    await Promise.all(running);
    expect(set.running()).toBe(0);
    await until(() => open.watching === 0);
  });

  it('a reader that joins late hears every cached object as added, then only changes', async () => {
    cluster = await startCluster('ironlb-informer-set-');
    await createObject(cluster.kube, RESOURCES.configmaps, cm('a'));
    await createObject(cluster.kube, RESOURCES.configmaps, cm('b'));
    const set = createInformerSet({ kube: cluster.kube, stripManagedFields: true });
    const stop = new AbortController();
    const first = set.informer<KubeObject>({ resource: RESOURCES.configmaps, namespace: 'default', labelSelector: 'test=set' });
    const running = [first.start(stop.signal)];
    await first.waitForSync();
    const late: InformerEvent<KubeObject>[] = [];
    let syncs = 0;
    const second = set.informer<KubeObject>({ resource: RESOURCES.configmaps, namespace: 'default', labelSelector: 'test=set', onEvent: (e) => late.push(e), onSync: () => syncs++ });
    running.push(second.start(stop.signal));
    expect(late.map((e) => `${e.type} ${e.key}`)).toEqual(['added default/a', 'added default/b']);
    expect(syncs).toBe(1);
    expect(second.hasSynced()).toBe(true);
    await createObject(cluster.kube, RESOURCES.configmaps, cm('c'));
    await until(() => late.length === 3);
    expect(late[2]).toMatchObject({ type: 'added', key: 'default/c' });
    stop.abort();
    await Promise.all(running);
  });

  it('the watch runs while any reader does, and a reader after the last one left lists again', async () => {
    cluster = await startCluster('ironlb-informer-set-');
    const { api, open } = counted(cluster.kube);
    const set = createInformerSet({ kube: api, stripManagedFields: true });
    const a = new AbortController();
    const b = new AbortController();
    const spec = { resource: RESOURCES.configmaps, namespace: 'default', labelSelector: 'test=set' };
    const ra = set.informer<KubeObject>(spec);
    const rb = set.informer<KubeObject>(spec);
    const doneA = ra.start(a.signal);
    const doneB = rb.start(b.signal);
    await rb.waitForSync();
    a.abort();
    await doneA;
    await createObject(cluster.kube, RESOURCES.configmaps, cm('x'));
    await until(() => rb.get('default/x') !== undefined);
    b.abort();
    await doneB;
    await until(() => open.watching === 0);
    const c = new AbortController();
    const rc = set.informer<KubeObject>(spec);
    const doneC = rc.start(c.signal);
    await rc.waitForSync();
    expect(rc.list().map((o) => o.metadata.name)).toEqual(['x']);
    expect(open.lists).toBe(2);
    c.abort();
    await doneC;
  });

  it("one reader's throwing callback does not keep a change from the others", async () => {
    cluster = await startCluster('ironlb-informer-set-');
    const set = createInformerSet({ kube: cluster.kube, stripManagedFields: true });
    const stop = new AbortController();
    const heard: string[] = [];
    const spec = { resource: RESOURCES.configmaps, namespace: 'default', labelSelector: 'test=set' };
    const throwing = set.informer<KubeObject>({ ...spec, onEvent: () => { throw new Error('reader bug'); } });
    const fine = set.informer<KubeObject>({ ...spec, onEvent: (e) => heard.push(e.key) });
    const running = [throwing.start(stop.signal), fine.start(stop.signal)];
    await fine.waitForSync();
    await createObject(cluster.kube, RESOURCES.configmaps, cm('y'));
    await until(() => heard.includes('default/y'));
    stop.abort();
    await Promise.all(running);
  });
});
