// Input and output types of the allocator (docs/semantics.md "Allocation"). Services arrive flattened from
// Kubernetes objects; pools have the shape lib/config produces (PoolConfig minus labels).
import type { PoolConfig } from '../config/types';
import type { IPAddr, IPFamily } from '../ip';

export type Labels = Readonly<Record<string, string>>;

export type AllocatorPool = Pick<PoolConfig, 'name' | 'ranges' | 'autoAssign' | 'avoidBuggyIPs' | 'serviceAllocation'>;

export type IPFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

export interface AllocPort {
  /** Kubernetes spells these upper case: TCP, UDP, SCTP. */
  protocol: string;
  port: number;
}

/** What the allocator needs to know about a Service. */
export interface AllocService {
  namespace: string;
  name: string;
  labels: Labels;
  /** Labels of the service's namespace, for serviceAllocation.namespaceSelectors. */
  namespaceLabels: Labels;
  annotations: Labels;
  /** spec.loadBalancerIP, when set. */
  loadBalancerIP?: string;
  /** spec.ipFamilies; the first is the primary family (default IPv4). */
  ipFamilies: readonly IPFamily[];
  /** spec.ipFamilyPolicy (default SingleStack). */
  ipFamilyPolicy?: IPFamilyPolicy;
  ports: readonly AllocPort[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** spec.selector: services with externalTrafficPolicy Local share an IP only with the same one. */
  selector: Labels;
}

/** The service's wishes, read from annotations and spec. */
export interface AllocationRequest {
  requestedIPs: IPAddr[];
  pool?: string;
  sharingKey?: string;
  /** Deprecated metallb.universe.tf/ annotation names present on the service. */
  deprecatedAnnotations: readonly string[];
}

/** An expected failure; `eventReason` is the Warning event the controller emits. */
export interface AllocationError {
  eventReason: 'AllocationFailed' | 'LoadBalancerFailed';
  /** The "<why>" of SEMANTICS §2, e.g. `no available IPs in pool "p"`. */
  message: string;
  deprecatedAnnotations: readonly string[];
}

export interface Allocation {
  /** Always ordered [IPv4, IPv6]. */
  ips: IPAddr[];
  /** The same, as canonical text for status.loadBalancer.ingress. */
  ipStrings: string[];
  pool: string;
  /** False when the service kept the IPs it already held. */
  changed: boolean;
  deprecatedAnnotations: readonly string[];
}

/** Per-pool status counters; an IP shared by several services counts once. */
export interface PoolCounters {
  assignedIPv4: bigint;
  assignedIPv6: bigint;
  availableIPv4: bigint;
  availableIPv6: bigint;
}

/** A service whose IPs a pool change made invalid; the allocator already freed them. */
export interface Invalidation {
  svcKey: string;
  ips: string[];
  reason: string;
}

export interface AllocationView {
  svcKey: string;
  ips: string[];
  pool: string;
  sharingKey?: string;
}
