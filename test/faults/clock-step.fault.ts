// A node's clock stepped by an hour, forward and back (an admin's `date -s`, NTP correcting a bad
// start), while the speakers run on the virtual LAN. Every elapsed-time decision of a speaker reads
// a clock that does not step (server/speaker/transport/clock.ts); before that, a step back stopped
// every Lease renewal for the hour it stepped. Each cycle: step forward, watch, step back, watch,
// kill the announcer of one IP and see it replaced, restart it. The wall clock is stepped for the
// whole process (Date only: timers and the monotonic clock run on), as a node's `date -s` would.
import { speakerLeaseName } from '../../lib/views';
import { getObject, RESOURCES, type KubeObject } from '../../server/kube';
import { startSimulatedSpeakers } from '../../server/speaker/simulated';
import { VirtualLan } from '../../server/speaker/transport';
import { NS, startCluster } from '../support/cluster';
import { announcersOf, createAdvertisement, createLoadBalancer, createNode, createPool, createSpeakerKey, setEndpoints, waitFor } from '../speaker/support';
import { Tally, type FaultReport } from './support/scenario';

const NODES = ['node-a', 'node-b', 'node-c'];
const IPS = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'];
const HOUR = 3_600_000;
const HEARTBEAT_MS = 300;
const LEASE_RENEW_MS = 500;

const RealDate = Date;

/**
 * Steps the wall clock to real time + offset (0: back to real time): `Date.now()` and `new Date()`
 * move, timers and `performance` do not. Hand-written because vitest's fake timers work only
 * inside a vitest run, and `npm run faults` runs this file without vitest.
 */
function stepClock(offsetMs: number): void {
  if (offsetMs === 0) {
    globalThis.Date = RealDate;
    return;
  }
  class SteppedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as ConstructorParameters<DateConstructor>));
    }
    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = SteppedDate as DateConstructor;
}

export async function runClockStep(cycles: number): Promise<FaultReport> {
  const cluster = await startCluster('ironlb-fault-clock-');
  const stop = new AbortController();
  const tally = new Tally();
  let samples = 0;
  let failovers = 0;
  try {
    await createPool(cluster.kube, 'lan', ['192.0.2.0/28']);
    await createAdvertisement(cluster.kube, 'l2');
    for (const n of NODES) await createNode(cluster.kube, n);
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    for (const [i, ip] of IPS.entries()) {
      await createLoadBalancer(cluster.kube, `svc-${i}`, [ip], { pool: 'lan' });
      await setEndpoints(cluster.kube, `svc-${i}`, NODES);
    }
    const sim = startSimulatedSpeakers({
      kube: cluster.kube,
      lan: new VirtualLan(),
      systemNamespace: NS,
      signal: stop.signal,
      resyncMs: 300,
      heartbeatIntervalMs: HEARTBEAT_MS,
      leaseRenewMs: LEASE_RENEW_MS,
    });
    const snapshot = () => IPS.map((ip) => `${ip}=${announcersOf(sim, ip)}`).join(' ');
    const steady = () => IPS.every((ip) => announcersOf(sim, ip).split(',').filter(Boolean).length === 1);
    const renewTimes = () =>
      Promise.all(
        NODES.map(async (n) => (await getObject<KubeObject & { spec?: { renewTime?: string } }>(cluster.kube, RESOURCES.leases, { namespace: NS, name: speakerLeaseName(n) }))?.spec?.renewTime ?? ''),
      );
    /** Samples the wire for 12 heartbeats: anything but `expected` is a violation. */
    const watchWire = async (expected: string, step: string) => {
      const until = performance.now() + 12 * HEARTBEAT_MS;
      while (performance.now() < until) {
        samples++;
        const now = snapshot();
        if (now !== expected) tally.record('answerers', step, `the wire changed: ${now} (was ${expected})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const watchLeases = async (step: string) => {
      const before = await renewTimes();
      await new Promise((r) => setTimeout(r, 4 * LEASE_RENEW_MS));
      const after = await renewTimes();
      for (const [i, t] of before.entries()) if (after[i] === t) tally.record('answerers', NODES[i], `its Lease was not renewed in ${4 * LEASE_RENEW_MS} ms after ${step}`);
    };
    const allLive = () => sim.speakers().size === NODES.length && [...sim.speakers().values()].every((sp) => sp.membership().live.size === NODES.length);
    await waitFor('all three speakers live and every IP answered by exactly one node', () => (allLive() && steady() ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 4 * HEARTBEAT_MS)); // the handovers that follow the last join
    const initial = snapshot();
    for (let c = 1; c <= cycles; c++) {
      for (const [offset, step] of [[+HOUR, `step forward ${c}`], [0, `step back ${c}`]] as const) {
        const before = snapshot();
        stepClock(offset);
        tally.faults++;
        await watchWire(before, step);
        await watchLeases(step);
      }
      const ip = IPS[c % IPS.length];
      const victim = announcersOf(sim, ip);
      await sim.kill(victim);
      await waitFor(`${ip} answered by a node other than ${victim}`, () => {
        const now = announcersOf(sim, ip);
        return now !== '' && now !== victim && !now.includes(',') ? now : undefined;
      }, 10_000).then(
        () => failovers++,
        (e: unknown) => tally.record('answerers', ip, String(e)),
      );
      await sim.restart(victim);
      // Back to the start: with all three live, the election gives every IP its first node again.
      await waitFor('every IP answered by its first node again', () => (snapshot() === initial ? true : undefined), 30_000).catch((e: unknown) => {
        const membership = [...sim.speakers()].map(([n, sp]) => `${n}: ${JSON.stringify(sp.membership())}`).join('; ');
        throw new Error(`${String(e)} after cycle ${c} (${victim} killed and restarted): ${snapshot()}; membership ${membership}`);
      });
    }
    const corrections = [...sim.speakers().values()].reduce((n, sp) => n + sp.resyncCorrections(), 0);
    if (corrections) tally.record('answerers', 'resync', `the periodic resync corrected ${corrections} decisions`);
    return {
      title: "A node's clock stepped by an hour, forward and back",
      did: `Three simulated speakers announcing six IPs on the virtual LAN (heartbeat every ${HEARTBEAT_MS} ms, Lease renewal every ${LEASE_RENEW_MS} ms); ${cycles} cycles of: the wall clock stepped forward an hour, then back, then the announcer of one IP killed and restarted.`,
      checked: `After each step, for ${12 * HEARTBEAT_MS} ms every 50 ms: the same single node answers every IP as before the step; then every speaker Lease renewed within ${4 * LEASE_RENEW_MS} ms. After each kill: the IP answered by one other node within 10 s. At the end: the periodic resync corrected nothing.`,
      faults: tally.faults,
      violations: tally.violations,
      rows: [
        { name: 'wire samples', value: samples },
        { name: 'failovers after a kill', value: failovers },
      ],
    };
  } finally {
    stepClock(0);
    stop.abort();
    await cluster.close();
  }
}

export default () => runClockStep(10);
