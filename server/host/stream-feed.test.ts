import { describe, expect, it } from 'vitest';
import { STREAM_TOPIC, type StreamBatch } from '../../lib/contract/stream';
import type { WorkerPush } from '../worker/protocol';
import { StreamFeed } from './stream-feed';

function source() {
  const listeners: ((p: WorkerPush) => void)[] = [];
  return {
    subscribe: (l: (p: WorkerPush) => void) => {
      listeners.push(l);
      return () => undefined;
    },
    push: (data: StreamBatch | object, topic = STREAM_TOPIC) => listeners.forEach((l) => l({ kind: 'push', topic, data } as WorkerPush)),
  };
}
const seqs = (r: StreamFeed) => r.recent().map((json) => (JSON.parse(json) as StreamBatch).seq);

describe('StreamFeed', () => {
  it('keeps the batches of the stream topic as JSON, oldest first', () => {
    const s = source();
    const recent = new StreamFeed(s);
    s.push({ epoch: 'e', seq: 1 });
    s.push({ other: true }, 'metrics');
    s.push({ epoch: 'e', seq: 2, nodes: [] });
    expect(recent.recent()).toEqual(['{"epoch":"e","seq":1}', '{"epoch":"e","seq":2,"nodes":[]}']);
  });

  it('keeps the last 128', () => {
    const s = source();
    const recent = new StreamFeed(s);
    for (let seq = 1; seq <= 200; seq++) s.push({ epoch: 'e', seq });
    expect(seqs(recent)).toEqual(Array.from({ length: 128 }, (_, i) => 73 + i));
  });

  it('drops the oldest past 1 MB of JSON, and a batch bigger than that is not kept', () => {
    const s = source();
    const recent = new StreamFeed(s);
    const big = (seq: number) => ({ epoch: 'e', seq, events: [{ message: 'x'.repeat(400 * 1024) }] });
    for (let seq = 1; seq <= 4; seq++) s.push(big(seq));
    expect(seqs(recent)).toEqual([3, 4]);
    s.push({ epoch: 'e', seq: 5, events: [{ message: 'x'.repeat(1100 * 1024) }] });
    expect(seqs(recent)).toEqual([]);
  });

  it('hands every batch to subscribers as the same JSON, even one too big to keep', () => {
    const s = source();
    const feed = new StreamFeed(s);
    const seen: string[] = [];
    feed.subscribe((json) => seen.push(json));
    s.push({ epoch: 'e', seq: 1 });
    s.push({ epoch: 'e', seq: 2, events: [{ message: 'x'.repeat(1100 * 1024) }] });
    expect(seen.map((json) => (JSON.parse(json) as StreamBatch).seq)).toEqual([1, 2]);
    expect(seqs(feed)).toEqual([]);
  });

  it('starts over when the worker restarts (new epoch)', () => {
    const s = source();
    const recent = new StreamFeed(s);
    s.push({ epoch: 'e', seq: 7 });
    s.push({ epoch: 'f', seq: 1 });
    expect(recent.recent()).toEqual(['{"epoch":"f","seq":1}']);
  });
});
