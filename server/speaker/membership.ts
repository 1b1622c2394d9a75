// Speaker membership: holds this node's Lease `ironlb-speaker-<node>` (renewed every renewMs,
// health report in its annotations) and says who is alive, as the lease board (every speaker
// Lease, lib/reconcile/speaker-membership decides) shows it. A clean stop deletes the Lease first.
import {
  deleteObject,
  describeError,
  isConflict,
  isNotFound,
  replaceObject,
  RESOURCES,
  sleep,
  tryAcquireLease,
  formatMicroTime,
  type Kube,
  type KubeObject,
  type LeaseObject,
  type Logger,
} from '../kube';
import { sameMembers, type MembershipView } from '../../lib/reconcile/speaker-membership';
import { HEALTH_ANNOTATION } from '../../lib/reconcile/speaker-health';
import { leaseNode, type LeaseBoard } from './lease-board';
import { LEASE_NAME_PREFIX, LEASE_NODE_LABEL, SPEAKER_LEASE_LABELS, type SpeakerSources } from './sources';

export const INSTANCE_ANNOTATION = 'ironlb.io/instance';
const RELEASE_TIMEOUT_MS = 2000;
export const leaseNameFor = (node: string): string => `${LEASE_NAME_PREFIX}${node}`;

export interface MembershipOptions {
  kube: Kube;
  nodeName: string;
  systemNamespace: string;
  sources: SpeakerSources;
  /** Every speaker Lease and the live set (shared by the speakers of one process). */
  board: LeaseBoard;
  durationMs: number;
  renewMs: number;
  /** Random per process; written to the Lease so a second process for one node is visible. */
  instance: string;
  logger: Logger;
  /** Local clock (ms); injected by tests. */
  now?: () => number;
  /** The health report to publish with each renewal. */
  healthText: () => string;
  /** The live set or our own standing changed. */
  onChange: () => void;
  onError: (message: string) => void;
}

export interface Membership {
  /** Renews until the signal aborts (does not release: call release() for a clean stop). */
  start(signal: AbortSignal): Promise<void>;
  /** Deletes our Lease: every other speaker drops us at once. */
  release(): Promise<void>;
  view(): MembershipView;
  /** Our Lease as last written (for its age). */
  ownLease(): LeaseObject | undefined;
  /** Leases of every speaker, by node. */
  leases(): Map<string, LeaseObject>;
}

export function createMembership(opts: MembershipOptions): Membership {
  const now = opts.now ?? (() => Date.now());
  const name = leaseNameFor(opts.nodeName);
  const ref = { namespace: opts.systemNamespace, name };
  let current: MembershipView = opts.board.view(opts.nodeName);
  let mine: LeaseObject | undefined;
  let stopped = false;
  let inflight: Promise<void> = Promise.resolve();

  const sameView = (a: MembershipView, b: MembershipView) => a.reason === b.reason && sameMembers(a.live, b.live);

  const recompute = () => {
    const next = opts.board.view(opts.nodeName);
    const changed = !sameView(current, next);
    current = next;
    if (changed) opts.onChange();
  };

  const desiredMeta = (base: KubeObject['metadata']): KubeObject['metadata'] => ({
    ...base,
    labels: { ...base.labels, ...SPEAKER_LEASE_LABELS, [LEASE_NODE_LABEL]: opts.nodeName },
    annotations: {
      ...base.annotations,
      [INSTANCE_ANNOTATION]: opts.instance,
      [HEALTH_ANNOTATION]: opts.healthText(),
    },
  });

  const acquire = async (): Promise<void> => {
    const got = await tryAcquireLease(opts.kube, {
      ...ref,
      identity: opts.nodeName,
      durationMs: opts.durationMs,
      labels: { ...SPEAKER_LEASE_LABELS, [LEASE_NODE_LABEL]: opts.nodeName },
    });
    if (!got.acquired || !got.lease) throw new Error(`could not acquire lease ${name}: ${got.reason}`);
    mine = got.lease;
    await renew();
  };

  const renew = async (): Promise<void> => {
    if (!mine) return acquire();
    const previous = mine.metadata.annotations?.[INSTANCE_ANNOTATION];
    if (previous && previous !== opts.instance) {
      opts.onError(`another speaker process (instance ${previous}) also renews lease ${name}`);
    }
    mine = await replaceObject<LeaseObject>(opts.kube, RESOURCES.leases, {
      ...mine,
      metadata: desiredMeta(mine.metadata),
      spec: { ...mine.spec, holderIdentity: opts.nodeName, renewTime: formatMicroTime(new Date()) },
    });
  };

  const renewOnce = async (): Promise<void> => {
    try {
      await renew();
    } catch (e) {
      // 409: someone else wrote it (kubectl, a second process); 404: it was deleted. Re-read next tick.
      if (isConflict(e) || isNotFound(e)) mine = undefined;
      const message = `lease ${name}: ${describeError(e)}`;
      opts.logger.warn({ op: 'membership.renew', key: name, err: message }, 'lease renewal failed');
      opts.onError(message);
    }
  };

  return {
    async start(signal) {
      const off = opts.board.subscribe(recompute);
      recompute();
      while (!signal.aborted && !stopped) {
        const started = now();
        inflight = renewOnce();
        await inflight;
        const wait = Math.max(0, opts.renewMs - (now() - started));
        await sleep(wait, signal);
      }
      off();
    },
    async release() {
      stopped = true;
      await inflight; // a renewal landing after the delete must not bring the Lease back
      try {
        // Bounded: with the API server gone, a stop must still go quiet promptly.
        await deleteObject(opts.kube, RESOURCES.leases, ref, AbortSignal.timeout(RELEASE_TIMEOUT_MS));
      } catch (e) {
        opts.logger.warn(
          { op: 'membership.release', key: name, err: describeError(e) },
          'could not delete lease',
        );
      }
      mine = undefined;
    },
    view: () => current,
    ownLease: () => mine,
    leases() {
      const out = new Map<string, LeaseObject>();
      for (const lease of opts.sources.informers.leases.list()) {
        const node = leaseNode(lease);
        if (node) out.set(node, lease as LeaseObject);
      }
      return out;
    },
  };
}
