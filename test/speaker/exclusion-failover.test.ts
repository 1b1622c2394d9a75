// Issue 21: after the node announcing two services is excluded, each service moves to its next
// node, every time. The IPs' announcer went dark in 1 run of 4 when the label landed while a
// speaker's batched pass (its own status echo, 200 ms) was due: the scenario is repeated with
// the label sent at every offset across that window, with the periodic resync off so it cannot
// hide a missed pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects, patchObject, RESOURCES } from '../../server/kube';
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
  statusNodesOf,
  waitFor,
  type Cluster,
} from './support';

const EXCLUDE = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** 0.75^40 < 1e-5: a failure in 1 run of 4 cannot pass unseen. */
const RUNS = 40;

describe('excluding the announcing node of two services', () => {
  let cluster: Cluster;
  let sim: SimulatedSpeakers;
  const stop = new AbortController();
  const announcers = (ip: string) => announcersOf(sim, ip);
  const statusNodes = () => statusNodesOf(cluster.kube);
  const labelB = (value: string | null) =>
    patchObject(cluster.kube, RESOURCES.nodes, { name: 'node-b' }, { metadata: { labels: { [EXCLUDE]: value } } });

  beforeAll(async () => {
    cluster = await startCluster();
    await createPool(cluster.kube, 'p', ['10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32']);
    await createAdvertisement(cluster.kube, 'l2');
    await createSpeakerKey({ kube: cluster.kube, namespace: NS });
    for (const n of ['node-a', 'node-b', 'node-c']) await createNode(cluster.kube, n);
    for (const [name, ip] of [['one', '10.0.0.1'], ['two', '10.0.0.2']]) {
      await createLoadBalancer(cluster.kube, name, [ip], { pool: 'p', namespace: 'default' });
      await setEndpoints(cluster.kube, name, ['node-a']);
    }
    sim = startSimulatedSpeakers({
      kube: cluster.kube,
      lan: new VirtualLan(),
      systemNamespace: NS,
      signal: stop.signal,
      resyncMs: 0,
    });
  });

  afterAll(async () => {
    stop.abort();
    await sim?.stopped;
    await cluster?.close();
  });

  it(`one moves to node-a and two to node-c, with their ServiceL2Statuses, in each of ${RUNS} runs`, async () => {
    const dark: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await labelB(null);
      await waitFor('node-b announcing both, with both statuses', async () =>
        announcers('10.0.0.1') === 'node-b' &&
        announcers('10.0.0.2') === 'node-b' &&
        (await statusNodes()) === 'one@node-b,two@node-b'
          ? true
          : undefined,
      );
      // The statuses' echoes just scheduled a batched pass on every speaker: label across its window.
      await new Promise((r) => setTimeout(r, (run * 7) % 250));
      await labelB('true');
      const moved = await waitFor(
        'one on node-a, two on node-c',
        async () =>
          announcers('10.0.0.1') === 'node-a' &&
          announcers('10.0.0.2') === 'node-c' &&
          (await statusNodes()) === 'one@node-a,two@node-c'
            ? true
            : undefined,
        5000,
      ).catch(() => false);
      if (!moved) {
        dark.push(run);
        break; // a stuck speaker stays stuck: later runs would say nothing new
      }
    }
    expect(dark).toEqual([]);
    const events = (await listObjects(cluster.kube, RESOURCES.events, { namespace: 'default' })).items as {
      reason?: string;
      message?: string;
      involvedObject?: { name?: string };
    }[];
    expect(
      events.some(
        (e) =>
          e.reason === 'nodeAssigned' &&
          e.involvedObject?.name === 'two' &&
          e.message === 'announcing from node "node-c" with protocol "layer2"',
      ),
    ).toBe(true);
  }, 300_000);
});
