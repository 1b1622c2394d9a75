// Builders for lib/views tests: small Kubernetes objects with only the fields that matter.
import type { AdvertisementInfo, NodeInfo } from '../election/types';
import type { IPAddressPool } from '../schemas/ip-address-pool';
import type { KubeService } from '../shapes/kube';
import { UNKNOWN_LAN } from './node-view';
import type { AdvertisementView, NodeView, PoolView, ServiceView } from './types';

export function svc(ns: string, name: string, opts: { ips?: string[]; pool?: string; policy?: string; cls?: string; labels?: Record<string, string> } = {}): KubeService {
  return {
    metadata: {
      namespace: ns,
      name,
      uid: `uid-${ns}-${name}`,
      labels: opts.labels,
      annotations: opts.pool ? { 'metallb.io/ip-allocated-from-pool': opts.pool } : {},
      creationTimestamp: '2024-01-01T00:00:00Z',
    },
    spec: { type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP' }], externalTrafficPolicy: opts.policy, loadBalancerClass: opts.cls },
    status: { loadBalancer: { ingress: (opts.ips ?? []).map((ip) => ({ ip })) } },
  };
}

export function node(name: string, opts: Partial<NodeInfo> = {}): NodeInfo {
  return { name, labels: {}, networkUnavailable: false, speakerLive: true, ...opts };
}

export function ad(name: string, opts: Partial<AdvertisementInfo> = {}): AdvertisementInfo {
  return {
    name,
    ipAddressPools: [],
    ipAddressPoolSelectors: [],
    nodeSelectors: [],
    serviceSelectors: [],
    preferredNodeSelectors: [],
    interfaces: [],
    ...opts,
  };
}

export function pool(name: string, addresses: string[], opts: Partial<IPAddressPool['spec']> = {}): IPAddressPool {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name, namespace: 'metallb-system', uid: `uid-${name}` }, spec: { addresses, ...opts } };
}

export function row(ns: string, name: string, opts: Partial<ServiceView> = {}): ServiceView {
  return {
    uid: `uid-${ns}-${name}`,
    namespace: ns,
    name,
    ips: [],
    pool: null,
    node: null,
    interfaces: [],
    since: null,
    ports: ['80/TCP'],
    trafficPolicy: 'Cluster',
    created: null,
    state: 'pending',
    reasonCode: 'waitingForController',
    reason: 'waiting',
    sharingKey: null,
    ...opts,
  };
}

export function nodeView(name: string, opts: Partial<NodeView> = {}): NodeView {
  return {
    name, uid: name, speaker: 'live', leaseAgeMs: 300, leaseRenewedAt: null, excluded: false, networkUnavailable: false, ready: true,
    labels: {}, announcedIPs: [], services: [], health: null, lan: UNKNOWN_LAN, ...opts,
  };
}

export function poolView(name: string, addresses: string[], opts: Partial<PoolView> = {}): PoolView {
  return {
    name, uid: name, addresses, families: ['IPv4'], autoAssign: true, avoidBuggyIPs: false, used: 1, total: '6',
    utilisation: 0, advertisements: [], services: [], serviceCount: 0, priority: null, pinned: false, labels: {}, created: null, ...opts,
  };
}

export function adView(name: string, coveredPools: string[], nodes: string[]): AdvertisementView {
  return { name, uid: name, ipAddressPools: coveredPools, coveredPools, nodeSelectors: 0, interfaces: [], nodes, resource: {} };
}
