// Where every Service's IPs would land after a pool change, decided by the controller's own code:
// lib/allocator driven by lib/reconcile's reconcileService, in the order the controller works.
// First the allocator is brought to today's state (the controller's first pass over the current
// pools), then the new pools are set and the services reconciled again, as the controller does
// on a config change, with the pending ones retried while IPs are freed.
import { Allocator, type AllocatorPool } from '../allocator';
import { reconcileService, type ControllerContext } from '../reconcile/controller';
import { isLoadBalancer, sortForFirstPass, serviceKey, type Labels, type ServiceObject } from '../reconcile/controller-service';

export interface ReplayInput {
  services: readonly ServiceObject[];
  namespaceLabels: (namespace: string) => Labels;
  loadBalancerClass?: string;
  /** The pools the controller uses now; null when today's configuration is invalid (then only `after` counts). */
  before: readonly AllocatorPool[] | null;
  after: readonly AllocatorPool[];
}

export interface ReplayedService {
  ips: string[];
  pool?: string;
  /** Why the service has no IP (the allocator's message), when it has none. */
  reason?: string;
}

/** The controller retries pending services after each pass that freed IPs; it settles in a few. */
const MAX_PENDING_PASSES = 5;

function reconcileAll(ctx: ControllerContext, input: ReplayInput, services: readonly ServiceObject[], out: Map<string, ReplayedService>): boolean {
  let freed = false;
  for (const svc of services) {
    const key = serviceKey(svc);
    const plan = reconcileService(ctx, key, svc, input.namespaceLabels(svc.metadata.namespace ?? ''));
    if (plan.actions.some((a) => a.type === 'reprocessPending')) freed = true;
    if (plan.outcome === 'kept' || plan.outcome === 'allocated' || plan.outcome === 'failed') {
      out.set(key, { ips: plan.ips, ...(plan.pool ? { pool: plan.pool } : {}), ...(plan.reason ? { reason: plan.reason } : {}) });
    } else out.delete(key);
  }
  return freed;
}

/** Each LoadBalancer service of ours, keyed `namespace/name`, with the IPs it would hold after the change. */
export function replayAllocations(input: ReplayInput): Map<string, ReplayedService> {
  const allocator = new Allocator();
  const ctx: ControllerContext = { allocator, loadBalancerClass: input.loadBalancerClass, configLoaded: true };
  const ordered = sortForFirstPass(input.services);
  const scratch = new Map<string, ReplayedService>();
  if (input.before) {
    allocator.setPools(input.before);
    reconcileAll(ctx, input, ordered, scratch);
  }
  const invalidated = new Set(allocator.setPools(input.after).map((i) => i.svcKey));
  // A service still holding valid IPs would only be confirmed ("kept"): the state does not move,
  // so only the invalidated and the unallocated ones are reconciled, in the controller's order.
  const out = new Map<string, ReplayedService>();
  const redo: ServiceObject[] = [];
  for (const svc of ordered) {
    const key = serviceKey(svc);
    const ips = allocator.ipsOf(key);
    if (ips && !invalidated.has(key)) out.set(key, { ips, pool: allocator.poolOf(key) });
    else redo.push(svc);
  }
  let freed = reconcileAll(ctx, input, redo, out);
  for (let pass = 0; freed && pass < MAX_PENDING_PASSES; pass++) {
    const pending = ordered.filter((s) => isLoadBalancer(s) && allocator.ipsOf(serviceKey(s)) === undefined);
    freed = reconcileAll(ctx, input, pending, out);
  }
  return out;
}
