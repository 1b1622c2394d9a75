// Test helpers for lib/election: terse builders for nodes, services and advertisements.
// Imported only by *.test.ts files (which bring node:crypto's sha256 themselves).
import type { AdvertisementInfo, ElectionInput, NodeInfo, ServiceInfo } from './types';

export const node = (name: string, over: Partial<NodeInfo> = {}): NodeInfo => ({
  name,
  labels: { 'kubernetes.io/hostname': name },
  networkUnavailable: false,
  speakerLive: true,
  ...over,
});

export const service = (over: Partial<ServiceInfo> = {}): ServiceInfo => ({
  namespace: 'default',
  name: 'web',
  labels: {},
  ips: ['10.20.30.1'],
  pool: 'default',
  externalTrafficPolicy: 'Cluster',
  endpointNodes: ['iris1', 'iris2'],
  ...over,
});

export const advertisement = (over: Partial<AdvertisementInfo> = {}): AdvertisementInfo => ({
  name: 'l2',
  ipAddressPools: [],
  ipAddressPoolSelectors: [],
  nodeSelectors: [],
  serviceSelectors: [],
  preferredNodeSelectors: [],
  interfaces: [],
  ...over,
});

export const input = (over: Partial<ElectionInput> = {}): ElectionInput => ({
  nodes: [node('iris1'), node('iris2')],
  service: service(),
  advertisements: [advertisement()],
  ...over,
});
