// Speaker failover and re-election (issue 5 benchmarks): crash failover (kill -9) and graceful
// handover (SIGTERM) as the client's neighbour entry moving to the new MAC, median of several
// runs with real speaker processes in network namespaces (root); and re-election time after a
// node loss at 10,000 services x 100 nodes through the speaker's own election code.
import { RankingCache, type AdvertisementInfo, type NodeInfo, type ServiceInfo } from '../../lib/election';
import { planSpeakerActions } from '../../lib/reconcile/speaker-actions';
import { createOrderMemo, decideAllServices, type SpeakerView } from '../../lib/reconcile/speaker-election';
import { advertisement } from '../../lib/election/test-fixtures';
import { readEnv } from '../../server/env';
import { sha256 } from '../../server/speaker/simulated';
import { electedFor, SpeakerLab, watchNeighbor } from '../speaker/netns-lab';
import {
  createAdvertisement,
  createLoadBalancer,
  createNode,
  createPool,
  setEndpoints,
} from '../speaker/support';

interface Row {
  name: string;
  value: number | string;
  unit: string;
  goal?: string;
}

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** decideAllServices + planSpeakerActions after one node of 100 dies, 10,000 services, warm cache. */
function benchReelection(): Row[] {
  const nodes: NodeInfo[] = Array.from({ length: 100 }, (_, i) => ({
    name: `node-${i}`,
    labels: {},
    networkUnavailable: false,
    speakerLive: true,
  }));
  const services: ServiceInfo[] = Array.from({ length: 10_000 }, (_, i) => ({
    namespace: 'default',
    name: `svc-${i}`,
    labels: {},
    ips: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
    pool: 'default',
    externalTrafficPolicy: i % 10 === 0 ? 'Local' : 'Cluster',
    endpointNodes: [`node-${i % 100}`, `node-${(i * 7) % 100}`],
  }));
  const ads: AdvertisementInfo[] = [advertisement()];
  const cache = new RankingCache(sha256);
  const memo = createOrderMemo();
  const view = (dead: number): SpeakerView => ({
    self: 'node-0',
    nodes: nodes.map((n, i) => (i === dead ? { ...n, speakerLive: false } : n)),
    services,
    advertisements: ads,
    pools: new Set(['default']),
  });
  const observed = {
    announced: new Map(),
    statuses: [],
    otherStatuses: [],
    announcedServices: new Set<string>(),
    problems: new Map(),
  };
  const pass = (dead: number) =>
    planSpeakerActions('node-0', decideAllServices(view(dead), cache, memo), ['eth0'], observed);
  let t = performance.now();
  pass(-1);
  const cold = performance.now() - t;
  pass(-1);
  const times: number[] = [];
  for (let k = 1; k <= RUNS; k++) {
    t = performance.now();
    pass(k);
    times.push(performance.now() - t);
  }
  return [
    {
      name: 're-election after a node loss, 10,000 services x 100 nodes (median of 5)',
      value: round(median(times)),
      unit: 'ms',
      goal: '≤ 100 ms',
    },
    {
      name: 'ranking warm-up of a starting speaker (1,000,000 sha256; done in chunks before it joins)',
      value: Math.round(cold),
      unit: 'ms',
    },
  ];
}

const NODES = ['node-1', 'node-2', 'node-3'];
const VIP = '203.0.113.1';

/** One failover: signal the leader, time until the client's neighbour entry shows the next MAC. */
async function measureFailover(lab: SpeakerLab, signal: 'SIGKILL' | 'SIGTERM'): Promise<number> {
  const leader = electedFor(VIP, NODES);
  const next = electedFor(
    VIP,
    NODES.filter((n) => n !== leader),
  );
  const client = lab.topo.client;
  await lab.waitForAnnouncer(VIP, leader, 30_000);
  await lab.topo.ping(client, VIP);
  await lab.topo.waitForNeighbor(client, VIP, lab.host(leader).mac, 10_000);
  const watch = watchNeighbor(lab.topo, client, VIP, lab.host(next).mac);
  const proc = lab.speakers.get(leader);
  if (!proc) throw new Error(`no speaker on ${leader}`);
  await new Promise((r) => setTimeout(r, 200)); // let `ip monitor` subscribe
  const t0 = performance.now();
  const exited = lab.stopSpeaker(leader, signal);
  const t1 = await Promise.race([
    watch.done,
    new Promise<number>((_, rej) =>
      setTimeout(() => rej(new Error(`no move to ${next} after ${signal}`)), 20_000),
    ),
  ]).finally(watch.stop);
  await exited;
  lab.startSpeaker(leader);
  await lab.waitForMembers(NODES);
  await lab.topo.waitForNeighbor(client, VIP, lab.host(leader).mac, 15_000);
  return t1 - t0;
}

async function benchFailover(): Promise<Row[]> {
  const lab = await SpeakerLab.create({ nodes: 3, extraHosts: [] });
  try {
    for (const n of NODES) await createNode(lab.kube, n);
    await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
    await createAdvertisement(lab.kube, 'l2', {});
    for (const n of NODES) await lab.topo.addVip(lab.host(n), VIP);
    await createLoadBalancer(lab.kube, 'web', [VIP], { pool: 'vips' });
    await setEndpoints(lab.kube, 'web', NODES);
    for (const n of NODES) lab.startSpeaker(n);
    await lab.waitForMembers(NODES);
    const crash: number[] = [];
    const graceful: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      crash.push(await measureFailover(lab, 'SIGKILL'));
      graceful.push(await measureFailover(lab, 'SIGTERM'));
    }
    const env = readEnv();
    const lease = `lease ${env.IRONLB_LEASE_DURATION_MS} ms, renew ${env.IRONLB_LEASE_RENEW_MS} ms`;
    return [
      {
        name: `crash failover, kill -9 -> client neighbour entry on the new MAC (median of ${RUNS}; ${lease})`,
        value: round(median(crash) / 1000, 2),
        unit: 's',
        goal: '≤ 3 s',
      },
      { name: 'crash failover, slowest run', value: round(Math.max(...crash) / 1000, 2), unit: 's' },
      {
        name: `graceful handover, SIGTERM -> client neighbour entry on the new MAC (median of ${RUNS})`,
        value: round(median(graceful) / 1000, 3),
        unit: 's',
        goal: '≤ 0.3 s',
      },
      { name: 'graceful handover, slowest run', value: round(Math.max(...graceful) / 1000, 3), unit: 's' },
    ];
  } finally {
    await lab.destroy();
  }
}

export default async function failoverBench(): Promise<{ title: string; rows: Row[]; notes?: string }> {
  const rows = benchReelection();
  let notes: string | undefined;
  try {
    rows.unshift(...(await benchFailover()));
  } catch (e) {
    notes = `Failover runs failed (they need root for network namespaces): ${e instanceof Error ? e.message : String(e)}`;
  }
  const env = readEnv();
  const writes = 1000 / env.IRONLB_LEASE_RENEW_MS;
  rows.push({
    name: 'API load of membership: Lease writes per node (one PUT per renewal)',
    value: writes,
    unit: 'writes/s',
  });
  return { title: 'Speaker failover and re-election', rows, notes };
}
