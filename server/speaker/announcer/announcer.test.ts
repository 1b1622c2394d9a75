// The announcer on a virtual LAN, seen from a router: bursts, answers, failover, conflicts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildGratuitousArp, buildUnsolicitedAdvertisement, decodeFrame, type DecodedFrame } from '../../../lib/packet';
import { systemClock } from '../transport/clock';
import { NeighborProbe } from '../transport/neighbor-probe';
import { VirtualLan, type VirtualNic } from '../transport/virtual-lan';
import { Announcer } from './announcer';
import type { Conflict } from './conflicts';
import type { AnnouncerError } from './announcer';

const VIP4 = '203.0.113.10';
const VIP6 = '2001:db8::10';
const FOREIGN = '02:00:00:00:0b:ad';

/** Lets queued deliveries (microtasks) run; setImmediate stays real under these fake timers. */
const settle = () => new Promise<void>((r) => setImmediate(r));

function makeSegment() {
  const lan = new VirtualLan();
  const controller = new AbortController();
  const conflicts: Conflict[] = [];
  const errors: AnnouncerError[] = [];
  const speaker = (name: string, refreshMs?: number) => {
    const nic = lan.attach(name);
    const announcer = new Announcer({ transport: nic, onConflict: (c) => conflicts.push(c), onError: (e) => errors.push(e), gratuitous: { refreshMs } });
    announcer.start(controller.signal);
    return { nic, announcer };
  };
  const router = lan.attach('router', '02:00:00:00:00:fe');
  const seen: { at: number; frame: DecodedFrame }[] = [];
  router.onFrame((f) => {
    const d = decodeFrame(f);
    if (d.ok) seen.push({ at: Date.now(), frame: d.value });
  });
  const probe = new NeighborProbe({ transport: router, ipv4: '198.51.100.1', ipv6: '2001:db8::1' });
  probe.start(controller.signal);
  const resolve = async (ip: string) => {
    const pending = probe.resolve(ip, { timeoutMs: 20 });
    await vi.advanceTimersByTimeAsync(20);
    const r = await pending;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  return { lan, controller, conflicts, errors, speaker, router, seen, probe, resolve };
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'], now: 0 }));
afterEach(() => vi.useRealTimers());

const gratuitousTimes = (seen: { at: number; frame: DecodedFrame }[]) => seen.map((s) => s.at);

describe('gratuitous announcements on gain', () => {
  it('IPv4: ARP request and reply at once and every 1.1 s for about 5 s (10 frames at 0, 1.1, 2.2, 3.3, 4.4 s)', async () => {
    const { speaker, seen } = makeSegment();
    const { announcer, nic } = speaker('node-a');
    expect(announcer.announce(VIP4)).toEqual({ ok: true, value: 'gained' });
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(gratuitousTimes(seen)).toEqual([0, 0, 1100, 1100, 2200, 2200, 3300, 3300, 4400, 4400]);
    expect(seen.slice(0, 2).map((s) => s.frame.kind === 'arp' && [s.frame.arp.op, s.frame.arp.senderIp, s.frame.arp.targetIp, s.frame.arp.senderMac]))
      .toEqual([['request', VIP4, VIP4, nic.mac], ['reply', VIP4, VIP4, nic.mac]]);
    expect(announcer.ipCounters()).toEqual([expect.objectContaining({ ip: VIP4, gratuitousSent: 10, lastGratuitousAt: 4400 })]);
  });

  it('IPv6: an unsolicited NA with Override to ff02::1, five times', async () => {
    const { speaker, seen } = makeSegment();
    const { announcer } = speaker('node-a');
    announcer.announce(VIP6);
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(gratuitousTimes(seen)).toEqual([0, 1100, 2200, 3300, 4400]);
    expect(seen[0].frame.kind === 'ndp' && seen[0].frame.ndp).toMatchObject({ type: 'na', dstIp: 'ff02::1', targetIp: VIP6, override: true, solicited: false });
  });

  it('with a refresh interval (MetalLB #3125), one more every refreshMs after the burst, for as long as the IP is announced', async () => {
    const { speaker, seen } = makeSegment();
    const { announcer } = speaker('node-a', 30_000);
    announcer.announce(VIP4);
    announcer.announce(VIP6);
    await vi.advanceTimersByTimeAsync(100_000);
    await settle();
    const v4 = seen.filter((s) => s.frame.kind === 'arp').map((s) => s.at);
    const v6 = seen.filter((s) => s.frame.kind === 'ndp').map((s) => s.at);
    expect(v4).toEqual([0, 0, 1100, 1100, 2200, 2200, 3300, 3300, 4400, 4400, 34_400, 34_400, 64_400, 64_400, 94_400, 94_400]);
    expect(v6).toEqual([0, 1100, 2200, 3300, 4400, 34_400, 64_400, 94_400]);
    expect(announcer.withdraw(VIP4)).toBe('lost');
    const before = seen.length;
    await vi.advanceTimersByTimeAsync(100_000);
    await settle();
    expect(seen.slice(before).every((s) => s.frame.kind === 'ndp')).toBe(true); // the withdrawn IP is never refreshed
    expect(seen.length - before).toBe(3);
  });

  it('refreshMs 0: nothing after the burst', async () => {
    const { speaker, seen } = makeSegment();
    const { announcer } = speaker('node-a', 0);
    announcer.announce(VIP4);
    await vi.advanceTimersByTimeAsync(200_000);
    await settle();
    expect(seen).toHaveLength(10);
  });

  it('losing the IP mid-burst stops the burst at once', async () => {
    const { speaker, seen } = makeSegment();
    const { announcer } = speaker('node-a');
    announcer.announce(VIP4);
    await vi.advanceTimersByTimeAsync(1500);
    expect(announcer.withdraw(VIP4)).toBe('lost');
    expect(announcer.isBursting(VIP4)).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(gratuitousTimes(seen)).toEqual([0, 0, 1100, 1100]);
  });

  it('an IP announced before start() is announced when it starts, not before', async () => {
    const { lan, seen, controller } = makeSegment();
    const announcer = new Announcer({ transport: lan.attach('late') });
    announcer.announce(VIP4);
    await settle();
    expect(seen).toHaveLength(0);
    announcer.start(controller.signal);
    await settle();
    expect(seen).toHaveLength(2);
  });
});

describe('answering the way a router sees it', () => {
  it.each([VIP4, VIP6])('only the announcing node answers for %s', async (vip) => {
    const { speaker, resolve } = makeSegment();
    const a = speaker('node-a');
    speaker('node-b');
    a.announcer.announce(vip);
    const r = await resolve(vip);
    expect(r).toMatchObject({ verdict: 'resolved', mac: a.nic.mac });
    expect(r.answers).toHaveLength(1);
  });

  it.each([VIP4, VIP6])('nobody answers for %s once it is withdrawn', async (vip) => {
    const { speaker, resolve } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(vip);
    a.announcer.withdraw(vip);
    expect(await resolve(vip)).toMatchObject({ verdict: 'noAnswer', mac: null });
  });

  it('a shared IP stays answered until its last holder withdraws', async () => {
    const { speaker, resolve } = makeSegment();
    const a = speaker('node-a');
    expect(a.announcer.announce(VIP4, 'ns/svc-1')).toEqual({ ok: true, value: 'gained' });
    expect(a.announcer.announce(VIP4, 'ns/svc-2')).toEqual({ ok: true, value: 'alreadyAnnounced' });
    expect(a.announcer.withdraw(VIP4, 'ns/svc-1')).toBe('stillHeld');
    expect((await resolve(VIP4)).mac).toBe(a.nic.mac);
    expect(a.announcer.withdraw(VIP4, 'ns/svc-2')).toBe('lost');
    expect((await resolve(VIP4)).verdict).toBe('noAnswer');
  });

  it('counts requests received and responses sent per IP', async () => {
    const { speaker, resolve } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(VIP4);
    a.announcer.announce(VIP6);
    await resolve(VIP4);
    await resolve(VIP4);
    await resolve(VIP6);
    const byIp = Object.fromEntries(a.announcer.ipCounters().map((c) => [c.ip, c]));
    expect(byIp[VIP4]).toMatchObject({ requestsReceived: 2, responsesSent: 2, errors: 0 });
    expect(byIp[VIP6]).toMatchObject({ requestsReceived: 1, responsesSent: 1, errors: 0 });
  });

  it('a node that left the solicited-node group no longer hears NS for the address', async () => {
    const { speaker, resolve } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(VIP6);
    a.nic.leaveSolicitedNode(VIP6); // as if the membership were lost behind the announcer's back
    expect((await resolve(VIP6)).verdict).toBe('noAnswer');
  });

  it('failover: gratuitous frames move the router\'s neighbour entry to the new node', async () => {
    const { speaker, resolve, probe } = makeSegment();
    const a = speaker('node-a');
    const b = speaker('node-b');
    a.announcer.announce(VIP4);
    a.announcer.announce(VIP6);
    await resolve(VIP4);
    await resolve(VIP6);
    a.announcer.withdraw(VIP4);
    a.announcer.withdraw(VIP6);
    b.announcer.announce(VIP4);
    b.announcer.announce(VIP6);
    await settle();
    expect(probe.lookup(VIP4)).toMatchObject({ mac: b.nic.mac, learnedFrom: 'gratuitousArp' });
    expect(probe.lookup(VIP6)).toMatchObject({ mac: b.nic.mac, learnedFrom: 'unsolicitedAdvertisement' });
  });

  it('stops answering and bursting when its signal aborts', async () => {
    const { speaker, resolve, controller, seen } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(VIP4);
    await settle();
    controller.abort();
    const before = seen.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(before);
    expect(a.announcer.announcedIps()).toEqual([]);
    expect((await resolve(VIP4)).verdict).toBe('noAnswer');
  });
});

describe('conflicts', () => {
  it.each([
    ['a gratuitous ARP reply', () => buildGratuitousArp({ mac: FOREIGN, ip: VIP4, op: 'reply' }), VIP4, 'gratuitousArp'],
    ['a gratuitous ARP request', () => buildGratuitousArp({ mac: FOREIGN, ip: VIP4, op: 'request' }), VIP4, 'gratuitousArp'],
    ['an unsolicited NA', () => buildUnsolicitedAdvertisement({ mac: FOREIGN, ip: VIP6 }), VIP6, 'neighborAdvertisement'],
  ])('%s from a foreign MAC for an announced IP is a conflict', async (_name, build, vip, via) => {
    const { speaker, lan, conflicts } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(vip);
    vi.advanceTimersByTime(2500);
    const at = systemClock.now();
    const rogue: VirtualNic = lan.attach('rogue', FOREIGN);
    const frame = build();
    if (frame.ok) rogue.send(frame.value);
    await settle();
    expect(conflicts).toEqual([{ ip: vip, foreignMac: FOREIGN, expectedMac: a.nic.mac, ifname: 'node-a', via, firstSeenAt: at, lastSeenAt: at, count: 1 }]);
    expect(a.announcer.conflicts()).toHaveLength(1);
  });

  it('two nodes announcing the same IP each report the other', async () => {
    const { speaker, conflicts, resolve } = makeSegment();
    const a = speaker('node-a');
    const b = speaker('node-b');
    a.announcer.announce(VIP4);
    b.announcer.announce(VIP4);
    await settle();
    expect(new Set(conflicts.map((c) => `${c.ifname}:${c.foreignMac}`))).toEqual(new Set([`node-a:${b.nic.mac}`, `node-b:${a.nic.mac}`]));
    expect((await resolve(VIP4)).verdict).toBe('multipleAnswers');
  });

  it('a non-announcing node checks claims against the elected MAC it was told', async () => {
    const { speaker, conflicts } = makeSegment();
    const leader = speaker('leader');
    const watcher = speaker('watcher');
    watcher.announcer.setElectedMac(VIP6, leader.nic.mac);
    leader.announcer.announce(VIP6);
    await settle();
    expect(conflicts).toEqual([]);
    const rogue = buildUnsolicitedAdvertisement({ mac: FOREIGN, ip: VIP6 });
    if (rogue.ok) speaker('rogue').nic.send(rogue.value);
    await settle();
    expect(conflicts.map((c) => [c.ifname, c.foreignMac, c.expectedMac])).toEqual([
      ['leader', FOREIGN, leader.nic.mac],
      ['watcher', FOREIGN, leader.nic.mac],
    ]);
  });
});

describe('transport failures', () => {
  it('a vanished interface is reported, and later sends count as errors per IP', async () => {
    const { speaker, errors } = makeSegment();
    const a = speaker('node-a');
    a.announcer.announce(VIP4);
    a.nic.detach();
    await vi.advanceTimersByTimeAsync(1100);
    expect(errors[0]).toMatchObject({ ifname: 'node-a', op: 'transport', error: { code: 'ENXIO' } });
    expect(errors.slice(1).map((e) => [e.op, e.ip, e.error.code])).toEqual([['gratuitous', VIP4, 'ENXIO'], ['gratuitous', VIP4, 'ENXIO']]);
    expect(a.announcer.ipCounters()[0]).toMatchObject({ gratuitousSent: 2, errors: 2 });
  });

  it('rejects an IP that is not an address', () => {
    const { speaker } = makeSegment();
    expect(speaker('node-a').announcer.announce('203.0.113.300')).toMatchObject({ ok: false });
  });
});
