// Membership on the LAN with real `ironlb speaker` processes in three node namespaces (issues 14
// and 22), seen from a client namespace: which MAC answers when the announcer loses its link or
// the API, what a foreign host's forged, replayed and truncated heartbeats change (nothing), a
// restart after the key Secret rotates, the start-up race, and a foreign claim reported once.
// Timings are in test/bench/failover.bench.ts; here only behaviour. Root only.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHeartbeat, encodeHeartbeat, type Heartbeat } from '../../lib/packet';
import { conflictIncidents, runPreflight } from '../../lib/views';
import { SPEAKER_KEY_FIELD, SPEAKER_KEY_SECRET } from '../../lib/reconcile/speaker-key';
import { getObject, listObjects, patchObject, RESOURCES, type KubeObject } from '../../server/kube';
import { keyIdOf } from '../../server/speaker/heartbeat';
import { HANDOVER_GRACE_MS } from '../../server/speaker/conflict-report';
import { electedFor, SpeakerLab } from '../speaker/netns-lab';
import {
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  NS,
  setEndpoints,
  statusNodesOf,
  waitFor,
} from '../speaker/support';
import { SpeakerAgent } from './support/agent-client';
import type { CapturedHeartbeat } from './support/speaker-agent';
import { assertRoot, type Host } from './support/topology';

const NODES = ['node-1', 'node-2', 'node-3'];
/** Six services, so that each node wins some when all three run. */
const VIPS = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5', '203.0.113.6'];
const serviceOf = (ip: string) => `s${VIPS.indexOf(ip) + 1}`;
const WEB = VIPS[0];

let lab: SpeakerLab;
let rogue: SpeakerAgent;
/** A router-like prober in the client namespace: one request, every answer to it. */
let prober: SpeakerAgent;

beforeAll(async () => {
  assertRoot();
  lab = await SpeakerLab.create({ nodes: 3, extraHosts: ['rogue'] });
  for (const n of NODES) await createNode(lab.kube, n);
  await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
  await createAdvertisement(lab.kube, 'l2', { ipAddressPools: ['vips'], interfaces: ['eth0'] });
  for (const ip of VIPS) {
    for (const n of NODES) await lab.topo.addVip(lab.host(n), ip);
    await createLoadBalancer(lab.kube, serviceOf(ip), [ip], { pool: 'vips' });
    await setEndpoints(lab.kube, serviceOf(ip), NODES);
  }
  for (const n of NODES) lab.startSpeaker(n);
  await lab.waitForMembers(NODES);
  const started = await Promise.all([SpeakerAgent.start(lab.topo, lab.host('rogue')), SpeakerAgent.start(lab.topo, lab.topo.client)]);
  for (const s of started) expect(s.first, s.agent.stderr).toMatchObject({ event: 'ready' });
  [rogue, prober] = started.map((s) => s.agent);
}, 180_000);

afterAll(async () => {
  await rogue?.stop();
  await prober?.stop();
  await lab?.destroy();
});

const macOf = (node: string) => lab.host(node).mac;
const client = () => lab.topo.client;

/** Every MAC that answers a broadcast ARP request for ip, from the client. */
async function answering(ip: string): Promise<Set<string>> {
  return new Set((await lab.topo.arping(client(), ip, { count: 2, deadlineS: 2 })).map((r) => r.mac));
}

/** The MACs that answered one ARP request for ip (within 300 ms). */
const answersToOne = async (ip: string) =>
  ((await prober.command({ op: 'resolve', ip, from: client().ipv4, timeoutMs: 300 })) as string[]).sort();

/**
 * Asks who has each ip, request after request, until `done` settles; returns every request that
 * more than one MAC answered, or one MAC other than `want(ip)` (null: any single MAC is right).
 */
async function watchAnswers(ips: string[], want: (ip: string) => string | null, done: Promise<unknown>): Promise<string[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const wrong: string[] = [];
  while (!finished) {
    await Promise.all(
      ips.map(async (ip) => {
        const macs = await answersToOne(ip);
        const expected = want(ip);
        if (macs.length > 1 || (expected !== null && macs.length === 1 && macs[0] !== macOf(expected))) wrong.push(`${ip}: ${macs.join(' and ')}`);
      }),
    );
  }
  return wrong;
}

