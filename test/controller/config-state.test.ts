// Cross-object validation on an API server without MetalLB's webhook (what a real cluster with
// ironlb has): the controller reports an invalid configuration in ConfigurationState
// "controller", as a Warning Event on the object at fault and in metallb_k8s_client_config_stale_bool,
// keeps allocating from the last valid configuration, and reports Valid again once it is fixed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsText } from '../../server/controller';
import { createObject, deleteObject, getObject, listObjects, RESOURCES, type KubeObject } from '../../server/kube';
import { startCluster as startClusterIn, NS, type Cluster } from '../support/cluster';
import { createService, eventually, getService, ingressOf, runController, type RunningController } from './support';

type State = KubeObject & { spec?: { type?: string }; status?: { result?: string; errorSummary?: string; conditions?: { type: string; status: string }[] } };

const pool = (name: string, addresses: string[]) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name, namespace: NS },
  spec: { addresses },
});
const state = (c: Cluster) => getObject<State>(c.kube, RESOURCES.configurationstates, { namespace: NS, name: 'controller' });

describe('the configuration verdict without a webhook', () => {
  let cluster: Cluster;
  let controller: RunningController;

  beforeAll(async () => {
    cluster = await startClusterIn('ironlb-cfgstate-', { webhooks: false });
    await createObject(cluster.kube, RESOURCES.ipaddresspools, pool('first', ['192.0.2.0/29']));
    controller = await runController(cluster.kube);
  });

  afterAll(async () => {
    await controller?.stop();
    await cluster?.close();
  });

  it('a valid configuration is reported Valid', async () => {
    const s = await eventually(async () => ((await state(cluster))?.status?.result === 'Valid' ? state(cluster) : undefined), 'Valid');
    expect(s?.spec?.type).toBe('Controller');
    expect(s?.status?.conditions?.[0]).toMatchObject({ type: 'ConfigValid', status: 'True' });
  });

  it('an overlapping pool the API server accepted is reported Invalid, with an Event on it, and the last valid pools stay in use', async () => {
    await createObject(cluster.kube, RESOURCES.ipaddresspools, pool('second', ['192.0.2.4/30']));
    const s = await eventually(async () => ((await state(cluster))?.status?.result === 'Invalid' ? state(cluster) : undefined), 'Invalid');
    expect(s?.status?.errorSummary).toMatch(/IPAddressPool "(first|second)".*overlaps/);
    expect(s?.status?.conditions?.[0]).toMatchObject({ type: 'ConfigValid', status: 'False', reason: 'ConfigInvalid' });
    const events = await eventually(async () => {
      const list = (await listObjects(cluster.kube, RESOURCES.events, { namespace: NS })).items as (KubeObject & { reason?: string; message?: string; involvedObject?: { kind?: string } })[];
      const hits = list.filter((e) => e.reason === 'InvalidConfig' && e.involvedObject?.kind === 'IPAddressPool');
      return hits.length ? hits : undefined;
    }, 'InvalidConfig event');
    expect(events[0].message).toMatch(/overlaps.*keeping the last valid configuration/);
    expect(await metricsText()).toMatch(/metallb_k8s_client_config_stale_bool 1/);
    await createService(cluster.kube, 'web');
    const svc = await eventually(async () => (ingressOf(await getService(cluster.kube, 'web')).length ? getService(cluster.kube, 'web') : undefined), 'an IP from the last valid pool');
    expect(ingressOf(svc)).toEqual(['192.0.2.0']);
  });

  it('an advertisement with a duplicate node selector is Invalid too, and fixing everything makes it Valid', async () => {
    await deleteObject(cluster.kube, RESOURCES.ipaddresspools, { namespace: NS, name: 'second' });
    await eventually(async () => (await state(cluster))?.status?.result === 'Valid', 'Valid after the fix');
    await createObject(cluster.kube, RESOURCES.l2advertisements, {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'l2', namespace: NS },
      spec: { nodeSelectors: [{ matchLabels: { zone: 'a' } }, { matchLabels: { zone: 'a' } }] },
    });
    const s = await eventually(async () => ((await state(cluster))?.status?.result === 'Invalid' ? state(cluster) : undefined), 'Invalid advertisement');
    expect(s?.status?.errorSummary).toMatch(/^L2Advertisement "l2"/);
    await deleteObject(cluster.kube, RESOURCES.l2advertisements, { namespace: NS, name: 'l2' });
    await eventually(async () => (await state(cluster))?.status?.result === 'Valid', 'Valid again');
    expect(await metricsText()).toMatch(/metallb_k8s_client_config_stale_bool 0/);
  });
});
