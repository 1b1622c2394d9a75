// Shared set-up for controller integration tests: an embedded API server per test file, a
// client-node Kube on its kubeconfig, controllers with short leases, and polling helpers.
import { NS, startCluster as startClusterIn } from '../support/cluster';
import { startController, type Controller, type ControllerOptions } from '../../server/controller';
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  patchObject,
  RESOURCES,
  type Kube,
  type KubeObject,
} from '../../server/kube';

export { NS, type Cluster } from '../support/cluster';
export const startCluster = () => startClusterIn('ironlb-ctl-');

export interface RunningController extends Controller {
  stop(): Promise<void>;
}

/** A controller with a short lease so takeovers happen in test time. */
export async function runController(kube: Kube, opts: Partial<ControllerOptions> = {}): Promise<RunningController> {
  const ac = new AbortController();
  // CTL_DEBUG=1 prints the controller's debug log while a test runs.
  const c = startController({ kube, systemNamespace: NS, leaseDurationMs: 5000, renewMs: 100, signal: ac.signal, logger: process.env.CTL_DEBUG ? (await import('pino')).default({ level: 'debug' }) : undefined, ...opts });
  return {
    ...c,
    async stop() {
      ac.abort();
      await c.done;
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type ServiceObj = KubeObject & {
  spec?: Record<string, unknown>;
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
};

export interface ServiceOpts {
  namespace?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  ports?: { port: number; protocol?: string }[];
  spec?: Record<string, unknown>;
}

export function createService(kube: Kube, name: string, o: ServiceOpts = {}): Promise<ServiceObj> {
  return createObject<ServiceObj>(kube, RESOURCES.services, {
    metadata: { name, namespace: o.namespace ?? 'default', annotations: o.annotations, labels: o.labels },
    spec: { type: 'LoadBalancer', ports: o.ports ?? [{ port: 80, protocol: 'TCP' }], selector: { app: name }, ...o.spec },
  });
}

export const getService = (kube: Kube, name: string, namespace = 'default') =>
  getObject<ServiceObj>(kube, RESOURCES.services, { namespace, name });

export const ingressOf = (svc: ServiceObj | undefined): string[] =>
  (svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');

/** Waits until the service shows exactly these IPs and, with IPs, the pool annotation (empty: neither). */
export function waitForIPs(kube: Kube, name: string, ips: string[], namespace = 'default'): Promise<ServiceObj> {
  return eventually(async () => {
    const svc = await getService(kube, name, namespace);
    const hasPool = svc?.metadata.annotations?.['metallb.io/ip-allocated-from-pool'] !== undefined;
    return svc && JSON.stringify(ingressOf(svc)) === JSON.stringify(ips) && hasPool === ips.length > 0 ? svc : false;
  }, `${namespace}/${name} to show ${JSON.stringify(ips)}`);
}

export function createPool(kube: Kube, name: string, addresses: string[], spec: Record<string, unknown> = {}, labels?: Record<string, string>) {
  return createObject(kube, RESOURCES.ipaddresspools, {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name, namespace: NS, labels },
    spec: { addresses, ...spec },
  });
}

export const deletePool = (kube: Kube, name: string) => deleteObject(kube, RESOURCES.ipaddresspools, { namespace: NS, name });
export const deleteService = (kube: Kube, name: string, namespace = 'default') => deleteObject(kube, RESOURCES.services, { namespace, name });

export const patchService = (kube: Kube, name: string, patch: unknown, namespace = 'default') =>
  patchObject<ServiceObj>(kube, RESOURCES.services, { namespace, name }, patch);

export function createNamespace(kube: Kube, name: string, labels?: Record<string, string>) {
  return createObject(kube, RESOURCES.namespaces, { metadata: { name, labels } });
}

export interface EventView {
  type: string;
  reason: string;
  message: string;
  count: number;
  host?: string;
}

/** Events about one object, oldest first. */
export async function eventsFor(kube: Kube, namespace: string, name: string, kind = 'Service'): Promise<EventView[]> {
  const list = await listObjects(kube, RESOURCES.events, { namespace });
  return list.items
    .map((e) => e as KubeObject & { involvedObject?: { name?: string; kind?: string }; type?: string; reason?: string; message?: string; count?: number; firstTimestamp?: string; source?: { host?: string } })
    .filter((e) => e.involvedObject?.name === name && e.involvedObject?.kind === kind)
    .sort((a, b) => (a.metadata.resourceVersion ?? '').localeCompare(b.metadata.resourceVersion ?? '', undefined, { numeric: true }))
    .map((e) => ({ type: e.type ?? '', reason: e.reason ?? '', message: e.message ?? '', count: e.count ?? 0, host: e.source?.host }));
}

/** Waits for an event on the object whose reason matches and whose message contains `text`. */
export function waitForEvent(kube: Kube, namespace: string, name: string, reason: string, text: string, kind = 'Service') {
  return eventually(async () => {
    const events = await eventsFor(kube, namespace, name, kind);
    return events.find((e) => e.reason === reason && e.message.includes(text)) ?? false;
  }, `${reason} event containing ${JSON.stringify(text)} on ${namespace}/${name}`);
}

/** Deletes every IPAddressPool and every Service in the given namespaces (between tests). */
export async function cleanUp(kube: Kube, namespaces: string[] = ['default']): Promise<void> {
  for (const ns of namespaces) {
    for (const s of (await listObjects(kube, RESOURCES.services, { namespace: ns })).items) {
      await deleteObject(kube, RESOURCES.services, { namespace: ns, name: s.metadata.name ?? '' });
    }
  }
  for (const p of (await listObjects(kube, RESOURCES.ipaddresspools, { namespace: NS })).items) {
    await deleteObject(kube, RESOURCES.ipaddresspools, { namespace: NS, name: p.metadata.name ?? '' });
  }
}
