// Controller reconcile for one Service: (service as observed, allocator state) -> actions.
// Decides only through lib/allocator (which it updates); server/controller carries actions out.
import { ANNOTATION_ALLOCATED_FROM_POOL, DEPRECATED_PREFIX, type Allocation, type AllocationError, type Allocator } from '../allocator';
import {
  clusterIPsOf,
  isLoadBalancer,
  isOurClass,
  statusIPs,
  toAllocService,
  type Labels,
  type ServiceObject,
} from './controller-service';

export const DEPRECATED_ALLOCATED_FROM_POOL = `${DEPRECATED_PREFIX}ip-allocated-from-pool`;

export type EventKind = 'Normal' | 'Warning';

export type ControllerAction =
  /** Set status.loadBalancer.ingress to these IPs (empty clears it). */
  | { type: 'setStatus'; key: string; ips: string[] }
  | { type: 'setAnnotations'; key: string; set: Record<string, string>; remove: string[] }
  | { type: 'event'; key: string; eventType: EventKind; reason: string; message: string }
  /** IPs were freed: services still waiting for one should be tried again. */
  | { type: 'reprocessPending'; reason: string };

export type ServiceOutcome =
  | 'deleted'
  | 'otherClass'
  | 'noConfig'
  | 'notLoadBalancer'
  | 'noClusterIP'
  | 'kept'
  | 'allocated'
  | 'failed';

export interface ServicePlan {
  key: string;
  outcome: ServiceOutcome;
  /** Why, for logs and the UI (the allocator's message on failure). */
  reason?: string;
  ips: string[];
  pool?: string;
  actions: ControllerAction[];
}

export interface ControllerContext {
  allocator: Allocator;
  /** spec.loadBalancerClass this controller serves; undefined: class-less services only. */
  loadBalancerClass?: string;
  /** False until a valid configuration was loaded: then nothing is touched (restart safety). */
  configLoaded: boolean;
}

/** Go's %q of a string slice, as MetalLB's events print it: ["a" "b"]. */
export const quoteList = (ips: readonly string[]): string => `[${ips.map((ip) => JSON.stringify(ip)).join(' ')}]`;

export const describeFailure = (key: string, why: string): string => `Failed to allocate IP for "${key}": ${why}`;

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The actions that make the observed service show `ips` from `pool` (none when it already does). */
export function diffService(key: string, svc: ServiceObject, ips: string[], pool: string | undefined): ControllerAction[] {
  const actions: ControllerAction[] = [];
  if (!sameList(statusIPs(svc), ips)) actions.push({ type: 'setStatus', key, ips });
  const annotations = svc.metadata.annotations ?? {};
  const set: Record<string, string> = {};
  if (pool !== undefined && annotations[ANNOTATION_ALLOCATED_FROM_POOL] !== pool) set[ANNOTATION_ALLOCATED_FROM_POOL] = pool;
  const remove = [DEPRECATED_ALLOCATED_FROM_POOL, ...(pool === undefined ? [ANNOTATION_ALLOCATED_FROM_POOL] : [])].filter(
    (name) => Object.hasOwn(annotations, name),
  );
  if (Object.keys(set).length || remove.length) actions.push({ type: 'setAnnotations', key, set, remove });
  return actions;
}

function freedActions(before: readonly string[] | undefined, after: readonly string[] | undefined): ControllerAction[] {
  const freed = (before ?? []).filter((ip) => !(after ?? []).includes(ip));
  return freed.length ? [{ type: 'reprocessPending', reason: `freed ${freed.join(',')}` }] : [];
}

function deprecatedEvents(key: string, names: readonly string[]): ControllerAction[] {
  if (names.length === 0) return [];
  return [...new Set(names)].map((name) => ({
    type: 'event',
    key,
    eventType: 'Warning',
    reason: 'deprecatedAnnotation',
    message: `Service uses deprecated annotation ${name}`,
  }));
}

interface Decision {
  outcome: ServiceOutcome;
  reason?: string;
  allocation?: Allocation;
  error?: AllocationError;
  events: ControllerAction[];
}

