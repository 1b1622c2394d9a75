// server/kube against the embedded API server through client-node: generic writes, 409 retry,
// merge patch, the deduplicating event recorder, leases, and an informer across dropped watches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApiServerWithTuning, type TunedApiServer } from '../../server/apiserver';
import {
  createEventRecorder,
  createKube,
  createObject,
  deleteObject,
  getObject,
  listObjects,
  patchObject,
  readLease,
  releaseLease,
  RESOURCES,
  tryAcquireLease,
  updateWithRetry,
  watchResource,
  type Kube,
  type KubeObject,
} from '../../server/kube';
import { eventually } from './support';

let api: TunedApiServer;
let kube: Kube;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ironlb-kube-'));
  api = await startApiServerWithTuning({ dataDir: dir, logger: pino({ level: 'silent' }) });
  kube = createKube({ kubeconfigPath: api.kubeconfigPath });
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

type CM = KubeObject & { data?: Record<string, string> };

describe('generic writes', () => {
  it('merge patch adds an annotation without touching the rest', async () => {
    await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: 'mp', namespace: 'default' }, data: { a: '1' } });
    const patched = await patchObject<CM>(kube, RESOURCES.configmaps, { namespace: 'default', name: 'mp' }, { metadata: { annotations: { x: 'y' } } });
    expect(patched.data).toEqual({ a: '1' });
    expect(patched.metadata.annotations).toEqual({ x: 'y' });
  });

  it('updateWithRetry starts from a stale copy, gets 409, re-reads and applies the change once', async () => {
    const stale = await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: 'rmw', namespace: 'default' }, data: { n: '0' } });
    await patchObject(kube, RESOURCES.configmaps, { namespace: 'default', name: 'rmw' }, { data: { other: 'x' } });
    let calls = 0;
    const r = await updateWithRetry<CM>(kube, RESOURCES.configmaps, { namespace: 'default', name: 'rmw' }, (cur) => {
      calls++;
      return { ...cur, data: { ...cur.data, n: String(Number(cur.data?.n) + 1) } };
    }, { initial: stale });
    expect(r.outcome).toBe('updated');
    expect(r.attempts).toBe(2);
    expect(calls).toBe(2);
    expect((await getObject<CM>(kube, RESOURCES.configmaps, { namespace: 'default', name: 'rmw' }))?.data).toEqual({ n: '1', other: 'x' });
  });

  it('updateWithRetry writes nothing when the object already is as wanted', async () => {
    const cm = await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: 'same', namespace: 'default' }, data: { n: '1' } });
    const r = await updateWithRetry<CM>(kube, RESOURCES.configmaps, { namespace: 'default', name: 'same' }, () => undefined);
    expect(r.outcome).toBe('unchanged');
    expect((await getObject(kube, RESOURCES.configmaps, { namespace: 'default', name: 'same' }))?.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
  });

  it('deleteObject reports whether there was something to delete; getObject is undefined for 404', async () => {
    await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: 'gone', namespace: 'default' } });
    expect(await deleteObject(kube, RESOURCES.configmaps, { namespace: 'default', name: 'gone' })).toBe(true);
    expect(await deleteObject(kube, RESOURCES.configmaps, { namespace: 'default', name: 'gone' })).toBe(false);
    expect(await getObject(kube, RESOURCES.configmaps, { namespace: 'default', name: 'gone' })).toBeUndefined();
  });
});

