// Carries out the controller's actions on one Service: one write for status and annotations
// where the server allows it, events after. A 409 means: read fresh and retry; nothing is
// written when the fresh object already matches.
import type { ControllerAction } from '../../lib/reconcile/controller';
import { describeError, RESOURCES, splitKey, updateWithRetry, type EventRecorder, type KubeApi, type KubeObject } from '../kube';
import type { ControllerMetrics } from './metrics';

type ServiceLike = KubeObject & { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } };

/** What the actions ask of one Service: its ingress IPs (when a setStatus is among them) and annotations. */
interface Wanted {
  ips?: string[];
  set: Record<string, string>;
  remove: string[];
}

const ingressIPs = (svc: ServiceLike): string[] => (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');

function ingressDiffers(svc: ServiceLike, ips: string[]): boolean {
  const current = ingressIPs(svc);
  return current.length !== ips.length || current.some((ip, i) => ip !== ips[i]);
}

function annotationsDiffer(svc: ServiceLike, w: Wanted): boolean {
  const have = svc.metadata.annotations ?? {};
  for (const k in w.set) if (have[k] !== w.set[k]) return true;
  return w.remove.some((k) => Object.hasOwn(have, k));
}

/** The annotations with `set` applied and `remove` dropped, built without `delete` (which slows the object down). */
function annotationsWanted(have: Record<string, string>, w: Wanted): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in have) if (!w.remove.includes(k)) out[k] = have[k];
  for (const k in w.set) out[k] = w.set[k];
  return out;
}

/**
 * The service as wanted (the ingress only when `withIngress`), or undefined when it already is.
 * One copy per write: checked before copying, since after every write the same question asks
 * whether the server kept the annotations.
 */
function wantedService(svc: ServiceLike, w: Wanted, withIngress: boolean): ServiceLike | undefined {
  const newIngress = withIngress && w.ips !== undefined && ingressDiffers(svc, w.ips);
  const newAnnotations = annotationsDiffer(svc, w);
  if (!newIngress && !newAnnotations) return undefined;
  const out = { ...svc };
  if (newIngress) out.status = { ...svc.status, loadBalancer: w.ips?.length ? { ingress: w.ips.map((ip) => ({ ip })) } : {} };
  if (newAnnotations) out.metadata = { ...svc.metadata, annotations: annotationsWanted(svc.metadata.annotations ?? {}, w) };
  return out;
}

export interface ApplyDeps {
  kube: KubeApi;
  recorder: EventRecorder;
  metrics: ControllerMetrics;
  signal?: AbortSignal;
}

async function write(deps: ApplyDeps, key: string, w: Wanted, initial: ServiceLike | undefined, status: boolean) {
  try {
    const r = await updateWithRetry<ServiceLike>(deps.kube, RESOURCES.services, splitKey(key), (svc) => wantedService(svc, w, status), {
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
  // A plan holds at most one of each (lib/reconcile's diffService).
  let key: string | undefined;
  const w: Wanted = { set: {}, remove: [] };
  for (const a of actions) {
    if (a.type === 'setStatus') w.ips = a.ips;
    if (a.type === 'setAnnotations') {
      w.set = a.set;
      w.remove = a.remove;
    }
    if (a.type === 'setStatus' || a.type === 'setAnnotations') key ??= a.key;
  }
  const annotating = Object.keys(w.set).length > 0 || w.remove.length > 0;
  let current = cached;
  if (key && w.ips) {
    const r = await write(deps, key, w, current, true);
    if (r.outcome === 'notFound') return trail; // deleted meanwhile: the informer will tell us
    if (r.outcome === 'updated') noteWrite(trail, current, r.object);
    current = r.object;
  }
  if (key && annotating && (!current || annotationsDiffer(current, w))) {
    const r = await write(deps, key, w, current, false);
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
