// Test helpers for lib/allocator: terse pool and service builders. Imported only by *.test.ts.
import { parsePoolAddress } from '../ip';
import type { PoolServiceAllocation } from '../config/types';
import type { AllocService, AllocatorPool, AllocPort } from './types';

export function pool(name: string, addresses: string[], over: Partial<AllocatorPool> = {}): AllocatorPool {
  const ranges = addresses.map((a) => {
    const r = parsePoolAddress(a);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  });
  return { name, ranges, autoAssign: true, avoidBuggyIPs: false, ...over };
}

export const pinned = (over: Partial<PoolServiceAllocation>): PoolServiceAllocation => ({
  priority: 0,
  namespaces: [],
  namespaceSelectors: [],
  serviceSelectors: [],
  ...over,
});

/** `ports('tcp/80', 'udp/53')` as MetalLB's tests write them. */
export const ports = (...specs: string[]): AllocPort[] =>
  specs.map((s) => {
    const [protocol, port] = s.split('/');
    return { protocol: protocol.toUpperCase(), port: Number(port) };
  });

export interface SvcOptions extends Partial<AllocService> {
  /** metallb.io/allow-shared-ip */
  sharingKey?: string;
  /** MetalLB's backendKey: a Local service with selector app=<backend>. */
  backend?: string;
  /** metallb.io/address-pool */
  poolName?: string;
  /** metallb.io/loadBalancerIPs */
  lbIPs?: string;
}

export function svc(opts: SvcOptions = {}): AllocService {
  const { sharingKey, backend, poolName, lbIPs, ...rest } = opts;
  const annotations: Record<string, string> = { ...(rest.annotations ?? {}) };
  if (sharingKey) annotations['metallb.io/allow-shared-ip'] = sharingKey;
  if (poolName) annotations['metallb.io/address-pool'] = poolName;
  if (lbIPs) annotations['metallb.io/loadBalancerIPs'] = lbIPs;
  return {
    namespace: 'default',
    name: 'svc',
    labels: {},
    namespaceLabels: {},
    ipFamilies: ['IPv4'],
    ports: [],
    externalTrafficPolicy: backend ? 'Local' : 'Cluster',
    selector: backend ? { app: backend } : {},
    ...rest,
    annotations,
  };
}

export const v6 = (over: SvcOptions = {}): AllocService => svc({ ipFamilies: ['IPv6'], ...over });
export const dual = (over: SvcOptions = {}): AllocService =>
  svc({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack', ...over });
export const preferDual = (over: SvcOptions = {}): AllocService =>
  svc({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack', ...over });
