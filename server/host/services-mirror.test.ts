// The mirror's bookkeeping against a scripted worker channel: snapshot, batches in order, a
// missed batch or a new epoch (worker restart) forcing a fresh snapshot, batches that arrive
// while the snapshot is on its way.
import { describe, expect, it } from 'vitest';
import { STREAM_TOPIC, type StreamBatch } from '../../lib/contract/stream';
import type { ServiceView } from '../../lib/views/types';
import type { WorkerPush } from '../worker/protocol';
import { ServicesMirror } from './services-mirror';

const row = (uid: string, ip: string) => ({ uid, namespace: 'default', name: uid, ips: [ip] }) as unknown as ServiceView;

function channel(snapshots: { epoch: string; seq: number; items: ServiceView[] }[]) {
  const listeners = new Set<(p: WorkerPush) => void>();
  let requests = 0;
  let release: (() => void) | undefined;
  let hold = false;
  return {
    get requests() {
      return requests;
    },
    holdNext() {
      hold = true;
    },
    release: () => release?.(),
    async request<T>(): Promise<T> {
      const snap = snapshots[Math.min(requests, snapshots.length - 1)];
      requests++;
      if (hold) {
        hold = false;
        await new Promise<void>((r) => (release = r));
      }
      return { json: JSON.stringify(snap) } as T;
    },
    subscribe(l: (p: WorkerPush) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    push(batch: StreamBatch) {
      for (const l of listeners) l({ kind: 'push', topic: STREAM_TOPIC, data: batch });
    },
  };
}

const ips = async (m: ServicesMirror) => (await m.current()).items.map((r) => `${r.uid}=${r.ips[0]}`).sort();

describe('ServicesMirror', () => {
  it('serves the snapshot, then follows batches without asking the worker again', async () => {
    const ch = channel([{ epoch: 'e1', seq: 3, items: [row('a', '192.0.2.1')] }]);
    const m = new ServicesMirror(ch);
    expect(await ips(m)).toEqual(['a=192.0.2.1']);
    ch.push({ epoch: 'e1', seq: 4, services: { upserts: [row('b', '192.0.2.2')], deletes: [] } });
    ch.push({ epoch: 'e1', seq: 5, pools: [] });
    ch.push({ epoch: 'e1', seq: 6, services: { upserts: [row('a', '192.0.2.9')], deletes: [] } });
    expect(await ips(m)).toEqual(['a=192.0.2.9', 'b=192.0.2.2']);
    const encoded = await m.encodedList();
    expect(JSON.parse(Buffer.concat(encoded.chunks).toString())).toMatchObject({ epoch: 'e1', seq: 6 });
    expect(JSON.parse(Buffer.concat(encoded.chunks).toString()).items).toHaveLength(2);
    ch.push({ epoch: 'e1', seq: 7, nodes: [] });
    // No row changed, but the list is current as of seq 7: a browser whose stream said 7 must
    // not take it for an older list and fetch it again (that loop fetched 3.5 MB four times a second).
    const later = JSON.parse(Buffer.concat((await m.encodedList()).chunks).toString());
    expect(later).toMatchObject({ epoch: 'e1', seq: 7 });
    expect(later.items).toEqual(JSON.parse(Buffer.concat(encoded.chunks).toString()).items);
    expect(ch.requests).toBe(1);
  });

  it('takes a new snapshot after a missed batch or a worker restart', async () => {
    const ch = channel([
      { epoch: 'e1', seq: 1, items: [row('a', '192.0.2.1')] },
      { epoch: 'e1', seq: 9, items: [row('a', '192.0.2.7')] },
      { epoch: 'e2', seq: 1, items: [] },
    ]);
    const m = new ServicesMirror(ch);
    await m.current();
    ch.push({ epoch: 'e1', seq: 3, services: { upserts: [row('x', '192.0.2.3')], deletes: [] } }); // seq 2 never came
    expect(await ips(m)).toEqual(['a=192.0.2.7']);
    ch.push({ epoch: 'e2', seq: 1, services: { upserts: [], deletes: ['a'] } });
    expect(await ips(m)).toEqual([]);
    expect(ch.requests).toBe(3);
  });

  it('applies the batches that arrive while the snapshot is on its way, and ignores older ones', async () => {
    const ch = channel([{ epoch: 'e1', seq: 5, items: [row('a', '192.0.2.1')] }]);
    const m = new ServicesMirror(ch);
    ch.holdNext();
    const first = m.current();
    await new Promise((r) => setImmediate(r));
    ch.push({ epoch: 'e1', seq: 5, services: { upserts: [row('old', '192.0.2.5')], deletes: [] } });
    ch.push({ epoch: 'e1', seq: 6, services: { upserts: [row('b', '192.0.2.2')], deletes: [] } });
    ch.release();
    expect((await first).items.map((r) => r.uid).sort()).toEqual(['a', 'b']);
    expect((await m.current()).seq).toBe(6);
    ch.push({ epoch: 'e1', seq: 8, services: { upserts: [row('c', '192.0.2.3')], deletes: [] } }); // 7 was missed
    expect(ch.requests).toBe(1);
    await m.current();
    expect(ch.requests).toBe(2);
  });
});
