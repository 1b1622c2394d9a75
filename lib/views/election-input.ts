// Flattens Kubernetes objects into lib/election's plain inputs, so the dashboard ranks exactly
// as the speakers do (same candidate rules, same hash order).
import type { AdvertisementInfo, NodeInfo, ServiceInfo } from '../election/types';
import type { IPAddressPool } from '../schemas/ip-address-pool';
import type { L2Advertisement } from '../schemas/l2-advertisement';
import type { KubeEndpointSlice, KubeService } from '../shapes/kube';
import { hasCondition } from './node-view';
import type { KubeNode } from '../shapes/kube';
import type { SpeakerState } from './types';

export const POOL_ANNOTATION = 'metallb.io/ip-allocated-from-pool';
export const SHARING_ANNOTATION = 'metallb.io/allow-shared-ip';
const LEGACY_SHARING_ANNOTATION = 'metallb.universe.tf/allow-shared-ip';

export function toAdvertisementInfo(ad: L2Advertisement): AdvertisementInfo {
  const spec = ad.spec ?? {};
  return {
    name: ad.metadata.name ?? '',
    ipAddressPools: spec.ipAddressPools ?? [],
    ipAddressPoolSelectors: spec.ipAddressPoolSelectors ?? [],
    nodeSelectors: spec.nodeSelectors ?? [],
    serviceSelectors: spec.serviceSelectors ?? [],
    preferredNodeSelectors: spec.preferredNodeSelectors ?? [],
    interfaces: spec.interfaces ?? [],
  };
}

/** A node is a candidate-in-principle while its speaker lease holds (live or stale). */
export function toNodeInfo(node: KubeNode, speaker: SpeakerState): NodeInfo {
  return {
    name: node.metadata.name ?? '',
    labels: node.metadata.labels ?? {},
    networkUnavailable: hasCondition(node, 'NetworkUnavailable'),
    speakerLive: speaker !== 'down',
  };
}

export function ingressIPs(svc: KubeService): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => Boolean(ip));
}

export interface EndpointSummary {
  /** Nodes hosting at least one serving endpoint. */
  nodes: string[];
  /** Whether any endpoint serves (a serving endpoint without a node still counts). */
  serving: boolean;
  endpoints: { node: string; ready: boolean }[];
}

/** Serving follows EndpointSlice semantics: `serving` when set, else `ready`, else true. */
export function summariseEndpoints(slices: readonly KubeEndpointSlice[]): EndpointSummary {
  const nodes = new Set<string>();
  const endpoints: EndpointSummary['endpoints'] = [];
  let serving = false;
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      const c = ep.conditions ?? {};
      const isServing = c.serving ?? c.ready ?? true;
      endpoints.push({ node: ep.nodeName ?? '', ready: c.ready ?? true });
      if (!isServing) continue;
      serving = true;
      if (ep.nodeName) nodes.add(ep.nodeName);
    }
  }
  return { nodes: [...nodes].sort(), serving, endpoints };
}

export function sharingKeyOf(svc: KubeService): string | undefined {
  const a = svc.metadata.annotations ?? {};
  return a[SHARING_ANNOTATION] ?? a[LEGACY_SHARING_ANNOTATION] ?? undefined;
}

/** The pool holding the service's IPs: the controller's annotation, else the pool containing the first IP. */
export function poolOfService(svc: KubeService, findPoolByIP: (ip: string) => string | null): string | null {
  const annotated = svc.metadata.annotations?.[POOL_ANNOTATION];
  if (annotated) return annotated;
  const first = ingressIPs(svc)[0];
  return first ? findPoolByIP(first) : null;
}

export function toServiceInfo(
  svc: KubeService,
  pool: string,
  poolObj: IPAddressPool | undefined,
  endpoints: EndpointSummary,
): ServiceInfo {
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    labels: svc.metadata.labels ?? {},
    ips: ingressIPs(svc),
    pool,
    poolLabels: poolObj?.metadata.labels ?? {},
    externalTrafficPolicy: svc.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    endpointNodes: endpoints.nodes,
    sharingKey: sharingKeyOf(svc),
  };
}
