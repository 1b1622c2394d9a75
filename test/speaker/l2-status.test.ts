// The speaker's ServiceL2Status writer against the embedded API server: its overlay of
// unechoed writes must never hide that an object is gone (the run-15 failure of the decisions
// property test: a status deleted by another node between our create and our patch kept this
// node from ever writing it again).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteObject, listObjects, RESOURCES, type KubeObject } from '../../server/kube';
import { createL2StatusWriter } from '../../server/speaker/l2-status';
import { NS, startCluster, type Cluster } from './support';

describe('ServiceL2Status writer', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const service = { namespace: 'web', name: 'one' };
  const objects = async () => (await listObjects<KubeObject>(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS })).items;

  it('lists its own write before the watch echoes it, so a second pass does not create a duplicate', async () => {
    const writer = createL2StatusWriter(cluster.kube, 'node-a', NS);
    await writer.create(service, ['eth0']);
    expect(writer.list([]).map((s) => s.serviceName)).toEqual(['one']);
  });

  it('forgets a write that failed because another node deleted the object', async () => {
    const writer = createL2StatusWriter(cluster.kube, 'node-b', NS);
    await writer.create({ namespace: 'web', name: 'two' }, ['eth0']);
    const [created] = (await objects()).filter((o) => o.metadata.labels?.['metallb.io/node'] === 'node-b');
    const name = created.metadata.name ?? '';
    await deleteObject(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS, name });
    await expect(writer.update(name, { namespace: 'web', name: 'two' }, ['eth1'])).rejects.toThrow();
    expect(writer.list(await objects()).filter((s) => s.serviceName === 'two')).toEqual([]);
  });

  it('forgets its own write when the watch reports the object deleted, even before the next pass looks', async () => {
    const writer = createL2StatusWriter(cluster.kube, 'node-d', NS);
    await writer.create({ namespace: 'web', name: 'four' }, ['eth0']);
    const [created] = (await objects()).filter((o) => o.metadata.labels?.['metallb.io/node'] === 'node-d');
    await deleteObject(cluster.kube, RESOURCES.servicel2statuses, { namespace: NS, name: created.metadata.name ?? '' });
    expect(writer.list(await objects()).map((s) => s.serviceName)).toEqual(['four']); // not echoed yet: still ours
    writer.forget(created.metadata.name ?? '');
    expect(writer.list(await objects())).toEqual([]);
  });

  it('trusts the informer again once its own write has gone unechoed for a while', async () => {
    let clock = 0;
    const writer = createL2StatusWriter(cluster.kube, 'node-c', NS, () => clock);
    await writer.create({ namespace: 'web', name: 'three' }, ['eth0']);
    expect(writer.list([]).map((s) => s.serviceName)).toEqual(['three']);
    clock += 10_000;
    expect(writer.list([])).toEqual([]);
  });
});
