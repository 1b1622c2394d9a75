import { describe, expect, it } from 'vitest';
import type { CommittedChange } from './store';
import { WatchHub, type WatchEvent } from './watch';

const change = (storage: string, rv: number, type: CommittedChange['type'] = 'ADDED'): CommittedChange => ({
  storage, type, entry: { obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `o${rv}` } }, json: '{}', rv },
});

function collect(hub: WatchHub, storage: string, from: number) {
  const seen: WatchEvent[] = [];
  const sub = hub.subscribe(storage, from, { onEvent: (e) => seen.push(e), onClose: () => seen.push({ type: 'DELETED', entry: { obj: {} as never, json: 'closed', rv: -1 } }) });
  return { sub, seen };
}

describe('watch hub', () => {
  it('replays events after the requested version, then delivers live ones', () => {
    const hub = new WatchHub(10, 100);
    hub.publish([change('cm', 11), change('cm', 12), change('svc', 13)]);
    const { sub, seen } = collect(hub, 'cm', 11);
    expect(sub.ok && sub.replay.map((e) => e.entry.rv)).toEqual([12]);
    hub.publish([change('cm', 14)]);
    expect(seen.map((e) => e.entry.rv)).toEqual([14]);
  });

  it('says a version older than the kept history is expired, per storage', () => {
    const hub = new WatchHub(10, 2);
    hub.publish([11, 12, 13, 14].map((rv) => change('cm', rv)));
    expect(hub.subscribe('cm', 10, { onEvent: () => {}, onClose: () => {} })).toEqual({ ok: false, oldest: 12 });
    expect(hub.subscribe('cm', 12, { onEvent: () => {}, onClose: () => {} }).ok).toBe(true);
    expect(hub.subscribe('svc', 10, { onEvent: () => {}, onClose: () => {} }).ok).toBe(true);
  });

  it('stops delivering after unsubscribe, and closes everyone on closeAll', () => {
    const hub = new WatchHub(0, 10);
    const a = collect(hub, 'cm', 0);
    const b = collect(hub, 'cm', 0);
    if (a.sub.ok) a.sub.unsubscribe();
    hub.publish([change('cm', 1)]);
    expect(a.seen).toEqual([]);
    expect(b.seen.map((e) => e.entry.rv)).toEqual([1]);
    expect(hub.watcherCount()).toBe(1);
    hub.closeAll();
    expect(b.seen.map((e) => e.entry.json)).toEqual(['{}', 'closed']);
    expect(hub.watcherCount()).toBe(0);
  });
});
