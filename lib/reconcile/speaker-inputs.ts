// Flattens the Kubernetes objects a speaker watches (Nodes, Services, EndpointSlices) into the
// plain election inputs of lib/election. Pure: JSON in, plain values out; no client types.
import { canonicalIP, parseIP, rangeContains } from '../ip';
import type { PoolConfig } from '../config';
import type { NodeInfo, ServiceInfo } from '../election';
import type { KubeEndpointSlice, KubeNode, KubeService } from '../shapes/kube';

/** The objects the speaker reads, as lib/shapes/kube declares them. */
export type NodeObject = KubeNode;
export type ServiceObject = KubeService;
export type EndpointSliceObject = KubeEndpointSlice;

export { SERVICE_NAME_LABEL } from '../shapes/kube';
export const POOL_ANNOTATION = 'metallb.io/ip-allocated-from-pool';
const SHARING_ANNOTATIONS = ['metallb.io/allow-shared-ip', 'metallb.universe.tf/allow-shared-ip'];

/** An endpoint without a nodeName still serves a Cluster-policy service; this stands for it. */
export const UNKNOWN_ENDPOINT_NODE = '';

export function toNodeInfo(node: NodeObject, isSpeakerLive: (name: string) => boolean): NodeInfo {
  const name = node.metadata.name ?? '';
  const conditions = node.status?.conditions ?? [];
  return {
    name,
    labels: node.metadata.labels ?? {},
    networkUnavailable: conditions.some((c) => c.type === 'NetworkUnavailable' && c.status === 'True'),
    speakerLive: isSpeakerLive(name),
  };
}

/**
 * Kubernetes: a nil `ready` means unknown and should be read as ready; a terminating endpoint
 * that is still `serving` keeps carrying traffic, so it counts too.
 */
export function isEndpointServing(
  c: { ready?: boolean | null; serving?: boolean | null } | undefined,
): boolean {
  if (!c) return true;
  return c.ready !== false || c.serving === true;
}

/** Nodes hosting a serving endpoint across the service's slices (sorted, unique). */
export function collectEndpointNodes(slices: readonly EndpointSliceObject[]): string[] {
  const nodes = new Set<string>();
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      if (isEndpointServing(ep.conditions ?? undefined)) nodes.add(ep.nodeName ?? UNKNOWN_ENDPOINT_NODE);
    }
  }
  return [...nodes].sort();
}

/**
 * The IPs in status.loadBalancer.ingress, in order, unique, in canonical text (the ranking
 * hashes the text, so "2001:DB8::A" and "2001:db8::a" must be one IP); invalid ones dropped.
 */
export function readIngressIPs(svc: ServiceObject): string[] {
  const ips: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    const ip = ing.ip ? canonicalIP(ing.ip) : null;
    if (ip !== null && !ips.includes(ip)) ips.push(ip);
  }
  return ips;
}

/** The pool holding `ip`: the controller's annotation when it names a known pool, else by range. */
export function findPoolFor(
  ips: readonly string[],
  annotated: string | undefined,
  pools: readonly PoolConfig[],
): PoolConfig | undefined {
  const named = annotated ? pools.find((p) => p.name === annotated) : undefined;
  if (named) return named;
  for (const text of ips) {
    const ip = parseIP(text);
    if (!ip.ok) continue;
    const pool = pools.find((p) => p.ranges.some((r) => rangeContains(r, ip.value)));
    if (pool) return pool;
  }
  return undefined;
}

export type ServiceSkipReason = 'notLoadBalancer' | 'otherLoadBalancerClass' | 'noIP';

/** Whether this speaker handles the service at all (type, class, an assigned IP). */
export function checkServiceHandled(
  svc: ServiceObject,
  loadBalancerClass?: string,
): ServiceSkipReason | null {
  if (svc.spec?.type !== 'LoadBalancer') return 'notLoadBalancer';
  if ((svc.spec?.loadBalancerClass ?? undefined) !== loadBalancerClass) return 'otherLoadBalancerClass';
  if (readIngressIPs(svc).length === 0) return 'noIP';
  return null;
}

export function toServiceInfo(
  svc: ServiceObject,
  slices: readonly EndpointSliceObject[],
  pools: readonly PoolConfig[],
): ServiceInfo {
  const annotations = svc.metadata.annotations ?? {};
  const ips = readIngressIPs(svc);
  const pool = findPoolFor(ips, annotations[POOL_ANNOTATION], pools);
  const sharing = SHARING_ANNOTATIONS.map((a) => annotations[a]).find((v) => v !== undefined && v !== '');
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    labels: svc.metadata.labels ?? {},
    ips,
    pool: pool?.name ?? annotations[POOL_ANNOTATION] ?? '',
    poolLabels: pool?.labels ?? {},
    externalTrafficPolicy: svc.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    endpointNodes: collectEndpointNodes(slices),
    ...(sharing ? { sharingKey: sharing } : {}),
  };
}