const conflictEvents = async () =>
  (await listObjects(lab.kube, RESOURCES.events, { namespace: 'default' })).items.filter(
    (e) => (e as { reason?: string }).reason === 'ipConflict',
  ) as (KubeObject & { message?: string; involvedObject?: { name?: string }; source?: { host?: string } })[];

/** A counter of one speaker's /metrics, summed over the series whose labels contain `match`. */
async function metric(node: string, name: string, match = ''): Promise<number> {
  const text = await lab.metrics(node);
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(match))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

async function everyVipOnItsNode(): Promise<void> {
  for (const ip of VIPS) await lab.waitForAnnouncer(ip, electedFor(ip, NODES), 30_000);
}

describe('issue 22: no false alarm at start-up', () => {
  it('speakers started seconds apart, in four runs, report no conflict', async () => {
    for (const gapMs of [2000, 500, 1500, 0]) {
      await Promise.all(NODES.map((n) => lab.stopSpeaker(n, 'SIGTERM')));
      lab.startSpeaker('node-1');
      // The first one alone announces every IP, as in the report.
      await waitFor('node-1 announcing all six', async () => ((await lab.currentHealth('node-1'))?.announced.length === 6 ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, gapMs));
      lab.startSpeaker('node-2');
      await new Promise((r) => setTimeout(r, gapMs));
      lab.startSpeaker('node-3');
      await lab.waitForMembers(NODES);
      await everyVipOnItsNode();
    }
    expect((await conflictEvents()).map((e) => e.message)).toEqual([]);
    for (const n of NODES) expect((await lab.currentHealth(n))?.conflicts, n).toEqual([]);
    // What an operator graphs to see a speaker's memory, as for MetalLB's process_* metrics.
    const rss = Number(/^process_resident_memory_bytes (\S+)$/m.exec(await lab.metrics('node-1'))?.[1]);
    expect(rss).toBeGreaterThan(20e6);
  }, 300_000);
});

describe('membership on the LAN', () => {
  it("the announcer's link down: the next node's MAC answers, the Nodes page says it is silent on the LAN, and it comes back", async () => {
    const leader = electedFor(WEB, NODES);
    const next = electedFor(WEB, NODES.filter((n) => n !== leader));
    expect(await lab.topo.ping(client(), WEB)).toBe(true);
    await lab.topo.waitForNeighbor(client(), WEB, macOf(leader), 5000);
    await lab.topo.exec(lab.host(leader), ['ip', 'link', 'set', 'dev', 'eth0', 'down']);
    try {
      await lab.topo.waitForNeighbor(client(), WEB, macOf(next), 5000);
      expect(await answering(WEB)).toEqual(new Set([macOf(next)]));
      const view = await waitFor(`${leader} silent on the LAN`, async () => (await lab.nodeViews()).find((v) => v.name === leader && v.lan.state === 'silentOnLan'));
      expect(view.lan.silentTo.map((s) => s.node).sort()).toEqual(NODES.filter((n) => n !== leader));
    } finally {
      await lab.topo.exec(lab.host(leader), ['ip', 'link', 'set', 'dev', 'eth0', 'up']);
    }
    await lab.waitForAnnouncer(WEB, leader, 30_000);
    expect(await answering(WEB)).toEqual(new Set([macOf(leader)]));
  }, 90_000);

  it('the announcer cut off from the API for 8 s: it alone keeps answering, nothing fails over', async () => {
    const leader = electedFor(WEB, NODES);
    await lab.waitForMembers(NODES);
    const statusesBefore = await statusNodesOf(lab.kube);
    await lab.cutApi(leader);
    const cut = new Promise((r) => setTimeout(r, 8000));
    const wrong = await watchAnswers([WEB], () => leader, cut);
    // The others still hear it: nobody took anything over.
    for (const n of NODES.filter((x) => x !== leader)) expect(await metric(n, 'ironlb_speaker_live_members'), n).toBe(3);
    await lab.healApi(leader);
    expect(wrong).toEqual([]);
    expect(await answering(WEB)).toEqual(new Set([macOf(leader)]));
    expect(await statusNodesOf(lab.kube)).toBe(statusesBefore);
  }, 60_000);
});

