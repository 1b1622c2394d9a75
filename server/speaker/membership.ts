// This node's speaker Lease `ironlb-speaker-<node>`: the slow, API-visible record of membership
// (who runs a speaker, its MACs and health report, for the dashboard and for the peers an
// interface waits to hear). Who is live is decided on the LAN (heartbeat/lan-membership.ts), so
// the Lease is renewed rarely: every renewMs (up to a fifth early, at random; up to half after a
// write off that rhythm), and early (at most every minWriteMs) when the health report changed in
// substance. A clean stop deletes it.
import {
  deleteObject,
  describeError,
  isConflict,
  isNotFound,
  patchObject,
  RESOURCES,
  tryAcquireLease,
  formatMicroTime,
  type KubeApi,
  type LeaseObject,
  type Logger,
} from '../kube';
import { LEASE_NAME_PREFIX, LEASE_NODE_LABEL, SPEAKER_LEASE_LABELS } from './sources';
import { monotonicNow } from './transport/clock';

export const INSTANCE_ANNOTATION = 'ironlb.io/instance';
const RELEASE_TIMEOUT_MS = 2000;
/**
 * Each renewal comes up to this share of renewMs early, at random, never late: speakers started
 * together (a DaemonSet rollout, the simulated nodes of one process) or moved together (a failover
 * rewrites every report at once) would otherwise renew in step for good, one burst of writes per
 * period. Kubernetes' node lease controller spreads kubelets the same way, by up to 4 % late
 * (k8s.io/component-helpers/apimachinery/lease/controller.go: `wait.JitterUntil(c.sync,
 * c.renewInterval, 0.04, true, ...)`); 4 % of 30 s takes many periods to pull a hundred speakers
 * apart, a fifth does it in one, and early keeps the lease's margin whole.
 */
const RENEW_JITTER = 0.2;
/**
 * A write off that rhythm (the first, or an early one for a changed report) comes in step with the
 * other speakers' by its nature: they started together or saw the same change. The renewal after
 * it is drawn from the whole second half of the period, so the next round is spread over half a
 * period at once, not bunched in the last fifth (measured: 100 speakers joining together renewed
 * in one 9 s burst 27-36 s later, 6-9 % of a core in each of its windows).
 */
const REALIGN_JITTER = 0.5;
export const leaseNameFor = (node: string): string => `${LEASE_NAME_PREFIX}${node}`;

/** The entries of `after` that `before` lacks or holds differently (undefined when none). */
function changedEntries(before: Record<string, string> | undefined, after: Record<string, string> | undefined): Record<string, string> | undefined {
  const changed = Object.entries(after ?? {}).filter(([k, v]) => before?.[k] !== v);
  return changed.length ? Object.fromEntries(changed) : undefined;
}

export interface LeaseRecordOptions {
  kube: KubeApi;
  nodeName: string;
  systemNamespace: string;
  durationMs: number;
  renewMs: number;
  /** Earliest gap between two writes when the report changed (a failover moves every report). */
  minWriteMs: number;
  /** Random per process; written to the Lease so a second process for one node is visible. */
  instance: string;
  logger: Logger;
  /** The health report's annotations to publish, and the report's part worth an early write. */
  health: () => Record<string, string>;
  substance: () => string;
  onError: (message: string) => void;
  /** Counts every write (the API load the benchmark reports). */
  onWrite?: () => void;
}

export interface LeaseRecord {
  /** Writes until the signal aborts (does not release: call release() for a clean stop). */
  start(signal: AbortSignal): Promise<void>;
  /** The report may have changed in substance: write early if it did. */
  poke(): void;
  /** Deletes our Lease. */
  release(): Promise<void>;
  /** Our Lease as last written. */
  ownLease(): LeaseObject | undefined;
}

export function createLeaseRecord(opts: LeaseRecordOptions): LeaseRecord {
  const name = leaseNameFor(opts.nodeName);
  const ref = { namespace: opts.systemNamespace, name };
  let mine: LeaseObject | undefined;
  let stopped = false;
  let inflight: Promise<void> = Promise.resolve();
  let published = '';
  let lastWrite = -Infinity;
  let gap = opts.renewMs;
  let wake: (() => void) | undefined;

  const ownLabels = { ...SPEAKER_LEASE_LABELS, [LEASE_NODE_LABEL]: opts.nodeName };

  const acquire = async (): Promise<void> => {
    const got = await tryAcquireLease(opts.kube, {
      ...ref,
      identity: opts.nodeName,
      durationMs: opts.durationMs,
      labels: ownLabels,
    });
    opts.onWrite?.();
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
    const substance = opts.substance();
    opts.onWrite?.();
    // A merge patch of what moved, guarded by the resourceVersion as a PUT would be (409 when
    // someone else wrote): at rest that is the renew time and the small counters annotation, not
    // the whole 8 KiB report on every renewal.
    mine = await patchObject<LeaseObject>(opts.kube, RESOURCES.leases, ref, {
      metadata: {
        resourceVersion: mine.metadata.resourceVersion,
        labels: changedEntries(mine.metadata.labels, ownLabels),
        annotations: changedEntries(mine.metadata.annotations, { [INSTANCE_ANNOTATION]: opts.instance, ...opts.health() }),
      },
      spec: { holderIdentity: opts.nodeName, renewTime: formatMicroTime(new Date()) },
    });
    published = substance;
  };

  const renewOnce = async (): Promise<void> => {
    const now = monotonicNow();
    const onRhythm = now >= lastWrite + gap && Number.isFinite(lastWrite);
    lastWrite = now;
    gap = opts.renewMs * (1 - (onRhythm ? RENEW_JITTER : REALIGN_JITTER) * Math.random());
    try {
      await renew();
    } catch (e) {
      // 409: someone else wrote it (kubectl, a second process); 404: it was deleted. Re-read next time.
      if (isConflict(e) || isNotFound(e)) mine = undefined;
      const message = `lease ${name}: ${describeError(e)}`;
      opts.logger.warn({ op: 'membership.renew', key: name, err: message }, 'lease renewal failed');
      opts.onError(message);
    }
  };

  /** Sleeps `ms`, or less when poked or aborted (one timer and one listener, both gone after). */
  const nap = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      wake = done;
    });

  /** Until the next renewal is due, or an early write for a changed report is allowed. */
  const waitForNextWrite = async (signal: AbortSignal): Promise<void> => {
    for (;;) {
      const now = monotonicNow();
      const dueAt = lastWrite + gap;
      const changed = published !== opts.substance();
      const earliest = changed ? Math.max(lastWrite + opts.minWriteMs, now) : dueAt;
      const wait = Math.min(dueAt, earliest) - now;
      if (wait <= 0 || signal.aborted || stopped) return;
      await nap(wait, signal);
    }
  };

  return {
    async start(signal) {
      while (!signal.aborted && !stopped) {
        inflight = renewOnce();
        await inflight;
        await waitForNextWrite(signal);
      }
    },
    poke() {
      wake?.();
    },
    async release() {
      stopped = true;
      wake?.();
      await inflight; // a renewal landing after the delete must not bring the Lease back
      try {
        // Bounded: with the API server gone, a stop must still go quiet promptly.
        await deleteObject(opts.kube, RESOURCES.leases, ref, AbortSignal.timeout(RELEASE_TIMEOUT_MS));
        opts.onWrite?.();
      } catch (e) {
        opts.logger.warn(
          { op: 'membership.release', key: name, err: describeError(e) },
          'could not delete lease',
        );
      }
      mine = undefined;
    },
    ownLease: () => mine,
  };
}
