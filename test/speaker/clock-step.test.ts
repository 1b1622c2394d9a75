// A node's clock stepped by an hour (an admin's `date -s`, NTP correcting a bad start) while the
// speakers run on the virtual LAN (issue 18). Every elapsed-time decision of a speaker reads a
// clock that does not step (server/speaker/transport/clock.ts), so a step forward must not expire
// every peer at once (each node would think itself alone and announce every IP), and a step back
// must not keep a dead peer alive for an hour. Checked: exactly the same one node answers each IP
// through both steps, every speaker keeps renewing its Lease after the step back (the API's record
// of who runs a speaker would otherwise go stale for an hour), and a speaker killed after it is
// still replaced.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { speakerLeaseName } from '../../lib/views';
import { getObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { VirtualLan } from '../../server/speaker/transport';
import {
  announcersOf,
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  createSpeakerKey,
  NS,
  setEndpoints,
  startCluster,
  waitFor,
  type Cluster,
} from './support';

const NODES = ['node-a', 'node-b', 'node-c'];
const IPS = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'];
const HOUR = 3_600_000;
const HEARTBEAT_MS = 300;

describe('a clock stepped by an hour under running speakers', () => {
  let cluster: Cluster;
  let sim: SimulatedSpeakers;
  const stop = new AbortController();

  const snapshot = () => IPS.map((ip) => `${ip}=${announcersOf(sim, ip)}`).join(' ');
  const steady = () => IPS.every((ip) => announcersOf(sim, ip).split(',').filter(Boolean).length === 1);

  /** Samples the wire for `ms`: every sample must equal `expected`; returns what differed. */
  async function watchWire(expected: string, ms: number): Promise<string[]> {
    const seen: string[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const now = snapshot();
      if (now !== expected && !seen.includes(now)) seen.push(now);
      await new Promise((r) => setTimeout(r, 50));
    }
    return seen;
  }

  /** Each node's speaker Lease renewTime, comma-joined. */
  const renewTimes = async () =>
    (
      await Promise.all(
        NODES.map(async (n) => ((await getObject<KubeObject & { spec?: { renewTime?: string } }>(cluster.kube, RESOURCES.leases, { namespace: NS, name: speakerLeaseName(n) }))?.spec?.renewTime ?? '')),
      )
    ).join();

  /** Steps the wall clock (Date only: timers and the monotonic clock run on) to real time + offset. */
  const stepClock = (offsetMs: number) => {
    vi.useRealTimers();
    if (offsetMs !== 0) vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + offsetMs, shouldAdvanceTime: true });
  };

  beforeAll(async () => {
    cluster = await startCluster();
    await createPool(cluster.kube, 'lan', ['192.0.2.0/28']);
    await createAdvertisement(cluster.kube, 'l2');
    for (const n of NODES) await createNode(cluster.kube, n);
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    for (const [i, ip] of IPS.entries()) {
      await createLoadBalancer(cluster.kube, `svc-${i}`, [ip], { pool: 'lan' });
      await setEndpoints(cluster.kube, `svc-${i}`, NODES);
    }
    sim = startSimulatedSpeakers({
      kube: cluster.kube,
      lan: new VirtualLan(),
      systemNamespace: NS,
      signal: stop.signal,
      resyncMs: 300,
      heartbeatIntervalMs: HEARTBEAT_MS,
      leaseRenewMs: 500,
    });
    await waitFor('every IP answered by exactly one node', () => (steady() ? true : undefined), 30_000);
  }, 60_000);

  afterAll(async () => {
    vi.useRealTimers();
    stop.abort();
    await sim?.stopped;
    await cluster?.close();
  });

  it('a step forward by an hour moves nothing and adds no second announcer', async () => {
    const before = snapshot();
    stepClock(+HOUR);
    expect(Date.now() - performance.timeOrigin - performance.now()).toBeGreaterThan(HOUR - 60_000);
    expect(await watchWire(before, 12 * HEARTBEAT_MS)).toEqual([]);
  });

  it('a step back by an hour moves nothing, the Leases are still renewed, and a speaker killed after it is still replaced', async () => {
    const before = snapshot();
    stepClock(0);
    const renewed = await renewTimes();
    expect(await watchWire(before, 12 * HEARTBEAT_MS)).toEqual([]);
    // Each Lease renewed since the step (every 500 ms): none waits out the hour it stepped back.
    const after = (await renewTimes()).split(',');
    renewed.split(',').forEach((t, i) => expect(after[i], `${NODES[i]}'s Lease`).not.toBe(t));
    const victim = announcersOf(sim, IPS[0]);
    await sim.kill(victim);
    await waitFor(
      `${IPS[0]} answered by another node after ${victim} was killed`,
      () => {
        const now = announcersOf(sim, IPS[0]);
        return now !== '' && now !== victim && !now.includes(',') ? now : undefined;
      },
      10_000,
    );
    const corrections = [...sim.speakers().values()].reduce((n, sp) => n + sp.resyncCorrections(), 0);
    expect(corrections).toBe(0);
  });
});