describe("a foreign host's heartbeats", () => {
  const latest = async (node: string, kind = 'alive'): Promise<CapturedHeartbeat> =>
    waitFor(`a captured ${kind} heartbeat of ${node}`, async () => {
      const seen = (await rogue.command({ op: 'heartbeats' })) as CapturedHeartbeat[];
      return seen.filter((h) => h.node === node && h.kind === kind).pop();
    });
  const decoded = (hex: string): Heartbeat => {
    const d = decodeHeartbeat(Buffer.from(hex, 'hex'));
    if (!d.ok) throw new Error(d.error.message);
    return d.value.heartbeat;
  };
  /** Tags with `key`, under `keyId` (by default the key's own id). */
  const encode = (h: Heartbeat, key: Buffer, keyId = keyIdOf(key)) => {
    const f = encodeHeartbeat(h, [{ keyId, sign: (bytes) => createHmac('sha256', key).update(bytes).digest() }]);
    if (!f.ok) throw new Error(f.error.message);
    return Buffer.from(f.value).toString('hex');
  };
  const realKey = async () => {
    const secret = await getObject<KubeObject & { data: Record<string, string> }>(lab.kube, RESOURCES.secrets, { namespace: NS, name: SPEAKER_KEY_SECRET });
    return Buffer.from(secret?.data[SPEAKER_KEY_FIELD] ?? '', 'base64');
  };

  it('forged, truncated, replayed, signed with an unknown key or naming an unknown node: refused, counted, and nothing moves', async () => {
    const leader = electedFor(WEB, NODES);
    const captured = await latest(leader);
    const h = decoded(captured.hex);
    const tampered = Buffer.from(captured.hex, 'hex');
    tampered[tampered.length - 1] ^= 0xff;
    const key = await realKey();
    const frames = {
      // A goodbye of the announcer under the real key's id, but not made with the key.
      badTag: [tampered.toString('hex'), encode({ ...h, kind: 'leaving', seq: h.seq + 1000 }, randomBytes(32), keyIdOf(key))],
      truncated: [captured.hex.slice(0, 60), captured.hex.slice(0, -2)],
      replay: [captured.hex],
      unknownKey: [encode({ ...h, seq: h.seq + 2000 }, randomBytes(32))],
      unknownNode: [encode({ ...h, node: 'node-9', instance: randomBytes(8).toString('hex'), seq: 1, echoes: [] }, key)],
    };
    for (let i = 0; i < 3; i++) await rogue.command({ op: 'send', frames: Object.values(frames).flat() });
    for (const n of NODES.filter((x) => x !== leader)) {
      for (const reason of Object.keys(frames)) {
        await waitFor(`${n} counting ${reason}`, async () =>
          (await metric(n, 'ironlb_speaker_heartbeats_rejected_total', `reason="${reason}"`)) >= 3 ? true : undefined,
        );
      }
      expect(await metric(n, 'ironlb_speaker_live_members'), n).toBe(3);
    }
    expect(await answering(WEB)).toEqual(new Set([macOf(leader)]));
  }, 60_000);

  it("a replay of a stopped process's goodbye does not silence the node that restarted", async () => {
    const target = electedFor(WEB, NODES.filter((n) => n !== electedFor(WEB, NODES)));
    const ip = VIPS.find((v) => electedFor(v, NODES) === target) ?? WEB;
    await lab.stopSpeaker(target, 'SIGTERM');
    const goodbye = await latest(target, 'leaving');
    lab.startSpeaker(target);
    await lab.waitForMembers(NODES);
    await lab.waitForAnnouncer(ip, electedFor(ip, NODES));
    const other = NODES.find((n) => n !== target) as string;
    const before = await metric(other, 'ironlb_speaker_heartbeats_rejected_total', 'reason="replay"');
    await rogue.command({ op: 'send', frames: [goodbye.hex, goodbye.hex] });
    await waitFor(`${other} refusing the replayed goodbye`, async () =>
      (await metric(other, 'ironlb_speaker_heartbeats_rejected_total', 'reason="replay"')) >= before + 2 ? true : undefined,
    );
    expect(await metric(other, 'ironlb_speaker_live_members')).toBe(3);
    expect(await answering(ip)).toEqual(new Set([macOf(electedFor(ip, NODES))]));
  }, 60_000);
});

