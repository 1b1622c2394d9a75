// The router-like probe: answers, first-answer-wins, and what gratuitous frames may change.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildArpReply, buildGratuitousArp, decodeFrame } from '../../../lib/packet';
import { linkLocalFromMac, NeighborProbe, type NeighborEntry } from './neighbor-probe';
import { VirtualLan } from './virtual-lan';

const VIP = '203.0.113.10';
const settle = () => new Promise<void>((r) => setImmediate(r));

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'], now: 0 }));
afterEach(() => vi.useRealTimers());

/** A LAN where each responder answers every ARP request for VIP, in attach order. */
function lanWithResponders(macs: string[]) {
  const lan = new VirtualLan();
  const router = lan.attach('router', '02:00:00:00:00:fe');
  const probe = new NeighborProbe({ transport: router, ipv4: '198.51.100.1' });
  probe.start(new AbortController().signal);
  const responders = macs.map((mac, i) => {
    const nic = lan.attach(`r${i}`, mac);
    nic.onFrame((f) => {
      const d = decodeFrame(f);
      if (d.ok && d.value.kind === 'arp' && d.value.arp.op === 'request') {
        const reply = buildArpReply(d.value.arp, mac);
        if (reply.ok) nic.send(reply.value);
      }
    });
    return nic;
  });
  const resolve = async () => {
    const pending = probe.resolve(VIP, { timeoutMs: 30 });
    await vi.advanceTimersByTimeAsync(30);
    return pending;
  };
  return { lan, probe, responders, resolve };
}

describe('NeighborProbe', () => {
  it('derives the EUI-64 link-local source from the MAC', () => {
    expect(linkLocalFromMac('52:54:00:12:34:56')).toBe('fe80::5054:ff:fe12:3456');
  });

  it('reports every MAC that answered and keeps the first, as Linux does', async () => {
    const { probe, resolve } = lanWithResponders(['02:00:00:00:00:0a', '02:00:00:00:00:0b']);
    const r = await resolve();
    expect(r).toMatchObject({ ok: true, value: { verdict: 'multipleAnswers', mac: '02:00:00:00:00:0a' } });
    expect(r.ok && r.value.answers.map((a) => a.mac)).toEqual(['02:00:00:00:00:0a', '02:00:00:00:00:0b']);
    expect(probe.lookup(VIP)).toMatchObject({ mac: '02:00:00:00:00:0a', learnedFrom: 'arpReply' });
  });

  it('learns nothing from a gratuitous ARP for an IP it never resolved, but moves a known entry', async () => {
    const { probe, resolve, lan } = lanWithResponders(['02:00:00:00:00:0a']);
    const other = lan.attach('other', '02:00:00:00:00:0c');
    const changes: [NeighborEntry, NeighborEntry | undefined][] = [];
    probe.onChange((e, prev) => changes.push([e, prev]));
    const g = buildGratuitousArp({ mac: other.mac, ip: '203.0.113.77', op: 'reply' });
    if (g.ok) other.send(g.value);
    await settle();
    expect(probe.lookup('203.0.113.77')).toBeUndefined();
    await resolve();
    const move = buildGratuitousArp({ mac: other.mac, ip: VIP, op: 'request' });
    if (move.ok) other.send(move.value);
    await settle();
    expect(probe.lookup(VIP)).toMatchObject({ mac: other.mac, learnedFrom: 'gratuitousArp' });
    expect(changes.map(([e, prev]) => [prev?.mac, e.mac])).toEqual([[undefined, '02:00:00:00:00:0a'], ['02:00:00:00:00:0a', other.mac]]);
  });

  it('with firstAnswer ends at the first answer, before the window, and keeps that MAC', async () => {
    const { probe } = lanWithResponders(['02:00:00:00:00:0a', '02:00:00:00:00:0b']);
    const r = await probe.resolve(VIP, { timeoutMs: 60_000, firstAnswer: true }); // the fake clock never moves
    expect(r).toMatchObject({ ok: true, value: { verdict: 'resolved', mac: '02:00:00:00:00:0a' } });
    expect(probe.lookup(VIP)?.mac).toBe('02:00:00:00:00:0a');
  });

  it('says noAnswer when nobody has the IP, and refuses junk', async () => {
    const { probe, resolve } = lanWithResponders([]);
    expect(await resolve()).toMatchObject({ ok: true, value: { verdict: 'noAnswer', mac: null, answers: [] } });
    expect(await probe.resolve('not-an-ip')).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
  });
});
