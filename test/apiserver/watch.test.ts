// Watch over raw HTTP: replay after a resourceVersion, 410 when too old, bookmarks, timeouts,
// selector transitions, Table events, and watchers cleaned up when clients go away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap, readEvents, readWatch, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ historySize: 5, bookmarkIntervalMs: 100 }); });
afterAll(async () => { await s.stop(); });

const cms = '/api/v1/namespaces/default/configmaps';
const listRv = async (path = cms) => (await s.call('GET', path)).json.metadata.resourceVersion as string;
const merge = { 'Content-Type': 'application/merge-patch+json' };

describe('watch', () => {
  it('flushes headers at once and replays what happened after the requested version', async () => {
    const rv = await listRv();
    await s.call('POST', cms, configMap('w1'));
    await s.call('PATCH', `${cms}/w1`, { data: { a: '1' } }, merge);
    await s.call('DELETE', `${cms}/w1`);
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}`, s.token, { count: 3 });
    expect(w.status).toBe(200);
    expect(w.contentType).toBe('application/json');
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(w.events.map((e) => e.object.metadata.name)).toEqual(['w1', 'w1', 'w1']);
    const versions = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('streams live events to a watcher that is already connected', async () => {
    const rv = await listRv();
    const pending = readWatch(`${s.url}${cms}?watch=1&resourceVersion=${rv}`, s.token, { count: 2 });
    await new Promise((r) => setTimeout(r, 50));
    await s.call('POST', cms, configMap('live'));
    await s.call('DELETE', `${cms}/live`);
    expect((await pending).events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED live', 'DELETED live']);
  });

  it('starts with ADDED for every existing object when no version is given', async () => {
    await s.call('POST', cms, configMap('existing'));
    const w = await readWatch(`${s.url}${cms}?watch=true&timeoutSeconds=1`, s.token);
    expect(w.events.filter((e) => e.object.metadata.name === 'existing').map((e) => e.type)).toEqual(['ADDED']);
  });

  it('sends ERROR 410 Expired and closes when the version is older than the kept history', async () => {
    const rv = await listRv();
    for (let i = 0; i < 12; i++) await s.call('POST', cms, configMap(`churn-${i}`));
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}`, s.token);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(w.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('keeps history per resource, so a quiet resource does not expire because another one is busy', async () => {
    const rv = await listRv('/api/v1/namespaces/default/services');
    for (let i = 0; i < 12; i++) await s.call('POST', cms, configMap(`busy-${i}`));
    const w = await readWatch(`${s.url}/api/v1/namespaces/default/services?watch=true&resourceVersion=${rv}&timeoutSeconds=1`, s.token);
    expect(w.events).toEqual([]);
  });

  it('sends BOOKMARK events with the current version when asked', async () => {
    const rv = await listRv();
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, s.token, { count: 1 });
    expect(w.events[0]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } } });
    expect(Number(w.events[0].object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${await listRv()}&timeoutSeconds=1`, s.token);
    expect(w.events).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('turns objects entering and leaving a label selection into ADDED and DELETED', async () => {
    await s.call('POST', cms, configMap('mover'));
    const rv = await listRv();
    await s.call('PATCH', `${cms}/mover`, { metadata: { labels: { pick: 'me' } } }, merge);
    await s.call('PATCH', `${cms}/mover`, { data: { x: '1' } }, merge);
    await s.call('PATCH', `${cms}/mover`, { metadata: { labels: { pick: null } } }, merge);
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}&labelSelector=pick%3Dme`, s.token, { count: 3 });
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('filters by field selector, e.g. one object by name', async () => {
    const rv = await listRv();
    await s.call('POST', cms, configMap('field-a'));
    await s.call('POST', cms, configMap('field-b'));
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dfield-b`, s.token, { count: 1 });
    expect(w.events[0].object.metadata.name).toBe('field-b');
  });

  it('wraps each event object in a Table when kubectl asks for one', async () => {
    const rv = await listRv();
    await s.call('POST', cms, configMap('tabled', { k: 'v' }));
    const w = await readWatch(`${s.url}${cms}?watch=true&resourceVersion=${rv}`, s.token, {
      count: 1, headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(w.events[0].type).toBe('ADDED');
    expect(w.events[0].object).toMatchObject({ kind: 'Table', rows: [{ cells: ['tabled', 1, expect.any(String)], object: { metadata: { name: 'tabled' } } }] });
  });

  it('delivers changes to watches of different kinds in commit order', async () => {
    // The controller relies on it: a pool created just before a service must be seen first, or
    // the service gets an IP from another pool and keeps it.
    const secrets = '/api/v1/namespaces/default/secrets';
    const seen: string[] = [];
    const controller = new AbortController();
    const follow = async (path: string) => {
      const rv = await listRv(path);
      const res = await fetch(`${s.url}${path}?watch=true&resourceVersion=${rv}`, { headers: { Authorization: `Bearer ${s.token}` }, signal: controller.signal });
      // The abort at the end ends the read with an AbortError.
      const reading = readEvents(res, (e) => seen.push(e.object.metadata.name as string)).catch(() => undefined);
      return { reading };
    };
    const streams = [await follow(cms), await follow(secrets)];
    // A run of changes to one kind, then one to another: the run's last change must not be held
    // back (batched with later ones, say) while the other kind's goes out.
    const names = Array.from({ length: 20 }, (_, i) => `order-a${i}`);
    for (const name of names) await s.call('POST', cms, configMap(name));
    await s.call('POST', secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'order-b' }, stringData: { k: 'v' } });
    const deadline = Date.now() + 5000;
    while (seen.length < names.length + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await Promise.all(streams.map((x) => x.reading));
    expect(seen).toEqual([...names, 'order-b']);
  });

  it('forgets watchers once their clients disconnect', async () => {
    const settle = async () => {
      const deadline = Date.now() + 5000;
      while (s.openWatches() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    await settle(); // every earlier test's client has gone by now
    expect(s.openWatches()).toBe(0);
    const controller = new AbortController();
    const res = await fetch(`${s.url}${cms}?watch=true&resourceVersion=${await listRv()}`, { headers: { Authorization: `Bearer ${s.token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(s.openWatches()).toBe(1);
    controller.abort();
    await settle();
    expect(s.openWatches()).toBe(0);
  });
});
