// The informer against a deliberately misbehaving HTTP server: a stub is the only way to make
// a server close watches at once, answer 410 or fail lists on demand.
import { afterEach, describe, expect, it } from 'vitest';
import { createInformer, type InformerEvent } from './informer';
import { RESOURCES } from './resources';
import { startStub } from './test-fixtures';
import type { KubeObject } from './types';

const cm = (name: string, rv: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv },
  data,
});

const list = (rv: string, items: KubeObject[]) => JSON.stringify({ kind: 'ConfigMapList', metadata: { resourceVersion: rv }, items });
const line = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';

async function until(cond: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('informer', () => {
  it('fills the cache from the list and applies watch events in order', async () => {
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return res.end(list('10', [cm('a', '5'), cm('b', '6')]));
      res.write(line('MODIFIED', cm('a', '11', { k: 'v' })));
      res.write(line('ADDED', cm('c', '12')));
      res.write(line('DELETED', cm('b', '13')));
      res.write(line('BOOKMARK', { kind: 'ConfigMap', metadata: { resourceVersion: '14' } }));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const events: string[] = [];
    const inf = createInformer<KubeObject>({
      kube: stub.kube,
      resource: RESOURCES.configmaps,
      namespace: 'ns',
      onEvent: (e: InformerEvent<KubeObject>) => events.push(`${e.type} ${e.key}`),
    });
    const running = inf.start(ac.signal);
    expect(await inf.waitForSync()).toBe(true);
    await until(() => events.length === 5);
    expect(events).toEqual(['added ns/a', 'added ns/b', 'modified ns/a', 'added ns/c', 'deleted ns/b']);
    expect([...inf.cache.keys()].sort()).toEqual(['ns/a', 'ns/c']);
    expect((inf.get('ns/a') as { data?: Record<string, string> }).data).toEqual({ k: 'v' });
    expect(inf.stats().resourceVersion).toBe('14');
    expect(stub.watches()[0].searchParams.get('resourceVersion')).toBe('10');
    ac.abort();
    await running;
  });

  it('drops managedFields from what it caches when asked (the controller and speakers), keeps them otherwise', async () => {
    const managed = (name: string, rv: string): KubeObject => ({ ...cm(name, rv), metadata: { ...cm(name, rv).metadata, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] } });
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return res.end(list('10', [managed('a', '5')]));
      res.write(line('ADDED', managed('b', '11')));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const stripped = createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.configmaps, namespace: 'ns', stripManagedFields: true });
    const kept = createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.configmaps, namespace: 'ns' });
    const running = [stripped.start(ac.signal), kept.start(ac.signal)];
    await until(() => stripped.cache.size === 2 && kept.cache.size === 2);
    for (const key of ['ns/a', 'ns/b']) {
      expect(stripped.get(key)?.metadata.managedFields).toBeUndefined();
      expect(stripped.get(key)?.metadata.resourceVersion).toBeDefined();
      expect(kept.get(key)?.metadata.managedFields).toEqual([{ manager: 'kubectl', operation: 'Apply' }]);
    }
    ac.abort();
    await Promise.all(running);
  });

  it('backs off instead of reconnecting in a tight loop when the server closes watches at once', async () => {
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return res.end(list('1', []));
      res.end();
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const inf = createInformer<KubeObject>({
      kube: stub.kube,
      resource: RESOURCES.configmaps,
      backoff: { baseMs: 50, capMs: 400, random: () => 0.5 },
    });
    const started = Date.now();
    const running = inf.start(ac.signal);
    await until(() => stub.watches().length >= 4);
    // Three pauses of 37, 75 and 150 ms (base 50, doubling, half jitter fixed at 0.5) lie between
    // the first and fourth watch; client-node's own informer made ~1,000 reconnects in 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    ac.abort();
    await running;
  });

  it('asks for a watch timeout drawn afresh between 5 and 10 minutes, as client-go does, so informers started together do not re-watch together', async () => {
    // Each watch delivers an event and ends, as a server does at the timeout: the informer watches again at once.
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return res.end(list('1', []));
      res.end(line('ADDED', cm('a', '2')));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const informers = [0, 1].map(() => createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.configmaps }));
    const running = informers.map((inf) => inf.start(ac.signal));
    await until(() => stub.watches().length >= 8);
    ac.abort();
    await Promise.all(running);
    const timeouts = stub.watches().map((u) => Number(u.searchParams.get('timeoutSeconds')));
    for (const t of timeouts) {
      expect(t).toBeGreaterThanOrEqual(300);
      expect(t).toBeLessThan(600);
    }
    // Eight draws from 300 whole seconds: all alike by chance about once in 10^17.
    expect(new Set(timeouts).size).toBeGreaterThan(1);
  });

  it('relists when the watch answers 410 Gone, dropping objects deleted meanwhile', async () => {
    let listCount = 0;
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') {
        listCount++;
        return res.end(listCount === 1 ? list('5', [cm('old', '4')]) : list('20', [cm('new', '19')]));
      }
      if (url.searchParams.get('resourceVersion') === '5') {
        return res.end(line('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }));
      }
      // Later watches stay open.
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const events: string[] = [];
    const inf = createInformer<KubeObject>({
      kube: stub.kube,
      resource: RESOURCES.configmaps,
      onEvent: (e) => events.push(`${e.type} ${e.key}`),
      backoff: { baseMs: 10, capMs: 50 },
    });
    const running = inf.start(ac.signal);
    await until(() => listCount === 2 && inf.cache.has('ns/new'));
    expect(events).toEqual(['added ns/old', 'added ns/new', 'deleted ns/old']);
    // The first list may come from the server's cache (client-go's "0"); the relist after a 410 not.
    expect(stub.lists().map((u) => u.searchParams.get('resourceVersion'))).toEqual(['0', null]);
    ac.abort();
    await running;
  });

  it('keeps retrying a failing list with backoff and syncs once the server recovers', async () => {
    let failures = 3;
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') === 'true') return;
      if (failures-- > 0) {
        res.statusCode = 500;
        return res.end(JSON.stringify({ kind: 'Status', code: 500, message: 'boom' }));
      }
      res.end(list('3', [cm('a', '2')]));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const inf = createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.configmaps, backoff: { baseMs: 10, capMs: 40 } });
    const running = inf.start(ac.signal);
    expect(await inf.waitForSync()).toBe(true);
    expect(inf.stats().errors).toBe(3);
    expect(inf.stats().lastError).toContain('boom');
    expect(inf.hasSynced()).toBe(true);
    ac.abort();
    await running;
  });

  it('stops promptly when the signal aborts mid-watch', async () => {
    const stub = await startStub((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return res.end(list('1', []));
    });
    stops.push(() => stub.close());
    const ac = new AbortController();
    const inf = createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.configmaps });
    const running = inf.start(ac.signal);
    await inf.waitForSync();
    await until(() => stub.watches().length === 1);
    ac.abort();
    await running;
    expect(inf.hasSynced()).toBe(true);
  });
});