describe('event recorder', () => {
  it('bumps count and lastTimestamp of one Event for repeats, and creates a new one for a new message', async () => {
    let t = Date.UTC(2024, 0, 1, 0, 0, 0);
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x', now: () => new Date((t += 1000)) });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ev', namespace: 'default', uid: 'u-1' } };
    await recorder.record(svc, 'Warning', 'AllocationFailed', 'no available IPs');
    await Promise.all([
      recorder.record(svc, 'Warning', 'AllocationFailed', 'no available IPs'),
      recorder.record(svc, 'Warning', 'AllocationFailed', 'no available IPs'),
    ]);
    await recorder.record(svc, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.1"]');
    await recorder.flush();
    const events = (await listObjects(kube, RESOURCES.events, { namespace: 'default' })).items
      .map((e) => e as KubeObject & { reason?: string; count?: number; source?: { component?: string; host?: string }; firstTimestamp?: string; lastTimestamp?: string; involvedObject?: { name?: string; uid?: string } })
      .filter((e) => e.involvedObject?.name === 'ev');
    expect(events.map((e) => `${e.reason} x${e.count}`).sort()).toEqual(['AllocationFailed x3', 'IPAllocated x1']);
    const failed = events.find((e) => e.reason === 'AllocationFailed');
    expect(failed?.source).toEqual({ component: 'test-component', host: 'node-x' });
    expect(failed?.involvedObject?.uid).toBe('u-1');
    expect(failed?.lastTimestamp && failed.firstTimestamp && failed.lastTimestamp > failed.firstTimestamp).toBe(true);
  });
  type EventObj = KubeObject & { reason?: string; message?: string; count?: number; involvedObject?: { name?: string } };
  const eventsOf = async (name: string) =>
    (await listObjects(kube, RESOURCES.events, { namespace: 'default' })).items.map((e) => e as EventObj).filter((e) => e.involvedObject?.name === name);

  it('writes the same event twice as one Event with count 2', async () => {
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x' });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'twice', namespace: 'default', uid: 'u-2' } };
    await recorder.record(svc, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.7"]');
    await recorder.record(svc, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.7"]');
    await recorder.flush();
    expect((await eventsOf('twice')).map((e) => `${e.reason} x${e.count}`)).toEqual(['IPAllocated x2']);
  });

  it('behind a closed gate writes nothing, then the events as recorded: stamped with their own times, aggregated, flood dropped', async () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    let t = Date.UTC(2024, 0, 1, 0, 0, 0);
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x', gate: () => opened, now: () => new Date((t += 1000)) });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gated', namespace: 'default', uid: 'u-5' } };
    for (let i = 0; i < 30; i++) void recorder.record(svc, 'Warning', 'AllocationFailed', 'no available IPs');
    const recordedBy = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await new Promise((r) => setTimeout(r, 300));
    expect(await eventsOf('gated')).toEqual([]);
    expect(recorder.dropped()).toBe(0); // not even judged yet
    t += 3_600_000; // the gate opens an hour later
    open();
    await recorder.flush();
    const events = (await eventsOf('gated')) as (EventObj & { firstTimestamp?: string })[];
    expect(events.map((e) => `${e.reason} x${e.count}`)).toEqual(['AllocationFailed x25']);
    expect(recorder.dropped()).toBe(5);
    expect(events[0].firstTimestamp! <= recordedBy).toBe(true);
  });

  it('drops an object\'s events past the burst of 25 and counts them', async () => {
    const drops: string[] = [];
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x', onDropped: (r) => drops.push(r) });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'flood', namespace: 'default', uid: 'u-3' } };
    for (let i = 0; i < 30; i++) void recorder.record(svc, 'Warning', 'AllocationFailed', 'no available IPs');
    await recorder.flush();
    expect((await eventsOf('flood')).map((e) => `${e.reason} x${e.count}`)).toEqual(['AllocationFailed x25']);
    expect(recorder.dropped()).toBe(5);
    expect(drops).toEqual(Array(5).fill('AllocationFailed'));
  });

  it('a bulk change past the queue writes the first events, drops and counts the rest, and writes again once it drained', async () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const drops: string[] = [];
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x', gate: () => opened, maxQueued: 20, onDropped: (r) => drops.push(r) });
    const svc = (i: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `bulk-${i}`, namespace: 'default', uid: `u-bulk-${i}` } });
    for (let i = 0; i < 50; i++) void recorder.record(svc(i), 'Normal', 'IPAllocated', `Assigned IP ["198.51.100.${i}"]`);
    expect(recorder.dropped()).toBe(30);
    open();
    await recorder.flush();
    const written = async () => (await listObjects<EventObj>(kube, RESOURCES.events, { namespace: 'default' })).items.filter((e) => e.involvedObject?.name?.startsWith('bulk-'));
    expect((await written()).map((e) => e.involvedObject?.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `bulk-${i}`).sort());
    expect(drops).toEqual(Array(30).fill('IPAllocated'));
    await recorder.record(svc(49), 'Normal', 'IPAllocated', 'Assigned IP ["198.51.100.49"]');
    expect((await written()).map((e) => e.involvedObject?.name)).toContain('bulk-49');
  });

  it('combines ten similar events on one object into one Event that counts them', async () => {
    const recorder = createEventRecorder({ kube, component: 'test-component', host: 'node-x' });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'similar', namespace: 'default', uid: 'u-4' } };
    for (let i = 0; i < 12; i++) await recorder.record(svc, 'Normal', 'nodeAssigned', `announcing from node "node-${i}"`);
    await recorder.flush();
    const events = await eventsOf('similar');
    expect(events).toHaveLength(10);
    const combined = events.filter((e) => e.message?.startsWith('(combined from similar events): '));
    expect(combined.map((e) => `${e.message} x${e.count}`)).toEqual(['(combined from similar events): announcing from node "node-11" x3']);
  });
});

