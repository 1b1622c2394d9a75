// The embedded LAN client as a router behaves: it asks the whole LAN only for a VIP it knows no
// MAC for (a new one within about a second), polls the MAC it holds after that, follows a
// failover by the new leader's gratuitous frames, and asks the whole LAN again when the MAC it
// holds goes silent; a VIP nobody answers for is asked again only after 4 rounds, then 8.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BROADCAST_MAC, buildArpReply, decodeFrame } from '../../lib/packet';
import { Announcer } from '../speaker/announcer';
import { VirtualLan, type VirtualNic } from '../speaker/transport/virtual-lan';
import { createLanClient } from './lan-client';

const VIP4 = '203.0.113.10';
const VIP6 = '2001:db8::10';
const ROUND_MS = 1_000;

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'], now: 0 }));
afterEach(() => vi.useRealTimers());

/** The questions a NIC received from the LAN client: [Ethernet destination, IP asked for]. */
function questionsHeardBy(nic: VirtualNic, clientMac: () => string): [string, string][] {
  const heard: [string, string][] = [];
  nic.onFrame((frame) => {
    const d = decodeFrame(frame);
    if (!d.ok || d.value.eth.src !== clientMac()) return;
    const f = d.value;
    if (f.kind === 'arp' && f.arp.op === 'request') heard.push([f.eth.dst, f.arp.targetIp]);
    if (f.kind === 'ndp' && f.ndp.type === 'ns') heard.push([f.eth.dst, f.ndp.targetIp]);
  });
  return heard;
}

function makeLan(intervalMs = ROUND_MS, vips = [VIP4, VIP6]) {
  const lan = new VirtualLan();
  const ac = new AbortController();
  const client = createLanClient({ lan, intervalMs, vips: () => vips });
  const clientMac = () => lan.listNics().find((n) => n.ifname === 'lan-client')?.mac ?? '';
  const speaker = (name: string) => {
    const nic = lan.attach(name);
    const announcer = new Announcer({ transport: nic });
    announcer.start(ac.signal);
    return { nic, announcer, heard: questionsHeardBy(nic, clientMac) };
  };
  return { lan, ac, client, clientMac, speaker };
}

