// Embedded mode: publishes Pod objects in the system namespace that mirror what really runs here, so
// `kubectl -n metallb-system get pods` is honest: one `controller-<hash>-<id>` for the controller and one
// `speaker-<id>` per Node, Running and Ready while the matching Lease is live. Nothing else creates pods.
import { randomInt } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { CONTROLLER_LEASE } from '../controller/controller';
import {
  openInformer,
  createObject,
  deleteObject,
  describeError,
  isAlreadyExists,
  isLeaseExpired,
  patchObject,
  readLease,
  RESOURCES,
  silentLogger,
  sleep,
  backoffDelay,
  DEFAULT_BACKOFF,
  type InformerEvent,
  type InformerSet,
  type KubeObject,
  type Kube,
  type LeaseObject,
  type Logger,
  type ResourceRef,
} from '../kube';
import { leaseNode } from '../speaker/lease-board';

export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true };
export const MIRROR_LABEL = 'app.kubernetes.io/managed-by';
export const MIRROR_VALUE = 'ironlb-embedded';
/** Kubernetes' alphabet for generated name suffixes (no vowels, no look-alikes). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const IMAGES = { controller: 'ironlb/controller:embedded', speaker: 'ironlb/speaker:embedded' } as const;

export type PodRole = 'controller' | 'speaker';
/** pending: no Lease yet; ready: Lease live; lost: the Lease expired or went away after being live. */
export type PodState = 'pending' | 'ready' | 'lost';

export interface DesiredPod {
  key: string;
  role: PodRole;
  node?: string;
  hostIP?: string;
  lease: string;
  live: boolean;
  /** When the Lease stops being live on its own (renewTime + duration), in ms; null if not live. */
  expiresAt: number | null;
}