/** Keeps the IPs the service shows while they are still valid, else allocates afresh. */
function decideIPs(ctx: ControllerContext, key: string, svc: ServiceObject, namespaceLabels: Labels): Decision {
  const alloc = toAllocService(svc, namespaceLabels);
  const current = statusIPs(svc);
  const events: ControllerAction[] = [];
  if (current.length) {
    const kept = ctx.allocator.assign(key, alloc, current);
    if (kept.ok) return { outcome: 'kept', allocation: kept.value, events };
    ctx.allocator.release(key);
    events.push({
      type: 'event',
      key,
      eventType: 'Normal',
      reason: 'ClearAssignment',
      message: `current IP for "${key}" not allowed by config, will attempt for new IP assignment: ${kept.error.message}`,
    });
  }
  const fresh = ctx.allocator.allocate(key, alloc);
  if (!fresh.ok) {
    const { eventReason, message } = fresh.error;
    events.push({ type: 'event', key, eventType: 'Warning', reason: eventReason, message: describeFailure(key, message) });
    return { outcome: 'failed', reason: message, error: fresh.error, events };
  }
  // Only a change in the allocator is news: a stale cached copy (status not yet seen) is not.
  if (fresh.value.changed) {
    events.push({ type: 'event', key, eventType: 'Normal', reason: 'IPAllocated', message: `Assigned IP ${quoteList(fresh.value.ipStrings)}` });
  }
  return { outcome: 'allocated', allocation: fresh.value, events };
}

/** Releases the service and clears what the controller wrote on it. */
function clearService(ctx: ControllerContext, key: string, svc: ServiceObject, outcome: ServiceOutcome, extra: ControllerAction[] = []): ServicePlan {
  const before = ctx.allocator.ipsOf(key);
  ctx.allocator.release(key);
  return { key, outcome, ips: [], actions: [...diffService(key, svc, [], undefined), ...extra, ...freedActions(before, [])] };
}

export function reconcileService(
  ctx: ControllerContext,
  key: string,
  svc: ServiceObject | undefined,
  namespaceLabels: Labels = {},
): ServicePlan {
  const before = ctx.allocator.ipsOf(key);
  if (!svc) {
    ctx.allocator.release(key);
    return { key, outcome: 'deleted', ips: [], actions: freedActions(before, []) };
  }
  if (!isOurClass(svc, ctx.loadBalancerClass)) {
    ctx.allocator.release(key);
    return { key, outcome: 'otherClass', reason: `loadBalancerClass "${svc.spec?.loadBalancerClass ?? ''}"`, ips: [], actions: freedActions(before, []) };
  }
  if (!ctx.configLoaded) return { key, outcome: 'noConfig', ips: statusIPs(svc), actions: [] };
  if (!isLoadBalancer(svc)) return clearService(ctx, key, svc, 'notLoadBalancer');
  if (clusterIPsOf(svc).length === 0) {
    const event: ControllerAction = {
      type: 'event',
      key,
      eventType: 'Warning',
      reason: 'NoClusterIP',
      message: `Service "${key}" has no ClusterIP, so its IP family is unknown: not allocating`,
    };
    return clearService(ctx, key, svc, 'noClusterIP', [event]);
  }
  const d = decideIPs(ctx, key, svc, namespaceLabels);
  const ips = d.allocation?.ipStrings ?? [];
  const pool = d.allocation?.pool;
  const writes = diffService(key, svc, ips, pool);
  const deprecated = writes.length ? deprecatedEvents(key, d.allocation?.deprecatedAnnotations ?? d.error?.deprecatedAnnotations ?? []) : [];
  return {
    key,
    outcome: d.outcome,
    reason: d.reason,
    ips,
    pool,
    // Nothing can be freed when nothing was held: the IPs are not formatted again then.
    actions: [...writes, ...d.events, ...deprecated, ...(before ? freedActions(before, ctx.allocator.ipsOf(key)) : [])],
  };
}
