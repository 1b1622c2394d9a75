// The controller's Events after a bulk change, as a MetalLB user reads them: `kubectl describe svc`
// (kubectl 1.33) shows IPAllocated, and the change wrote one Event per service, not more.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects, RESOURCES, type KubeObject } from '../../server/kube';
import { gcloudKubectl, runKubectl } from '../support/kubectl';
import { createNamespace, createPool, createService, eventually, ingressOf, runController, startCluster, type Cluster, type RunningController, type ServiceObj } from './support';

const SERVICES = 120;
const NAMESPACE = 'bulk';

let cluster: Cluster;
let controller: RunningController;
let home: string;

beforeAll(async () => {
  cluster = await startCluster();
  controller = await runController(cluster.kube);
  home = mkdtempSync(join(tmpdir(), 'ironlb-kubectl-home-'));
});
afterAll(async () => {
  await controller?.stop();
  await cluster?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

type EventObj = KubeObject & { reason?: string; message?: string; count?: number; involvedObject?: { name?: string } };

describe('events after a bulk change', () => {
  it('kubectl describe svc shows IPAllocated, and each service got one Event', async () => {
    const { kube } = cluster;
    await createNamespace(kube, NAMESPACE);
    await createPool(kube, 'bulk', ['198.51.100.0/24']);
    await Promise.all(Array.from({ length: SERVICES }, (_, i) => createService(kube, `web-${i}`, { namespace: NAMESPACE })));
    const services = await eventually(async () => {
      const items = (await listObjects<ServiceObj>(kube, RESOURCES.services, { namespace: NAMESPACE })).items;
      return items.length === SERVICES && items.every((s) => ingressOf(s).length === 1) ? items : false;
    }, `${SERVICES} services with an IP`, 60_000);
    const events = await eventually(async () => {
      const items = (await listObjects<EventObj>(kube, RESOURCES.events, { namespace: NAMESPACE })).items.filter((e) => e.reason === 'IPAllocated');
      return items.length >= SERVICES ? items : false;
    }, `${SERVICES} IPAllocated events`, 60_000);
    await controller.idle();
    expect(events).toHaveLength(SERVICES);
    expect(new Set(events.map((e) => e.involvedObject?.name)).size).toBe(SERVICES);
    expect(events.every((e) => e.count === 1)).toBe(true);

    const svc = services.find((s) => s.metadata.name === 'web-42');
    const ip = ingressOf(svc)[0];
    const described = await runKubectl(gcloudKubectl('1.33'), cluster.api.kubeconfigPath, home, ['describe', 'svc', '-n', NAMESPACE, 'web-42']);
    expect(described.stderr).toBe('');
    expect(described.stdout).toContain(`LoadBalancer Ingress:     ${ip}`);
    const eventLines = described.stdout.slice(described.stdout.indexOf('Events:')).split('\n').filter((l) => l.includes('IPAllocated'));
    expect(eventLines).toHaveLength(1);
    expect(eventLines[0]).toMatch(new RegExp(`Normal\\s+IPAllocated\\s+.*metallb-controller\\s+Assigned IP \\["${ip.replace(/\./g, '\\.')}"\\]`));
  });
});
