// IP sharing (metallb.io/allow-shared-ip): same key and disjoint ports share; everything else is
// refused with the event messages of docs/semantics.md "Allocation".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUp,
  createPool,
  createService,
  getService,
  ingressOf,
  patchService,
  runController,
  startCluster,
  waitForEvent,
  waitForIPs,
  type Cluster,
  type RunningController,
} from './support';

let cluster: Cluster;
let controller: RunningController;

beforeAll(async () => {
  cluster = await startCluster();
  controller = await runController(cluster.kube);
});
afterEach(async () => {
  await cleanUp(cluster.kube);
});
afterAll(async () => {
  await controller?.stop();
  await cluster?.close();
});

const key = (k: string, extra: Record<string, string> = {}) => ({ 'metallb.io/allow-shared-ip': k, ...extra });

describe('IP sharing', () => {
  it('two services with the same key and different ports land on the same IP', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'dns-tcp', { annotations: key('dns'), ports: [{ port: 53, protocol: 'TCP' }] });
    await waitForIPs(kube, 'dns-tcp', ['192.0.2.10']);
    await createService(kube, 'dns-udp', { annotations: key('dns'), ports: [{ port: 53, protocol: 'UDP' }] });
    await waitForIPs(kube, 'dns-udp', ['192.0.2.10']);
    await createService(kube, 'other');
    await waitForIPs(kube, 'other', ['192.0.2.11']);
  });

  it('the same key on an overlapping port is refused for a requested IP, naming the port', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'a', { annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForIPs(kube, 'a', ['192.0.2.10']);
    await createService(kube, 'b', { annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForEvent(kube, 'default', 'b', 'AllocationFailed', 'Failed to allocate IP for "default/b": port TCP/80 is already in use on "192.0.2.10"');
    expect(ingressOf(await getService(kube, 'b'))).toEqual([]);
  });

  it('a different key is refused for a requested IP, naming both keys', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'a', { annotations: key('blue', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForIPs(kube, 'a', ['192.0.2.10']);
    await createService(kube, 'b', { annotations: key('green', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }), ports: [{ port: 443 }] });
    await waitForEvent(kube, 'default', 'b', 'AllocationFailed', 'sharing key "green" does not match existing sharing key "blue"');
  });

  it('no key at all is refused for an IP in use', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'a', { annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' } });
    await waitForIPs(kube, 'a', ['192.0.2.10']);
    await createService(kube, 'b', { annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' }, ports: [{ port: 443 }] });
    await waitForEvent(kube, 'default', 'b', 'AllocationFailed', '"192.0.2.10" is already in use by "default/a"');
  });

  it('Cluster and Local traffic policies never share', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'a', { annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForIPs(kube, 'a', ['192.0.2.10']);
    await createService(kube, 'b', {
      annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }),
      ports: [{ port: 443 }],
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    });
    await waitForEvent(kube, 'default', 'b', 'AllocationFailed', 'externalTrafficPolicy Cluster and Local services can\'t share "192.0.2.10"');
  });

  it('when the first holder leaves, the refused service gets the requested IP', async () => {
    const { kube } = cluster;
    await createPool(kube, 'shared', ['192.0.2.10-192.0.2.12']);
    await createService(kube, 'a', { annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForIPs(kube, 'a', ['192.0.2.10']);
    await createService(kube, 'b', { annotations: key('k', { 'metallb.io/loadBalancerIPs': '192.0.2.10' }) });
    await waitForEvent(kube, 'default', 'b', 'AllocationFailed', 'port TCP/80 is already in use');
    await patchService(kube, 'a', { spec: { ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }] } });
    await waitForIPs(kube, 'b', ['192.0.2.10']);
    expect(ingressOf(await getService(kube, 'a'))).toEqual(['192.0.2.10']);
  });
});