describe('informer for a kind the server does not serve', () => {
  it('counts as synced and empty with missingAsEmpty, and picks the kind up once it appears', async () => {
    let served = false;
    const stub = await startStub((_req, res, url) => {
      if (!served) {
        res.statusCode = 404;
        return res.end(JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }));
      }
      if (url.searchParams.get('watch') !== 'true') return res.end(list('7', [cm('late', '6')]));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const inf = createInformer<KubeObject>({
      kube: stub.kube,
      resource: RESOURCES.ipaddresspools,
      missingAsEmpty: true,
      backoff: { baseMs: 10, capMs: 30 },
    });
    const running = inf.start(ac.signal);
    expect(await inf.waitForSync()).toBe(true);
    expect(inf.stats()).toMatchObject({ missing: true, errors: 0 });
    expect(inf.list()).toEqual([]);
    served = true;
    await until(() => inf.cache.size === 1);
    expect(inf.stats().missing).toBe(false);
    ac.abort();
    await running;
  });

  it('without missingAsEmpty a 404 is an error and the informer never syncs', async () => {
    const stub = await startStub((_req, res) => {
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }));
    });
    const ac = new AbortController();
    stops.push(async () => { ac.abort(); await stub.close(); });
    const inf = createInformer<KubeObject>({ kube: stub.kube, resource: RESOURCES.ipaddresspools, backoff: { baseMs: 5, capMs: 10 } });
    const running = inf.start(ac.signal);
    await until(() => inf.stats().errors >= 2);
    expect(inf.hasSynced()).toBe(false);
    ac.abort();
    await running;
  });
});
