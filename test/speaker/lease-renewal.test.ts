// A speaker's Lease renewal at rest, against a real API server: it patches what moved (the renew
// time, the counters a router's ARP requests move), and the health report's text stays byte for
// byte what it was, so readers of 100 Leases skip 100 reports every renewal (issue 17). And
// renewals come up to a fifth early at random, so speakers that started together drift apart;
// after a write every speaker made at once (a change they all saw), up to half early.
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ANNOTATION, HEALTH_COUNTERS_ANNOTATION, parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import { getObject, RESOURCES, silentLogger, type LeaseObject } from '../../server/kube';
import { createLeaseRecord, leaseNameFor } from '../../server/speaker/membership';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { NeighborProbe, VirtualLan } from '../../server/speaker/transport';
import { createAdvertisement, createLoadBalancer, createNode, createPool, createSpeakerKey, NS, setEndpoints, startCluster, waitFor, type Cluster } from './support';

const RENEW_MS = 400;

describe('speaker Lease renewal at rest', () => {
  let cluster: Cluster;
  let sim: SimulatedSpeakers;
  const stop = new AbortController();
  const lan = new VirtualLan();
  const readLease = async () => (await getObject<LeaseObject>(cluster.kube, RESOURCES.leases, { namespace: NS, name: leaseNameFor('node-a') }))!;

  beforeAll(async () => {
    cluster = await startCluster();
    await createPool(cluster.kube, 'demo', ['192.0.2.0/28']);
    await createAdvertisement(cluster.kube, 'l2');
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    await createNode(cluster.kube, 'node-a');
    sim = startSimulatedSpeakers({ kube: cluster.kube, lan, systemNamespace: NS, signal: stop.signal, leaseRenewMs: RENEW_MS, leaseDurationMs: 10_000 });
    await createLoadBalancer(cluster.kube, 'web', ['192.0.2.1'], { pool: 'demo' });
    await setEndpoints(cluster.kube, 'web', ['node-a']);
    await waitFor('node-a reporting the IP it announces', async () => {
      const parsed = parseSpeakerHealth((await readLease()).metadata.annotations);
      return parsed.ok && parsed.health.announced.some((a) => a.ip === '192.0.2.1') ? true : undefined;
    });
  });

  afterAll(async () => {
    stop.abort();
    await sim?.stopped;
    await cluster?.close();
  });

  it('moves the renew time and the counters, patches only them, and keeps the report text', async () => {
    // A router keeps asking for the IP, as the LAN does at rest: the counters move.
    const router = new NeighborProbe({ transport: lan.attach('router', '02:00:00:00:00:99') });
    router.start(stop.signal);
    await router.resolve('192.0.2.1', { timeoutMs: 200 });
    await new Promise((r) => setTimeout(r, 3 * RENEW_MS)); // the report settles after the first answers
    const before = await readLease();
    const since = Date.now();
    await router.resolve('192.0.2.1', { timeoutMs: 200 });
    const after = await waitFor('a renewal with the new counters', async () => {
      const lease = await readLease();
      return lease.metadata.annotations?.[HEALTH_COUNTERS_ANNOTATION] !== before.metadata.annotations?.[HEALTH_COUNTERS_ANNOTATION] ? lease : undefined;
    });

    expect(after.spec?.renewTime).not.toBe(before.spec?.renewTime);
    expect(after.metadata.annotations?.[HEALTH_ANNOTATION]).toBe(before.metadata.annotations?.[HEALTH_ANNOTATION]);
    const read = (lease: LeaseObject) => {
      const parsed = parseSpeakerHealth(lease.metadata.annotations);
      if (!parsed.ok) throw new Error(parsed.detail);
      return parsed.health;
    };
    expect(read(after).counters.requestsReceived).toBeGreaterThan(read(before).counters.requestsReceived);
    expect(read(after).updatedAt).toBe(read(before).updatedAt);
    // Every renewal since was a patch: no PUT of the whole Lease and its report.
    const writes = cluster.api.requests.entries().filter((r) => r.at >= since && r.resource === 'leases' && r.name === leaseNameFor('node-a') && r.verb !== 'get' && r.verb !== 'list' && r.verb !== 'watch');
    expect(writes.length).toBeGreaterThan(0);
    expect(new Set(writes.map((w) => w.verb))).toEqual(new Set(['patch']));
  });

  it('renews up to a fifth early, at random, never in a fixed rhythm', async () => {
    // renewTime is taken as the renewal starts, so its gaps are the speaker's own timing.
    const seen = new Set<string>();
    const until = Date.now() + 14 * RENEW_MS;
    while (Date.now() < until) {
      const renewTime = (await readLease()).spec?.renewTime;
      if (renewTime) seen.add(String(renewTime));
      await new Promise((r) => setTimeout(r, 20));
    }
    const times = [...seen].map((t) => new Date(t).getTime()).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(8);
    // A fixed timer never fires early: in step, every gap would be RENEW_MS or more.
    expect(gaps.filter((g) => g < 0.95 * RENEW_MS).length).toBeGreaterThan(0);
    // Never more than a fifth early (renewTime has millisecond precision).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.8 * RENEW_MS - 2);
  });
});

