// What every cluster has from its first start, made here on each start: the initial namespaces (with
// their kube-root-ca.crt ConfigMaps), and the default/kubernetes Service whose EndpointSlice (and so
// Endpoints) point at this server's port.
import type { ApiContext } from './context';
import { rootCaConfigMap, ROOT_CA_CONFIGMAP } from './derived';
import { asList, asMap } from './json-path';
import { ApiError } from './status-errors';
import { createObject, updateObject } from './writes';

/** Namespaces every cluster has, plus MetalLB's. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'metallb-system'];

const def = (ctx: ApiContext, group: string, version: string, resource: string) => {
  const d = ctx.registry.find(group, version, resource);
  if (!d) throw new Error(`${resource} missing from the registry`);
  return d;
};

export async function ensureNamespaces(ctx: ApiContext) {
  const namespaces = def(ctx, '', 'v1', 'namespaces');
  const missing = INITIAL_NAMESPACES.filter((name) => !ctx.store.get('namespaces', '', name));
  await Promise.all(missing.map((name) => createObject(ctx, namespaces, undefined, { metadata: { name } }, { dryRun: false })));
  // Data dirs from before kube-root-ca.crt existed get theirs now.
  const without = ctx.store.list('namespaces').map((e) => e.obj.metadata.name ?? '').filter((ns) => !ctx.store.get('configmaps', ns, ROOT_CA_CONFIGMAP));
  if (without.length > 0) await ctx.store.commit(without.map((ns) => rootCaConfigMap(ctx, ns)));
}

const KUBERNETES_SERVICE = {
  metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
};

/** default/kubernetes: 10.96.0.1:443 (when free), its EndpointSlice naming 127.0.0.1:`port`. */
export async function ensureKubernetesService(ctx: ApiContext, port: number) {
  const services = def(ctx, '', 'v1', 'services');
  const slices = def(ctx, 'discovery.k8s.io', 'v1', 'endpointslices');
  const service = { ...KUBERNETES_SERVICE, spec: { ...KUBERNETES_SERVICE.spec, ports: [{ ...KUBERNETES_SERVICE.spec.ports[0], targetPort: port }] } };
  const current = ctx.store.get('services', 'default', 'kubernetes');
  if (!current) {
    await createObject(ctx, services, 'default', service, { dryRun: false }).catch((e: unknown) => {
      // 10.96.0.1 already went to another Service in this data dir: take any free address.
      if (!(e instanceof ApiError) || e.code !== 422) throw e;
      const { clusterIP: _taken, ...spec } = service.spec;
      return createObject(ctx, services, 'default', { ...service, spec }, { dryRun: false });
    });
  } else if (asMap(asList(asMap(current.obj.spec).ports)[0]).targetPort !== port) {
    const spec = { ...asMap(current.obj.spec), ports: service.spec.ports };
    await updateObject(ctx, services, 'default', 'kubernetes', { ...current.obj, spec }, { dryRun: false });
  }
  const slice = {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  };
  const currentSlice = ctx.store.get(slices.storage, 'default', 'kubernetes');
  if (!currentSlice) await createObject(ctx, slices, 'default', slice, { dryRun: false });
  else if (asMap(asList(currentSlice.obj.ports)[0]).port !== port) {
    await updateObject(ctx, slices, 'default', 'kubernetes', { ...currentSlice.obj, ports: slice.ports }, { dryRun: false });
  }
}