describe('the key Secret rotates', () => {
  it('speakers take the new key, and one restarted with only the new key rejoins without a second announcer', async () => {
    const key = randomBytes(32);
    await patchObject(lab.kube, RESOURCES.secrets, { namespace: NS, name: SPEAKER_KEY_SECRET }, { data: { [SPEAKER_KEY_FIELD]: key.toString('base64') } });
    await waitFor('every speaker signing with the new key', async () => {
      const ids = await Promise.all(NODES.map(async (n) => (await lab.currentHealth(n))?.lan?.keyId));
      return ids.every((id) => id === keyIdOf(key)) ? true : undefined;
    });
    const restarts = (async () => {
      await lab.stopSpeaker('node-2', 'SIGTERM');
      lab.startSpeaker('node-2');
      await lab.waitForMembers(NODES);
      await lab.stopSpeaker('node-3', 'SIGKILL');
      lab.startSpeaker('node-3');
      await lab.waitForMembers(NODES);
      await everyVipOnItsNode();
    })();
    // While one is away its IPs go to another node: any single MAC is right, never two.
    const wrong = await watchAnswers(VIPS, () => null, restarts.catch(() => undefined));
    await restarts;
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('issue 22: a real foreign claim', () => {
  it('gives exactly one event (from the announcer), one conflict on the Nodes page seen by every node, and a bounded defence', async () => {
    const leader = electedFor(WEB, NODES);
    const host: Host = lab.host('rogue');
    expect(await lab.topo.ping(client(), WEB)).toBe(true);
    await lab.topo.waitForNeighbor(client(), WEB, macOf(leader), 5000);
    // A claim right after the IP changed hands is taken for the handover (the tests above restart speakers).
    await waitFor('the announcer in place for longer than the handover grace', async () => {
      const statuses = (await listObjects(lab.kube, RESOURCES.servicel2statuses, { namespace: NS })).items;
      const mine = statuses.find((o) => o.metadata.labels?.['metallb.io/service-name'] === serviceOf(WEB));
      const since = Date.parse(mine?.metadata.creationTimestamp ?? '');
      return Date.now() - since > HANDOVER_GRACE_MS + 1000 ? true : undefined;
    }, 15_000);
    await lab.topo.addVip(host, WEB);
    try {
      await lab.topo.exec(host, ['arping', '-U', '-c', '1', '-I', 'eth0', '-s', WEB, WEB], { allowFailure: true });
      await waitFor('the ipConflict event', async () => ((await conflictEvents()).length > 0 ? true : undefined));
      // The announcer's defence moved the client back at once.
      await lab.topo.waitForNeighbor(client(), WEB, macOf(leader), 3000);
      await lab.topo.exec(host, ['arping', '-U', '-c', '3', '-I', 'eth0', '-s', WEB, WEB], { allowFailure: true });
      const incidents = await waitFor('one incident seen by every node', async () => {
        const list = conflictIncidents(await lab.nodeViews());
        return list.length === 1 && list[0].seenBy.length === 3 ? list : undefined;
      });
      expect(incidents).toEqual([expect.objectContaining({ ip: WEB, mac: host.mac, seenBy: NODES })]);
      const events = await conflictEvents();
      expect(events.map((e) => [e.involvedObject?.name, e.source?.host])).toEqual([[serviceOf(WEB), leader]]);
      expect(events[0].message).toContain(host.mac);
      for (const n of NODES) expect(await metric(n, 'ironlb_layer2_conflicts_total', `ip="${WEB}"`), n).toBeGreaterThanOrEqual(1);
    } finally {
      await lab.topo.removeVip(host, WEB);
    }
  }, 60_000);
});

describe('preflight', () => {
  it('flags a node that hears none of its peers (its switch port floods no multicast)', async () => {
    const port = `p${Number.parseInt(lab.host('node-3').mac.slice(-2), 16)}`;
    // The heartbeats go to a group MAC: a port that floods no unknown multicast never delivers them.
    const flood = (on: boolean) => lab.topo.exec({ ...lab.host('node-3'), netns: lab.topo.bridgeNetns }, ['bridge', 'link', 'set', 'dev', port, 'mcast_flood', on ? 'on' : 'off']);
    await flood(false);
    try {
      const check = await waitFor('the preflight LAN warning', async () => {
        const c = runPreflight({ kubeProxyConfig: undefined, pools: [], advertisements: [], nodes: await lab.nodeViews(), services: [], network: { ranges: [], addresses: [], notes: [] } }).checks.find((x) => x.id === 'lan');
        return c?.details.some((d) => d.startsWith('node-3 hears none of the other speakers')) ? c : undefined;
      }, 20_000);
      expect(check.status).toBe('warn');
    } finally {
      await flood(true);
    }
    await lab.waitForMembers(NODES);
  }, 60_000);
});
