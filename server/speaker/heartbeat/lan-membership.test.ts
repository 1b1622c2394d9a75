// Speakers' membership on the virtual LAN, with the real codec, key ring and timers (faked):
// listening then ready, the settle before we count ourselves, silence and goodbye, frames from a
// host without the key, and a key rotation that reaches the speakers one at a time.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeHeartbeat } from '../../../lib/packet';
import { VirtualLan } from '../transport/virtual-lan';
import { createKeyRing, type KeyRing } from './key-ring';
import { createLanMembership, READY_SETTLE_MS, type LanMembership } from './lan-membership';

const INTERVAL = 200;
const MISSED = 4;
const KEY = randomBytes(32);

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance', 'queueMicrotask'], now: 0 }));
afterEach(() => vi.useRealTimers());

const ringWith = (...keys: Buffer[]) => {
  const ring = createKeyRing();
  for (const k of keys) ring.add(k);
  return ring;
};

function speakers(names: string[], rings: Record<string, KeyRing> = {}, known = names) {
  const lan = new VirtualLan();
  const changes: Record<string, number> = {};
  const all = new Map<string, LanMembership>();
  for (const node of names) {
    changes[node] = 0;
    const m = createLanMembership({
      node,
      instance: randomBytes(8).toString('hex'),
      ring: rings[node] ?? ringWith(KEY),
      intervalMs: INTERVAL,
      missed: MISSED,
      isKnownNode: (n) => known.includes(n),
      leaseLive: () => names,
      canBeReady: () => true,
      onChange: () => void changes[node]++,
    });
    m.attach('eth0', lan.attach(node));
    all.set(node, m);
  }
  return { lan, all, changes, live: (node: string) => [...(all.get(node)?.view().live ?? [])].sort() };
}

describe('LAN membership', () => {
  it('listens until it hears every speaker the API lists, says it is ready, and counts itself after the settle', async () => {
    const s = speakers(['a', 'b', 'c']);
    expect(s.all.get('a')?.view().reason).toBe('starting');
    // Each one answers a newcomer at once: the handshakes take a few frames, not intervals.
    await vi.advanceTimersByTimeAsync(READY_SETTLE_MS / 2);
    expect(s.all.get('a')?.interfaces()[0].state).toBe('ready');
    expect(s.live('a')).toEqual(['b', 'c']);
    await vi.advanceTimersByTimeAsync(READY_SETTLE_MS);
    expect(s.live('a')).toEqual(['a', 'b', 'c']);
    expect(s.all.get('a')?.view().reason).toBe('normal');
    expect(s.all.get('a')?.view().liveOn('b', { all: false, names: ['eth0'] })).toBe(true);
    expect(s.all.get('a')?.view().liveOn('b', { all: false, names: ['eth1'] })).toBe(false);
  });

  it('a silent peer is gone after MISSED intervals; a goodbye takes it away at once', async () => {
    const s = speakers(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(1000);
    s.all.get('c')?.stop(); // a crash: no goodbye
    await vi.advanceTimersByTimeAsync(INTERVAL * (MISSED - 1));
    expect(s.live('a')).toContain('c');
    await vi.advanceTimersByTimeAsync(INTERVAL + 1);
    expect(s.live('a')).toEqual(['a', 'b']);
    expect(s.all.get('a')?.interfaces()[0].silent.map((x) => x.node)).toEqual(['c']);
    s.all.get('b')?.leave();
    await vi.advanceTimersByTimeAsync(1);
    expect(s.live('a')).toEqual(['a']);
  });

  it('counts frames from a host without the key, and from an unknown node, and is not moved by them', async () => {
    const s = speakers(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1000);
    const rogue = s.lan.attach('rogue', '02:00:00:00:00:66');
    const forged = (node: string, key: Buffer, keyId: string) =>
      encodeHeartbeat(
        { src: rogue.mac, kind: 'leaving', ready: true, intervalMs: INTERVAL, instance: '0123456789abcdef', seq: 9, node, ifname: 'eth0', echoes: [] },
        [{ keyId, sign: ringWith(key).signers()[0].sign }],
      );
    const realId = ringWith(KEY).keyId() as string;
    for (const f of [forged('b', randomBytes(32), realId), forged('b', randomBytes(32), '0000000000000000'), forged('x', KEY, realId)]) {
      if (f.ok) rogue.send(f.value);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(Object.fromEntries(s.all.get('a')?.counters().get('eth0')?.rejected ?? [])).toEqual({ badTag: 1, unknownKey: 1, unknownNode: 1 });
    expect(s.live('a')).toEqual(['a', 'b']);
  });

  it('a key rotation that reaches one speaker long before the other, and a third started with only the new key: nobody loses anybody', async () => {
    const next = randomBytes(32);
    const rings = { a: ringWith(KEY), b: ringWith(KEY), c: ringWith(next) };
    const s = speakers(['a', 'b'], rings, ['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(1000);
    rings.a.add(next); // a tags with both keys now; b still knows only the old one
    const c = createLanMembership({
      node: 'c', instance: randomBytes(8).toString('hex'), ring: rings.c, intervalMs: INTERVAL, missed: MISSED,
      isKnownNode: () => true, leaseLive: () => ['a', 'b', 'c'], canBeReady: () => true, onChange: () => {},
    });
    c.attach('eth0', s.lan.attach('c'));
    await vi.advanceTimersByTimeAsync(INTERVAL * MISSED * 3);
    // c hears a (new tag) but not b (old key only) until b learns the new key.
    expect([s.live('a'), s.live('b'), [...c.view().live].sort()]).toEqual([['a', 'b', 'c'], ['a', 'b'], ['a', 'c']]);
    rings.b.add(next);
    await vi.advanceTimersByTimeAsync(INTERVAL * MISSED * 3);
    expect([s.live('a'), s.live('b'), [...c.view().live].sort()]).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
    expect(s.all.get('b')?.counters().get('eth0')?.rejected.get('unknownKey')).toBeGreaterThan(0);
  });
});
