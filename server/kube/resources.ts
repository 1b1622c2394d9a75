// The table of Kubernetes resources ironlb reads and writes, and the URL paths they live at.
// Everything generic in server/kube (reads, writes, watches) is keyed by one of these refs.

export interface ResourceRef {
  /** API group; '' is the core group (served under /api). */
  group: string;
  version: string;
  /** Lowercase plural used in URLs. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

const ref = (group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceRef => ({
  group,
  version,
  plural,
  kind,
  namespaced,
});

export const RESOURCES = {
  services: ref('', 'v1', 'services', 'Service', true),
  endpointslices: ref('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  nodes: ref('', 'v1', 'nodes', 'Node', false),
  namespaces: ref('', 'v1', 'namespaces', 'Namespace', false),
  configmaps: ref('', 'v1', 'configmaps', 'ConfigMap', true),
  pods: ref('', 'v1', 'pods', 'Pod', true),
  servicecidrs: ref('networking.k8s.io', 'v1', 'servicecidrs', 'ServiceCIDR', false),
  secrets: ref('', 'v1', 'secrets', 'Secret', true),
  events: ref('', 'v1', 'events', 'Event', true),
  leases: ref('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  ipaddresspools: ref('metallb.io', 'v1beta1', 'ipaddresspools', 'IPAddressPool', true),
  l2advertisements: ref('metallb.io', 'v1beta1', 'l2advertisements', 'L2Advertisement', true),
  servicel2statuses: ref('metallb.io', 'v1beta1', 'servicel2statuses', 'ServiceL2Status', true),
  configurationstates: ref('metallb.io', 'v1beta1', 'configurationstates', 'ConfigurationState', true),
  deployments: ref('apps', 'v1', 'deployments', 'Deployment', true),
  daemonsets: ref('apps', 'v1', 'daemonsets', 'DaemonSet', true),
} as const satisfies Record<string, ResourceRef>;

export type ResourceName = keyof typeof RESOURCES;

/** `v1` for core, `group/version` otherwise: the apiVersion field of objects of this kind. */
export function apiVersionOf(r: ResourceRef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export interface PathParts {
  namespace?: string;
  name?: string;
  subresource?: 'status';
}

/**
 * The URL path of a collection or an object. A namespaced kind without a namespace means
 * "across all namespaces" (list and watch only).
 */
export function resourcePath(r: ResourceRef, parts: PathParts = {}): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && parts.namespace ? `/namespaces/${encodeURIComponent(parts.namespace)}` : '';
  let path = `${root}${ns}/${r.plural}`;
  if (parts.name) path += `/${encodeURIComponent(parts.name)}`;
  if (parts.name && parts.subresource) path += `/${parts.subresource}`;
  return path;
}

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped kinds. */
export function keyOf(meta: { namespace?: string; name?: string } | undefined): string {
  if (!meta?.name) return '';
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** Splits a `namespace/name` key; a key without `/` is a cluster-scoped name. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