describe('the embedded LAN client', () => {
  it('asks the whole LAN once, then polls the MAC it learned, leaving the other nodes alone', async () => {
    const { ac, client, speaker } = makeLan();
    const a = speaker('node-a');
    const b = speaker('node-b');
    a.announcer.announce(VIP4);
    a.announcer.announce(VIP6);
    client.start(ac.signal);
    await vi.advanceTimersByTimeAsync(3 * ROUND_MS - 1);

    const solicitedNode = '33:33:ff:00:00:10';
    expect(a.heard).toEqual([
      [BROADCAST_MAC, VIP4], [solicitedNode, VIP6],
      [a.nic.mac, VIP4], [a.nic.mac, VIP6],
      [a.nic.mac, VIP4], [a.nic.mac, VIP6],
    ]);
    // node-b only had to decode the first broadcast (it never joined the VIP6 group).
    expect(b.heard).toEqual([[BROADCAST_MAC, VIP4]]);
    expect(client.lookup(VIP4)?.mac).toBe(a.nic.mac);
    expect(client.lookup(VIP6)?.mac).toBe(a.nic.mac);
    // The leader still answered every poll: its counters move as before.
    for (const ip of [VIP4, VIP6]) expect(a.announcer.ipCounters().find((c) => c.ip === ip)).toMatchObject({ requestsReceived: 3, responsesSent: 3 });
    expect(client.rounds()).toBe(6);
    ac.abort();
  });

  it("follows a failover by the new leader's gratuitous frames, and asks the LAN again when the MAC it holds goes silent", async () => {
    const { lan, ac, client, clientMac, speaker } = makeLan();
    const a = speaker('node-a');
    const b = speaker('node-b');
    a.announcer.announce(VIP4);
    client.start(ac.signal);
    await vi.advanceTimersByTimeAsync(ROUND_MS - 1);
    expect(client.lookup(VIP4)?.mac).toBe(a.nic.mac);

    // Failover: node-b gains the VIP and announces it; the next poll goes to node-b only.
    a.announcer.withdraw(VIP4);
    b.announcer.announce(VIP4);
    await vi.advanceTimersByTimeAsync(ROUND_MS);
    expect(client.lookup(VIP4)).toMatchObject({ mac: b.nic.mac });
    expect(b.heard.filter(([, ip]) => ip === VIP4).at(-1)).toEqual([b.nic.mac, VIP4]);
    const aHeard = a.heard.length;

    // node-b goes quiet without anyone announcing the VIP; a host that only answers takes it.
    b.announcer.withdraw(VIP4);
    const c = lan.attach('host-c');
    const cHeard = questionsHeardBy(c, clientMac);
    c.onFrame((frame) => {
      const d = decodeFrame(frame);
      if (!d.ok || d.value.kind !== 'arp' || d.value.arp.op !== 'request' || d.value.arp.targetIp !== VIP4) return;
      const reply = buildArpReply(d.value.arp, c.mac);
      if (reply.ok) c.send(reply.value);
    });
    await vi.advanceTimersByTimeAsync(ROUND_MS);
    // The poll to node-b went unanswered, so the question went to everyone, and host-c answered.
    expect(b.heard.slice(-2)).toEqual([[b.nic.mac, VIP4], [BROADCAST_MAC, VIP4]]);
    expect(a.heard.length).toBe(aHeard + 1);
    expect(cHeard).toEqual([[BROADCAST_MAC, VIP4]]);
    expect(client.lookup(VIP4)).toMatchObject({ mac: c.mac, learnedFrom: 'arpReply' });

    await vi.advanceTimersByTimeAsync(ROUND_MS);
    expect(cHeard.at(-1)).toEqual([c.mac, VIP4]);
    expect(a.heard.length).toBe(aHeard + 1);
    ac.abort();
  });

  it('resolves a new VIP within about a second, and asks for one nobody answers again after 4 rounds, then 8', async () => {
    const vips: string[] = [];
    const { ac, client, speaker } = makeLan(60_000, vips);
    const a = speaker('node-a');
    client.start(ac.signal);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.heard).toEqual([]);

    a.announcer.announce(VIP4);
    vips.push(VIP4, '203.0.113.99'); // a new service, and one no node announces
    await vi.advanceTimersByTimeAsync(1_100);
    expect(client.lookup(VIP4)?.mac).toBe(a.nic.mac);
    expect(a.heard).toEqual([[BROADCAST_MAC, VIP4], [BROADCAST_MAC, '203.0.113.99']]);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(a.heard).toHaveLength(2); // no refresh round yet
    await vi.advanceTimersByTimeAsync(31_000);
    expect(a.heard.slice(2)).toEqual([[a.nic.mac, VIP4]]); // a poll; the silent VIP waits 4 rounds
    const askedFor = (ip: string) => a.heard.filter(([dst, asked]) => dst === BROADCAST_MAC && asked === ip).length;
    // Asked first at about 6 s: again 4 rounds later (about 246 s), then 8 rounds after that (about 727 s).
    await vi.advanceTimersByTimeAsync(240_000 - 67_100);
    expect(askedFor('203.0.113.99')).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(askedFor('203.0.113.99')).toBe(2);
    await vi.advanceTimersByTimeAsync(720_000 - 250_000);
    expect(askedFor('203.0.113.99')).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(askedFor('203.0.113.99')).toBe(3);
    expect(askedFor(VIP4)).toBe(1); // the answered VIP is only ever polled
    // Minutes of checks every second left no listeners behind on the signal.
    expect(getEventListeners(ac.signal, 'abort').length).toBeLessThan(10);
    ac.abort();
  });
});
