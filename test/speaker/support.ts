// Shared by the speaker integration tests: an embedded API server, client-node through
// server/kube, and terse builders for the objects a speaker reads.
import { NS, startCluster as startClusterIn } from '../support/cluster';
import type { SimulatedSpeakers } from '../../server/speaker/simulated';
import {
  createObject,
  listObjects,
  patchObject,
  RESOURCES,
  type Kube,
  type KubeObject,
} from '../../server/kube';

export { NS, type Cluster } from '../support/cluster';
/** The heartbeat key Secret, as the controller creates it on its first start. */
export { createSpeakerKey } from '../../server/controller/speaker-key';
export const startCluster = () => startClusterIn('ironlb-speaker-');

export const createNode = (kube: Kube, name: string, labels: Record<string, string> = {}) =>
  createObject(kube, RESOURCES.nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  });

export const createPool = (kube: Kube, name: string, addresses: string[]) =>
  createObject(kube, RESOURCES.ipaddresspools, {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name, namespace: NS },
    spec: { addresses },
  });

export const createAdvertisement = (kube: Kube, name: string, spec: Record<string, unknown> = {}) =>
  createObject(kube, RESOURCES.l2advertisements, {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    metadata: { name, namespace: NS },
    spec,
  });

/** A LoadBalancer Service with its IPs already assigned (what the controller would write). */
export async function createLoadBalancer(
  kube: Kube,
  name: string,
  ips: string[],
  opts: { pool?: string; policy?: 'Cluster' | 'Local'; namespace?: string } = {},
): Promise<KubeObject> {
  const namespace = opts.namespace ?? 'default';
  await createObject(kube, RESOURCES.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      annotations: opts.pool ? { 'metallb.io/ip-allocated-from-pool': opts.pool } : {},
    },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: opts.policy ?? 'Cluster',
      selector: { app: name },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      ...(ips.some((ip) => ip.includes(':')) ? { ipFamilyPolicy: 'PreferDualStack' } : {}),
    },
  });
  return patchObject(
    kube,
    RESOURCES.services,
    { namespace, name },
    { status: { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } } },
    { subresource: 'status' },
  );
}

/** One EndpointSlice for the service with one ready endpoint per node. */
export async function setEndpoints(
  kube: Kube,
  service: string,
  nodes: string[],
  namespace = 'default',
): Promise<void> {
  const name = `${service}-eps`;
  const body = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: [{ port: 8080, protocol: 'TCP' }],
    endpoints: nodes.map((nodeName, i) => ({
      addresses: [`10.244.${i}.10`],
      nodeName,
      conditions: { ready: true },
    })),
  };
  try {
    await createObject(kube, RESOURCES.endpointslices, body);
  } catch {
    await patchObject(kube, RESOURCES.endpointslices, { namespace, name }, { endpoints: body.endpoints });
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Simulated speakers announcing `ip` on the wire now, by node name, comma-joined in order. */
export const announcersOf = (sim: SimulatedSpeakers, ip: string): string =>
  [...sim.speakers()]
    .filter(([, s]) => s.announced().has(ip))
    .map(([n]) => n)
    .sort()
    .join();

/** `service@node` of every ServiceL2Status (of `service` only, when given), sorted, comma-joined. */
export async function statusNodesOf(kube: Kube, service?: string): Promise<string> {
  const items = (await listObjects(kube, RESOURCES.servicel2statuses, { namespace: NS })).items as (KubeObject & {
    status?: { node?: string; serviceName?: string };
  })[];
  return items
    .filter((s) => service === undefined || s.status?.serviceName === service)
    .map((s) => (service === undefined ? `${s.status?.serviceName}@${s.status?.node}` : `${s.status?.node}`))
    .sort()
    .join();
}
