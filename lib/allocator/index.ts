// Public face of lib/allocator: LoadBalancer IP allocation as docs/semantics.md "Allocation" describes it.
export type {
  AllocService,
  Allocation,
  AllocationError,
  AllocationRequest,
  AllocationView,
  AllocatorPool,
  IPFamilyPolicy,
  Invalidation,
  PoolCounters,
  AllocPort,
} from './types';
export { Allocator } from './allocator';
export {
  ANNOTATION_ADDRESS_POOL,
  ANNOTATION_ALLOCATED_FROM_POOL,
  ANNOTATION_ALLOW_SHARED_IP,
  ANNOTATION_LOADBALANCER_IPS,
  DEPRECATED_PREFIX,
  checkFamilies,
  familyAttempts,
  readAllocationRequest,
} from './request';
export { backendKeyOf, checkSharing, isPoolCompatible, type Holder } from './compat';
export { countUsable } from './pool-state';

/** Status counters are JSON numbers: clamp a BigInt count (an IPv6 /64 is 2^64) to 2^53 - 1. */
export function toStatusCount(n: bigint): number {
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}
