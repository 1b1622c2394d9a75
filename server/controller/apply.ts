// Carries out the controller's actions on one Service: status and annotation writes (409 ->
// fresh read and retry; nothing written when the fresh object already matches) and events.
import type { ControllerAction } from '../../lib/reconcile/controller';
import { describeError, RESOURCES, splitKey, updateWithRetry, type EventRecorder, type Kube, type KubeObject } from '../kube';
import type { ControllerMetrics } from './metrics';

type ServiceLike = KubeObject & { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } };

const ingressIPs = (svc: ServiceLike): string[] => (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');

function withIngress(svc: ServiceLike, ips: string[]): ServiceLike | undefined {
  const current = ingressIPs(svc);
  if (current.length === ips.length && current.every((ip, i) => ip === ips[i])) return undefined;
  const loadBalancer = ips.length ? { ingress: ips.map((ip) => ({ ip })) } : {};
  return { ...svc, status: { ...svc.status, loadBalancer } };
}

function withAnnotations(svc: ServiceLike, set: Record<string, string>, remove: string[]): ServiceLike | undefined {
  const annotations = { ...svc.metadata.annotations };
  let changed = false;
  for (const [k, v] of Object.entries(set)) {
    if (annotations[k] !== v) {
      annotations[k] = v;
      changed = true;
    }
  }
  for (const k of remove) {
    if (Object.hasOwn(annotations, k)) {
      delete annotations[k];
      changed = true;
    }
  }
  return changed ? { ...svc, metadata: { ...svc.metadata, annotations } } : undefined;
}

export interface ApplyDeps {
  kube: Kube;
  recorder: EventRecorder;
  metrics: ControllerMetrics;
  signal?: AbortSignal;
}

/**
 * Applies the write actions in order (annotations, then status), each starting from the object
 * the previous write returned; then records the events. Throws on a failed write so the queue
 * retries the key; events never throw.
 */
export async function applyServiceActions(deps: ApplyDeps, cached: ServiceLike | undefined, actions: ControllerAction[]): Promise<void> {
  let current = cached;
  const annotationWrites = actions.filter((a) => a.type === 'setAnnotations');
  const statusWrites = actions.filter((a) => a.type === 'setStatus');
  for (const a of [...annotationWrites, ...statusWrites]) {
    const name = splitKey(a.key);
    const mutate =
      a.type === 'setStatus'
        ? (s: ServiceLike) => withIngress(s, a.ips)
        : a.type === 'setAnnotations'
          ? (s: ServiceLike) => withAnnotations(s, a.set, a.remove)
          : () => undefined;
    try {
      const r = await updateWithRetry<ServiceLike>(deps.kube, RESOURCES.services, name, mutate, {
        initial: current,
        subresource: a.type === 'setStatus' ? 'status' : undefined,
        signal: deps.signal,
      });
      if (r.outcome === 'notFound') return; // deleted meanwhile: the informer will tell us
      if (r.outcome === 'updated') deps.metrics.updates.inc();
      current = r.object;
    } catch (err) {
      deps.metrics.updateErrors.inc();
      throw new Error(`${a.type} ${a.key}: ${describeError(err)}`);
    }
  }
  for (const a of actions) {
    if (a.type !== 'event') continue;
    const target = current ?? { apiVersion: 'v1', kind: 'Service', metadata: { ...splitKey(a.key) } };
    void deps.recorder.record(target, a.eventType, a.reason, a.message);
  }
}
