// Who a speaker hears: joining and adoption by echo, replays, expiry, goodbyes, and the
// handshake between two speakers converging to silence (no echoes left in steady state).
import { describe, expect, it } from 'vitest';
import type { Heartbeat } from '../packet';
import { LanTable } from './speaker-lan';

const ME = { self: 'node-a', instance: 'aaaaaaaaaaaaaaaa', intervalMs: 200, missed: 4 };
const B1 = 'bbbbbbbbbbbbbbb1';
const B2 = 'bbbbbbbbbbbbbbb2';

const hb = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  src: '02:00:00:00:00:0b',
  kind: 'alive',
  ready: true,
  intervalMs: 200,
  instance: B1,
  seq: 1,
  node: 'node-b',
  ifname: 'eth0',
  echoes: [],
  ...over,
});

/** A table that sent seq 10 at t=0 and adopted node-b's instance B1 (seq 1) at t=10. */
function withPeer(): LanTable {
  const t = new LanTable(ME);
  t.noteSent(10, 0);
  t.receive('eth0', hb({ echoes: [{ instance: ME.instance, seq: 10, request: true }] }), 10);
  return t;
}

describe('LanTable', () => {
  it('keeps a new instance joining until it echoes one of our recent frames, and answers it at once', () => {
    const t = new LanTable(ME);
    t.noteSent(10, 0);
    expect(t.receive('eth0', hb(), 5)).toEqual({ kind: 'joining', respond: true });
    expect(t.receive('eth0', hb({ seq: 2 }), 6)).toEqual({ kind: 'joining', respond: false });
    expect(t.readyInterfaces().size).toBe(0);
    expect(t.echoes(6)).toEqual([{ instance: B1, seq: 2, request: true }]);
    const proven = t.receive('eth0', hb({ seq: 3, echoes: [{ instance: ME.instance, seq: 10, request: false }] }), 7);
    expect(proven).toEqual({ kind: 'heard', changed: true, respond: false });
    expect([...t.readyInterfaces()]).toEqual([['node-b', new Set(['eth0'])]]);
    expect(t.echoes(8)).toEqual([]);
  });

  it('answers a proof request of an adopted peer until its frames stop asking', () => {
    const t = withPeer();
    expect(t.echoes(20)).toEqual([{ instance: B1, seq: 1, request: false }]);
    t.receive('eth0', hb({ seq: 2 }), 400);
    expect(t.echoes(1100)).toEqual([]);
  });

  it.each([
    ['the same frame again', 1],
    ['an older frame', 0],
  ])('refuses a replay: %s', (_what, seq) => {
    const t = withPeer();
    expect(t.receive('eth0', hb({ seq }), 20)).toEqual({ kind: 'replay' });
  });

  it('on a settled link (the short path nearly every frame takes) still sees what changes, and keeps it alive', () => {
    const t = withPeer();
    for (let seq = 2; seq <= 4; seq++) expect(t.receive('eth0', hb({ seq }), seq * 100)).toEqual({ kind: 'heard', changed: false, respond: false });
    expect(t.expire(810)).toEqual({ changed: false, next: 1200 }); // heard at 400: gone only at 1200
    expect(t.receive('eth0', hb({ seq: 4 }), 450)).toEqual({ kind: 'replay' });
    expect(t.receive('eth0', hb({ seq: 5, ready: false }), 500)).toEqual({ kind: 'heard', changed: true, respond: false });
    expect(t.readyInterfaces().size).toBe(0);
    expect(t.receive('eth0', hb({ seq: 6, ready: false, src: '02:00:00:00:00:0c' }), 600)).toEqual({ kind: 'heard', changed: true, respond: false });
    expect(t.heardOn('eth0').map((l) => [l.mac, l.lastSeq, l.heardAt])).toEqual([['02:00:00:00:00:0c', 6, 600]]);
    // The same frame reaching a second interface of ours on that segment is a replay there.
    expect(t.receive('eth1', hb({ seq: 7, ready: false, src: '02:00:00:00:00:0c' }), 700).kind).toBe('heard');
    expect(t.receive('eth0', hb({ seq: 7, ready: false, src: '02:00:00:00:00:0c' }), 700)).toEqual({ kind: 'replay' });
  });

  it('counts sequence numbers per sender interface, so two interfaces of one peer may interleave', () => {
    const t = withPeer();
    expect(t.receive('eth0', hb({ seq: 5, ifname: 'eth1' }), 20).kind).toBe('heard');
    expect(t.receive('eth0', hb({ seq: 3 }), 21).kind).toBe('heard');
    expect([...(t.readyInterfaces().get('node-b') ?? [])].sort()).toEqual(['eth0', 'eth1']);
  });

  it('never takes an echo older than our timeout as a proof: a recording cannot bring a process back', () => {
    const t = new LanTable(ME);
    t.noteSent(10, 0);
    t.noteSent(11, 1000);
    const stale = hb({ echoes: [{ instance: ME.instance, seq: 10, request: true }] });
    expect(t.receive('eth0', stale, 1001).kind).toBe('joining');
    expect(t.receive('eth0', hb({ seq: 2, echoes: [{ instance: 'cccccccccccccccc', seq: 11, request: true }] }), 1002).kind).toBe('joining');
  });

  it('a proven new instance of a node replaces the old one, and the old one is refused for good', () => {
    const t = withPeer();
    t.noteSent(11, 100);
    expect(t.receive('eth0', hb({ instance: B2, seq: 1, ready: false }), 110).kind).toBe('joining');
    expect(t.receive('eth0', hb({ instance: B2, seq: 2, ready: false, echoes: [{ instance: ME.instance, seq: 11, request: true }] }), 120)).toEqual({
      kind: 'heard',
      changed: true,
      respond: true,
    });
    expect(t.adoptedInstance('node-b')).toBe(B2);
    expect(t.readyInterfaces().size).toBe(0);
    expect(t.receive('eth0', hb({ seq: 99 }), 130)).toEqual({ kind: 'replay' });
  });

  it("goes silent on a link after `missed` of the sender's intervals, and hears it again without a new handshake", () => {
    const t = withPeer();
    expect(t.expire(800)).toEqual({ changed: false, next: 810 });
    expect(t.expire(810)).toEqual({ changed: true, next: null });
    expect(t.readyInterfaces().size).toBe(0);
    expect(t.silentSince('eth0').get('node-b')).toBe(10);
    expect(t.receive('eth0', hb({ seq: 2 }), 2000)).toEqual({ kind: 'heard', changed: true, respond: false });
    expect(t.silentSince('eth0').has('node-b')).toBe(false);
  });

  it('a goodbye drops the peer at once, and nothing of that process counts afterwards', () => {
    const t = withPeer();
    expect(t.receive('eth0', hb({ seq: 2, kind: 'leaving' }), 20)).toEqual({ kind: 'left', changed: true });
    expect(t.readyInterfaces().size).toBe(0);
    expect(t.receive('eth0', hb({ seq: 3 }), 30)).toEqual({ kind: 'replay' });
  });

  it('ignores frames of its own node (another of our interfaces on the same segment)', () => {
    expect(new LanTable(ME).receive('eth1', hb({ node: 'node-a' }), 0)).toEqual({ kind: 'self' });
  });

  it('hears all of a list of nodes on an interface only when none is still joining', () => {
    const t = withPeer();
    expect(t.hearsAll('eth0', ['node-a', 'node-b'])).toBe(true);
    expect(t.hearsAll('eth1', ['node-b'])).toBe(false);
    t.receive('eth0', hb({ node: 'node-c', instance: 'cccccccccccccccc' }), 20);
    expect(t.hearsAll('eth0', ['node-b'])).toBe(false);
  });

  it('two speakers that start together adopt each other within two exchanges and then send no echoes', () => {
    const a = new LanTable({ ...ME, self: 'node-a', instance: 'aaaaaaaaaaaaaaaa' });
    const b = new LanTable({ ...ME, self: 'node-b', instance: 'bbbbbbbbbbbbbbbb' });
    const seqs = { a: 0, b: 0 };
    const send = (from: 'a' | 'b', now: number) => {
      const table = from === 'a' ? a : b;
      const seq = ++seqs[from];
      table.noteSent(seq, now);
      const frame = hb({ node: `node-${from}`, instance: from.repeat(16), seq, echoes: table.echoes(now) });
      return (from === 'a' ? b : a).receive('eth0', frame, now);
    };
    send('a', 0); // b: a is joining
    send('b', 1); // a: b is joining (b asks a for a proof)
    send('a', 2); // b: a proved itself (and asked b)
    send('b', 3); // a: b proved itself
    expect(a.adoptedInstance('node-b')).toBe('b'.repeat(16));
    expect(b.adoptedInstance('node-a')).toBe('a'.repeat(16));
    for (let now = 200; now <= 1400; now += 200) {
      send('a', now);
      send('b', now + 1);
    }
    expect([a.echoes(1500), b.echoes(1500)]).toEqual([[], []]);
  });
});