describe('leases', () => {
  const lease = { namespace: 'metallb-system', name: 'test-lease', durationMs: 60_000 };

  it('one holder at a time; release hands it over at once with a transition counted', async () => {
    const a = await tryAcquireLease(kube, { ...lease, identity: 'a' });
    expect(a).toMatchObject({ acquired: true, reason: 'created' });
    expect(await tryAcquireLease(kube, { ...lease, identity: 'b' })).toMatchObject({ acquired: false, reason: 'heldByOther', holder: 'a' });
    expect(await tryAcquireLease(kube, { ...lease, identity: 'a' })).toMatchObject({ acquired: true, reason: 'renewed' });
    expect(await releaseLease(kube, { ...lease, identity: 'b' })).toBe(false);
    expect(await releaseLease(kube, { ...lease, identity: 'a' })).toBe(true);
    const b = await tryAcquireLease(kube, { ...lease, identity: 'b' });
    expect(b).toMatchObject({ acquired: true, reason: 'tookOver' });
    expect(readLease(b.lease!)).toMatchObject({ holder: 'b', transitions: 1, durationMs: 60_000 });
  });

  it('an expired lease is taken over; delete-mode release removes it', async () => {
    const short = { namespace: 'metallb-system', name: 'short-lease', durationMs: 300 };
    const t0 = Date.now();
    await tryAcquireLease(kube, { ...short, identity: 'a', now: () => new Date(t0) });
    expect(await tryAcquireLease(kube, { ...short, identity: 'b', now: () => new Date(t0 + 299) })).toMatchObject({ acquired: false });
    expect(await tryAcquireLease(kube, { ...short, identity: 'b', now: () => new Date(t0 + 300) })).toMatchObject({ acquired: true, reason: 'tookOver' });
    expect(await releaseLease(kube, { ...short, identity: 'b' }, 'delete')).toBe(true);
    expect(await getObject(kube, RESOURCES.leases, short)).toBeUndefined();
  });
});

describe('informer on the embedded API server', () => {
  it('keeps its cache current across watches the server drops', async () => {
    const ac = new AbortController();
    const inf = watchResource<CM>({ kube, resource: RESOURCES.configmaps, namespace: 'metallb-system', signal: ac.signal, backoff: { baseMs: 20, capMs: 200 } });
    try {
      expect(await inf.waitForSync()).toBe(true);
      await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: 'w1', namespace: 'metallb-system' } });
      await eventually(() => inf.cache.has('metallb-system/w1'), 'w1 in the cache');
      for (let i = 0; i < 3; i++) {
        api.dropWatches();
        await createObject<CM>(kube, RESOURCES.configmaps, { metadata: { name: `after-drop-${i}`, namespace: 'metallb-system' } });
        await eventually(() => inf.cache.has(`metallb-system/after-drop-${i}`), `after-drop-${i} in the cache`);
      }
      await deleteObject(kube, RESOURCES.configmaps, { namespace: 'metallb-system', name: 'w1' });
      await eventually(() => !inf.cache.has('metallb-system/w1'), 'w1 gone from the cache');
      expect(inf.stats().watches).toBeGreaterThanOrEqual(4);
    } finally {
      ac.abort();
    }
  });
});