describe('speaker Lease renewals after a change every speaker saw at once', () => {
  const RENEW = 600;
  const SPEAKERS = 16;
  let cluster: Cluster;
  const stop = new AbortController();

  beforeAll(async () => {
    setMaxListeners(SPEAKERS + 1, stop.signal); // each record waits on it
    cluster = await startCluster();
  });

  afterAll(async () => {
    stop.abort();
    await cluster?.close();
  });

  it('spreads the next round over the second half of the period, then renews a fifth early at most', async () => {
    // Speakers that write early together (every report moved in one failover) would otherwise
    // renew together again, all within the last fifth of the period after it.
    let substance = 'before';
    // When each renewal starts, on the speaker's side (the request's arrival would add its latency).
    const writeTimes: number[][] = Array.from({ length: SPEAKERS }, () => []);
    const records = Array.from({ length: SPEAKERS }, (_, i) =>
      createLeaseRecord({
        kube: cluster.kube,
        nodeName: `spread-${i}`,
        systemNamespace: NS,
        durationMs: 10_000,
        renewMs: RENEW,
        minWriteMs: 50,
        instance: `instance-${i}`,
        logger: silentLogger,
        health: () => ({}),
        substance: () => substance,
        onError: (message) => {
          throw new Error(message);
        },
        onWrite: () => writeTimes[i].push(performance.now()),
      }),
    );
    const running = records.map((r) => r.start(stop.signal));
    await waitFor('every speaker holding its Lease', async () => (records.every((r) => r.ownLease()) ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    const changedAt = performance.now();
    substance = 'after';
    for (const r of records) r.poke();
    // The early write each, the renewal after it, and the one after that.
    const writes = await waitFor('two renewals after the early write', async () => {
      const all = writeTimes.map((times) => times.filter((at) => at >= changedAt));
      return all.every((w) => w.length >= 3) ? all : undefined;
    }, 10_000);
    stop.abort();
    await Promise.all(running);
    // Every one of them reached the API server as a patch of the speaker's Lease.
    const patches = cluster.api.requests.entries().filter((r) => r.resource === 'leases' && r.verb === 'patch' && r.name?.startsWith(leaseNameFor('spread-')));
    expect(patches.length).toBeGreaterThanOrEqual(3 * SPEAKERS);

    const afterEarly = writes.map((w) => w[1] - w[0]);
    const onRhythm = writes.map((w) => w[2] - w[1]);
    // At most half early after the early write, a fifth after a regular one (a timer never fires
    // early; 1 ms for the clock's rounding).
    for (const gap of afterEarly) expect(gap).toBeGreaterThanOrEqual(0.5 * RENEW - 1);
    for (const gap of onRhythm) expect(gap).toBeGreaterThanOrEqual(0.8 * RENEW - 1);
    // Spread over more than the fifth a regular renewal allows (16 draws over half a period:
    // narrower than 0.2 of it in about one run of 100,000).
    expect(Math.max(...afterEarly) - Math.min(...afterEarly)).toBeGreaterThan(0.2 * RENEW);
  });
});