const nodeIP = (node: KubeObject) =>
  ((node.status as { addresses?: { type?: string; address?: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address;

function leaseExpiry(lease: LeaseObject | undefined, now: number): number | null {
  if (!lease || isLeaseExpired(lease, new Date(now))) return null;
  const v = readLease(lease);
  return (v.renewTime?.getTime() ?? now) + v.durationMs;
}

/** The pods that should exist now: the controller, and a speaker for each Node. Pure. */
export function describeDesiredPods(nodes: KubeObject[], leases: LeaseObject[], now: number): DesiredPod[] {
  const byName = new Map(leases.map((l) => [l.metadata.name ?? '', l]));
  const speakerLease = new Map<string, LeaseObject>();
  for (const l of leases) {
    const node = leaseNode(l);
    if (node && l.metadata.name !== CONTROLLER_LEASE) speakerLease.set(node, l);
  }
  const controllerExpiry = leaseExpiry(byName.get(CONTROLLER_LEASE), now);
  const out: DesiredPod[] = [{ key: 'controller', role: 'controller', lease: CONTROLLER_LEASE, live: controllerExpiry !== null, expiresAt: controllerExpiry }];
  for (const node of [...nodes].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    const name = node.metadata.name ?? '';
    const lease = speakerLease.get(name);
    const expiresAt = leaseExpiry(lease, now);
    out.push({ key: `speaker/${name}`, role: 'speaker', node: name, hostIP: nodeIP(node), lease: lease?.metadata.name ?? `ironlb-speaker-${name}`, live: expiresAt !== null, expiresAt });
  }
  return out;
}

/**
 * A live Lease renewed by the same holder: no pod changes (its expiry is looked at when due).
 * At 100 nodes that is 200 renewals a second the mirror need not reconcile for. Pure.
 */
export function isQuietRenewal(e: InformerEvent<LeaseObject>, now: number): boolean {
  if (e.type !== 'modified' || !e.old) return false;
  const at = new Date(now);
  if (isLeaseExpired(e.old, at) || isLeaseExpired(e.object, at)) return false;
  const before = readLease(e.old);
  const after = readLease(e.object);
  return before.holder === after.holder && before.durationMs === after.durationMs;
}

/** After `pending`, a live Lease means ready and a dead one means lost (until it is live again). */
export function nextPodState(previous: PodState | undefined, live: boolean): PodState {
  if (live) return 'ready';
  return previous === 'ready' || previous === 'lost' ? 'lost' : 'pending';
}

function randomSuffix(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** A stable 10-character "pod-template-hash" for the controller, from the image it mirrors. */
function templateHash(text: string): string {
  let h = 2166136261;
  let s = '';
  for (let i = 0; i < 10; i++) {
    for (const c of `${text}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    s += ALPHABET[h % ALPHABET.length];
  }
  return s;
}

export function podNameFor(role: PodRole): string {
  return role === 'controller' ? `controller-${templateHash(IMAGES.controller)}-${randomSuffix(5)}` : `speaker-${randomSuffix(5)}`;
}

export function podObject(name: string, namespace: string, d: DesiredPod): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'metallb', component: d.role, [MIRROR_LABEL]: MIRROR_VALUE },
      annotations: { 'ironlb.io/mirrors': `${d.role === 'controller' ? 'the ironlb controller' : `the simulated speaker of node ${d.node ?? ''}`}, Ready while Lease ${namespace}/${d.lease} is live` },
    },
    spec: {
      ...(d.node ? { nodeName: d.node, hostNetwork: true } : {}),
      serviceAccountName: d.role,
      containers: [{ name: d.role, image: IMAGES[d.role] }],
    },
  };
}

export interface MirrorStatusInput {
  state: PodState;
  hostIP?: string;
  startedAt: string;
  restarts: number;
}

/** The Pod status a kubelet would report for this state. Pure. */
export function podStatus(role: PodRole, s: MirrorStatusInput): Record<string, unknown> {
  const ready = s.state === 'ready';
  const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastTransitionTime: s.startedAt });
  const state = s.state === 'pending' ? { waiting: { reason: 'ContainerCreating' } } : { running: { startedAt: s.startedAt } };
  return {
    phase: s.state === 'pending' ? 'Pending' : 'Running',
    conditions: [cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', true)],
    ...(s.hostIP ? { hostIP: s.hostIP, podIP: s.hostIP, podIPs: [{ ip: s.hostIP }] } : {}),
    startTime: s.startedAt,
    containerStatuses: [{ name: role, image: IMAGES[role], imageID: '', ready, started: s.state !== 'pending', restartCount: s.restarts, state }],
    qosClass: 'BestEffort',
  };
}

export interface PodsMirrorOptions {
  kube: Kube;
  systemNamespace: string;
  logger?: Logger;
  /** Informers shared with the other readers of this process (the embedded cluster's). */
  informers?: InformerSet;
}

export interface PodsMirror {
  /** Mirrors until the signal aborts. Never rejects. */
  start(signal: AbortSignal): Promise<void>;
}

interface Owned {
  name: string;
  state?: PodState;
  written: string;
  startedAt: string;
  restarts: number;
}

/** RFC 3339 to the second, as the API server writes pod times. */
const timestampOf = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createPodsMirror(opts: PodsMirrorOptions): PodsMirror {
  const log = opts.logger ?? silentLogger;
  const ns = opts.systemNamespace;
  const owned = new Map<string, Owned>();
  let wake: (() => void) | undefined;
  let dirty = true;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const markDirty = () => { dirty = true; wake?.(); };

  const nodes = openInformer<KubeObject>(opts.informers, { kube: opts.kube, resource: RESOURCES.nodes, logger: log, onEvent: markDirty });
  const leases = openInformer<LeaseObject>(opts.informers, {
    kube: opts.kube, resource: RESOURCES.leases, namespace: ns, logger: log,
    onEvent: (e) => { if (!isQuietRenewal(e, Date.now())) markDirty(); },
  });
  const pods = openInformer<KubeObject>(opts.informers, {
    kube: opts.kube, resource: PODS, namespace: ns, labelSelector: `${MIRROR_LABEL}=${MIRROR_VALUE}`, logger: log,
    onEvent: (e) => {
      // Someone deleted a mirrored pod: like a DaemonSet, make a new one.
      if (e.type === 'deleted') for (const [key, o] of owned) if (o.name === e.object.metadata.name) owned.delete(key);
      markDirty();
    },
  });

  const writePod = async (d: DesiredPod, now: number) => {
    let o = owned.get(d.key);
    if (!o) {
      const name = podNameFor(d.role);
      try {
        await createObject(opts.kube, PODS, podObject(name, ns, d));
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        return markDirty(); // a name collision: another name next pass
      }
      o = { name, written: '', startedAt: timestampOf(now), restarts: 0 };
      owned.set(d.key, o);
      log.info({ op: 'pods-mirror.create', key: `${ns}/${name}`, role: d.role, node: d.node }, 'mirrored pod created');
    }
    const state = nextPodState(o.state, d.live);
    if (state === 'ready' && o.state === 'lost') {
      // Live again after a loss: what a kubelet reports as a container restart.
      o.restarts++;
      o.startedAt = timestampOf(now);
    }
    const status = podStatus(d.role, { state, hostIP: d.hostIP, startedAt: o.startedAt, restarts: o.restarts });
    const text = JSON.stringify(status);
    if (text === o.written) { o.state = state; return; }
    await patchObject(opts.kube, PODS, { namespace: ns, name: o.name }, { status }, { subresource: 'status' });
    o.written = text;
    o.state = state;
  };

  const reconcile = async () => {
    const now = Date.now();
    const desired = describeDesiredPods(nodes.list(), leases.list(), now);
    const wanted = new Set(desired.map((d) => d.key));
    for (const [key, o] of [...owned]) {
      if (wanted.has(key)) continue;
      await deleteObject(opts.kube, PODS, { namespace: ns, name: o.name });
      owned.delete(key);
    }
    for (const d of desired) await writePod(d, now);
    // Pods of an earlier run (or copies of our label) that this run does not own.
    const mine = new Set([...owned.values()].map((o) => o.name));
    for (const p of pods.list()) if (!mine.has(p.metadata.name ?? '')) await deleteObject(opts.kube, PODS, { namespace: ns, name: p.metadata.name ?? '' });
    // A Lease that stops being renewed expires without any event: look again then.
    clearTimeout(expiryTimer);
    const next = Math.min(...desired.map((d) => d.expiresAt ?? Infinity));
    if (Number.isFinite(next)) expiryTimer = setTimeout(markDirty, Math.max(1, next - Date.now() + 1));
  };

  return {
    async start(outer) {
      // One listener on the caller's signal (it is shared by every embedded component); ours fan out below it.
      const inner = new AbortController();
      setMaxListeners(32, inner.signal);
      const signal = inner.signal;
      if (outer.aborted) inner.abort();
      else outer.addEventListener('abort', () => inner.abort(), { once: true });
      const running = Promise.all([nodes.start(signal), leases.start(signal), pods.start(signal)]);
      const synced = await Promise.all([nodes.waitForSync(signal), leases.waitForSync(signal), pods.waitForSync(signal)]);
      signal.addEventListener('abort', () => wake?.(), { once: true });
      let failures = 0;
      while (!signal.aborted && synced.every(Boolean)) {
        if (!dirty) {
          await new Promise<void>((resolve) => { wake = resolve; });
          wake = undefined;
          continue;
        }
        dirty = false;
        try {
          await reconcile();
          failures = 0;
        } catch (e) {
          dirty = true;
          log.warn({ op: 'pods-mirror.reconcile', err: describeError(e) }, 'mirroring pods failed; retrying');
          await sleep(backoffDelay(DEFAULT_BACKOFF, failures++), signal);
        }
      }
      clearTimeout(expiryTimer);
      await running;
    },
  };
}
