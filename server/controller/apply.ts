// Carries out the controller's actions on one Service: one write for status and annotations
// where the server allows it, events after. A 409 means: read fresh and retry; nothing is
// written when the fresh object already matches.
import type { ControllerAction } from '../../lib/reconcile/controller';
import { describeError, RESOURCES, splitKey, updateWithRetry, type EventRecorder, type KubeApi, type KubeObject } from '../kube';
import type { ControllerMetrics } from './metrics';

type ServiceLike = KubeObject & { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } };
type Mutation = (svc: ServiceLike) => ServiceLike | undefined;

const ingressIPs = (svc: ServiceLike): string[] => (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');

const setIngress = (ips: string[]): Mutation => (svc) => {
  const current = ingressIPs(svc);
  if (current.length === ips.length && current.every((ip, i) => ip === ips[i])) return undefined;
  const loadBalancer = ips.length ? { ingress: ips.map((ip) => ({ ip })) } : {};
  return { ...svc, status: { ...svc.status, loadBalancer } };
};

const setAnnotations = (set: Record<string, string>, remove: string[]): Mutation => (svc) => {
  const have = svc.metadata.annotations ?? {};
  // Checked before copying: after every write the same mutation asks whether the server kept them.
  const unchanged = Object.entries(set).every(([k, v]) => have[k] === v) && !remove.some((k) => Object.hasOwn(have, k));
  if (unchanged) return undefined;
  const annotations = { ...have, ...set };
  for (const k of remove) delete annotations[k];
  return { ...svc, metadata: { ...svc.metadata, annotations } };
};

/** Applies every mutation that changes something; undefined when none does. */
const combine = (mutations: Mutation[]): Mutation => (svc) => {
  let out: ServiceLike | undefined;
  for (const m of mutations) out = m(out ?? svc) ?? out;
  return out;
};

export interface ApplyDeps {
  kube: KubeApi;
  recorder: EventRecorder;
  metrics: ControllerMetrics;
  signal?: AbortSignal;
}

async function write(deps: ApplyDeps, key: string, mutate: Mutation, initial: ServiceLike | undefined, status: boolean) {
  try {
    const r = await updateWithRetry<ServiceLike>(deps.kube, RESOURCES.services, splitKey(key), mutate, {
      initial,
      subresource: status ? 'status' : undefined,
      signal: deps.signal,
    });
    if (r.outcome === 'updated') deps.metrics.updates.inc();
    return r;
  } catch (err) {
    deps.metrics.updateErrors.inc();
    throw new Error(`update ${status ? 'status of ' : ''}${key}: ${describeError(err)}`);
  }
}

/** resourceVersions our writes left behind: `stale` ones (the start and in-between) and the `final` one. */
export interface WriteTrail {
  stale: string[];
  final?: string;
}

/**
 * A write took the service from `before` to `after`. (A module function, not a closure made per
 * call: the hot path of a bulk change makes none.)
 */
function noteWrite(trail: WriteTrail, before: ServiceLike | undefined, after: ServiceLike) {
  const b = before?.metadata.resourceVersion;
  if (b && b !== after.metadata.resourceVersion) trail.stale.push(b);
  trail.final = after.metadata.resourceVersion;
}

/**
 * Writes status and annotations in one PUT to services/status: a real API server keeps
 * metadata changes made through a core type's status subresource (kubernetes#92022). When the
 * server dropped them (custom-resource style), the annotations follow in a second write.
 * Throws on a failed write so the queue retries the key. Events are recorded last, never throw.
 */
export async function applyServiceActions(deps: ApplyDeps, cached: ServiceLike | undefined, actions: ControllerAction[]): Promise<WriteTrail> {
  const trail: WriteTrail = { stale: [] };
  const key = actions.find((a) => a.type === 'setStatus' || a.type === 'setAnnotations')?.key;
  const statusMutations: Mutation[] = [];
  const annotationMutations: Mutation[] = [];
  for (const a of actions) {
    if (a.type === 'setStatus') statusMutations.push(setIngress(a.ips));
    if (a.type === 'setAnnotations') annotationMutations.push(setAnnotations(a.set, a.remove));
  }
  let current = cached;
  if (key && statusMutations.length) {
    const r = await write(deps, key, combine([...statusMutations, ...annotationMutations]), current, true);
    if (r.outcome === 'notFound') return trail; // deleted meanwhile: the informer will tell us
    if (r.outcome === 'updated') noteWrite(trail, current, r.object);
    current = r.object;
  }
  const annotationsLeft = combine(annotationMutations);
  if (key && annotationMutations.length && (!current || annotationsLeft(current))) {
    const r = await write(deps, key, annotationsLeft, current, false);
    if (r.outcome === 'notFound') return trail;
    if (r.outcome === 'updated') noteWrite(trail, current, r.object);
    current = r.object;
  }
  for (const a of actions) {
    if (a.type !== 'event') continue;
    const target = current ?? { apiVersion: 'v1', kind: 'Service', metadata: { ...splitKey(a.key) } };
    void deps.recorder.record(target, a.eventType, a.reason, a.message);
  }
  return trail;
}
