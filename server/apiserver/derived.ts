// Objects a real cluster's controllers keep in step with others, written here in the same commit as
// the write that causes them: the kube-root-ca.crt ConfigMap of every new namespace, and core/v1
// Endpoints mirrored from a Service's EndpointSlices (kubectl 1.20-1.32's `describe svc`, older clients).
import type { ApiContext } from './context';
import { asList, asMap, asString } from './json-path';
import { initCreateMeta } from './object-meta';
import type { Change } from './store';
import type { KubeObject } from './types';

const SLICES = 'endpointslices.discovery.k8s.io';
const SERVICE_NAME = 'kubernetes.io/service-name';
/** Marks Endpoints this server derived (and may replace or delete); hand-made Endpoints are left alone. */
export const MIRRORED_ANNOTATION = 'ironlb.io/mirrored-from';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const ROOT_CA_DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

function created(ctx: ApiContext, obj: KubeObject): KubeObject {
  initCreateMeta(obj, ctx.uid(), ctx.now(), false);
  return obj;
}

export function rootCaConfigMap(ctx: ApiContext, namespace: string): Change {
  const obj = created(ctx, {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
    data: { 'ca.crt': ctx.caPem },
  });
  return { storage: 'configmaps', namespace, name: ROOT_CA_CONFIGMAP, obj };
}

/** Endpoints subsets from slices: ready addresses, not-ready ones, the slices' ports (one subset per port set). */
function subsetsOf(slices: KubeObject[]): unknown[] {
  const bySignature = new Map<string, { addresses: unknown[]; notReadyAddresses: unknown[]; ports: unknown[] }>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const ports = asList(slice.ports).map(asMap).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP',
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    const signature = JSON.stringify(ports);
    const subset = bySignature.get(signature) ?? { addresses: [], notReadyAddresses: [], ports };
    bySignature.set(signature, subset);
    for (const ep of asList(slice.endpoints).map(asMap)) {
      const ready = asMap(ep.conditions).ready !== false;
      for (const ip of asList(ep.addresses)) {
        const address = { ip, ...(asString(ep.nodeName) ? { nodeName: ep.nodeName } : {}), ...(ep.targetRef ? { targetRef: ep.targetRef } : {}) };
        (ready ? subset.addresses : subset.notReadyAddresses).push(address);
      }
    }
  }
  return [...bySignature.values()].filter((s) => s.addresses.length + s.notReadyAddresses.length > 0).map((s) => ({
    ...(s.addresses.length ? { addresses: s.addresses } : {}), ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses } : {}),
    ...(s.ports.length ? { ports: s.ports } : {}),
  }));
}

function mirrorEndpoints(ctx: ApiContext, namespace: string, service: string, slices: KubeObject[]): Change | undefined {
  const current = ctx.store.get('endpoints', namespace, service);
  if (current && current.obj.metadata.annotations?.[MIRRORED_ANNOTATION] === undefined) return undefined;
  if (slices.length === 0) return current ? { storage: 'endpoints', namespace, name: service, obj: null } : undefined;
  const subsets = subsetsOf(slices);
  const obj: KubeObject = current ? structuredClone(current.obj) : created(ctx, {
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service, namespace, annotations: { [MIRRORED_ANNOTATION]: 'endpointslices' } },
  });
  if (subsets.length > 0) obj.subsets = subsets;
  else delete obj.subsets;
  if (current && JSON.stringify(current.obj.subsets ?? null) === JSON.stringify(obj.subsets ?? null)) return undefined;
  return { storage: 'endpoints', namespace, name: service, obj };
}

const serviceOf = (obj: KubeObject | null | undefined) => obj?.metadata.labels?.[SERVICE_NAME];

/** The changes that follow from `changes` (appended after them in the same commit). */
export function derivedChanges(ctx: ApiContext, changes: Change[]): Change[] {
  const out: Change[] = [];
  for (const change of changes) {
    if (change.storage === 'namespaces' && change.obj && !ctx.store.get('namespaces', '', change.name)
      && !ctx.store.get('configmaps', change.name, ROOT_CA_CONFIGMAP)) {
      out.push(rootCaConfigMap(ctx, change.name));
    }
    if (change.storage !== SLICES) continue;
    const before = ctx.store.get(SLICES, change.namespace, change.name)?.obj;
    for (const service of new Set([serviceOf(before), serviceOf(change.obj)])) {
      if (!service) continue;
      const slices = ctx.store.list(SLICES, change.namespace).map((e) => e.obj)
        .filter((o) => o.metadata.name !== change.name && serviceOf(o) === service);
      if (change.obj && serviceOf(change.obj) === service) slices.push(change.obj);
      const mirrored = mirrorEndpoints(ctx, change.namespace, service, slices);
      if (mirrored) out.push(mirrored);
    }
  }
  return out;
}
