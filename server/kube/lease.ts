// coordination.k8s.io/v1 Lease helpers: acquire/renew/release one lease, decide expiry, and a
// leader-election loop on top (controller leader election, speaker membership).
// Expiry compares renewTime + duration with the local clock (sub-second durations are kept in
// an annotation because leaseDurationSeconds is whole seconds).
import type { KubeApi } from './client';
import { isAlreadyExists, isConflict, isNotFound } from './errors';
import { createObject, deleteObject, getObject, replaceObject } from './objects';
import { RESOURCES } from './resources';
import type { KubeObject } from './types';

import { LEASE_DURATION_ANNOTATION, leaseDurationMs } from '../../lib/reconcile/lease-duration';

export { LEASE_DURATION_ANNOTATION };

export interface LeaseObject extends KubeObject {
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

export interface LeaseView {
  holder?: string;
  renewTime?: Date;
  durationMs: number;
  transitions: number;
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
export const formatMicroTime = (d: Date): string => d.toISOString().replace(/Z$/, '000Z');

export function readLease(lease: LeaseObject): LeaseView {
  const spec = lease.spec ?? {};
  const durationMs = leaseDurationMs(lease.metadata.annotations, spec.leaseDurationSeconds, 15);
  const renew = spec.renewTime ? new Date(spec.renewTime) : undefined;
  return {
    holder: spec.holderIdentity || undefined,
    renewTime: renew && !Number.isNaN(renew.getTime()) ? renew : undefined,
    durationMs,
    transitions: spec.leaseTransitions ?? 0,
  };
}

/** A lease with no holder or no renewTime counts as expired. */
export function isLeaseExpired(lease: LeaseObject, now: Date): boolean {
  const v = readLease(lease);
  if (!v.holder || !v.renewTime) return true;
  return v.renewTime.getTime() + v.durationMs <= now.getTime();
}

export interface LeaseParams {
  namespace: string;
  name: string;
  identity: string;
  durationMs: number;
  now?: () => Date;
  labels?: Record<string, string>;
}

export type AcquireReason = 'created' | 'renewed' | 'tookOver' | 'heldByOther' | 'conflict';

export interface AcquireResult {
  acquired: boolean;
  reason: AcquireReason;
  holder?: string;
  lease?: LeaseObject;
}

function leaseSpec(p: LeaseParams, now: Date, prev?: LeaseView, acquiredAt?: string) {
  const ts = formatMicroTime(now);
  const transitions = prev ? (prev.holder === p.identity ? prev.transitions : prev.transitions + 1) : 0;
  return {
    holderIdentity: p.identity,
    leaseDurationSeconds: Math.max(1, Math.ceil(p.durationMs / 1000)),
    acquireTime: acquiredAt ?? ts,
    renewTime: ts,
    leaseTransitions: transitions,
  };
}

function withDuration(meta: KubeObject['metadata'], p: LeaseParams): KubeObject['metadata'] {
  return {
    ...meta,
    labels: { ...meta.labels, ...p.labels },
    annotations: { ...meta.annotations, [LEASE_DURATION_ANNOTATION]: String(p.durationMs) },
  };
}

/** `current` written as held by us from `now`: a renewal keeps its acquireTime and transitions. */
function heldBy(p: LeaseParams, now: Date, current: LeaseObject): LeaseObject {
  const view = readLease(current);
  const keepAcquire = view.holder === p.identity ? (current.spec?.acquireTime ?? undefined) : undefined;
  return { ...current, metadata: withDuration(current.metadata, p), spec: leaseSpec(p, now, view, keepAcquire) };
}

/**
 * The holder's renewal without reading the lease first: the lease as our last write left it, with
 * a new renewTime. client-go's leader election does the same ("fast path for the leader to update
 * optimistically assuming that the record observed last time is the current version",
 * k8s.io/client-go/tools/leaderelection/leaderelection.go, tryAcquireOrRenew). A write by anyone
 * else since then makes it fail with 409; the caller then reads and decides (tryAcquireLease).
 */
export async function renewHeldLease(kube: KubeApi, p: LeaseParams, held: LeaseObject): Promise<LeaseObject> {
  const now = (p.now ?? (() => new Date()))();
  return replaceObject<LeaseObject>(kube, RESOURCES.leases, heldBy(p, now, held));
}

/**
 * Creates the lease, renews it when we hold it, or takes it over when it expired. A lease held
 * by someone else and still live is left alone (`heldByOther`). Losing a write race is
 * `conflict`: not acquired this round.
 */
export async function tryAcquireLease(kube: KubeApi, p: LeaseParams): Promise<AcquireResult> {
  const now = (p.now ?? (() => new Date()))();
  const current = await getObject<LeaseObject>(kube, RESOURCES.leases, p);
  try {
    if (!current) {
      const lease = await createObject<LeaseObject>(kube, RESOURCES.leases, {
        metadata: withDuration({ name: p.name, namespace: p.namespace }, p),
        spec: leaseSpec(p, now),
      });
      return { acquired: true, reason: 'created', holder: p.identity, lease };
    }
    const view = readLease(current);
    const ours = view.holder === p.identity;
    if (!ours && !isLeaseExpired(current, now)) return { acquired: false, reason: 'heldByOther', holder: view.holder, lease: current };
    const lease = await replaceObject<LeaseObject>(kube, RESOURCES.leases, heldBy(p, now, current));
    return { acquired: true, reason: ours ? 'renewed' : 'tookOver', holder: p.identity, lease };
  } catch (e) {
    if (isConflict(e) || isAlreadyExists(e)) return { acquired: false, reason: 'conflict' };
    throw e;
  }
}

/**
 * Gives the lease up if we hold it: `delete` removes it (speaker membership: a clean stop is
 * seen at once), `clear` empties holderIdentity (leader election: the standby takes over at once).
 */
export async function releaseLease(
  kube: KubeApi,
  p: Pick<LeaseParams, 'namespace' | 'name' | 'identity'>,
  mode: 'delete' | 'clear' = 'clear',
): Promise<boolean> {
  const current = await getObject<LeaseObject>(kube, RESOURCES.leases, p);
  if (!current || readLease(current).holder !== p.identity) return false;
  try {
    if (mode === 'delete') return await deleteObject(kube, RESOURCES.leases, p);
    await replaceObject(kube, RESOURCES.leases, {
      ...current,
      spec: { ...current.spec, holderIdentity: null, renewTime: null, acquireTime: null },
    });
    return true;
  } catch (e) {
    if (isConflict(e) || isNotFound(e)) return false;
    throw e;
  }
}
