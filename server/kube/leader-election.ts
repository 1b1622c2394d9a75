// Leader election on one Lease: only the holder runs the leader's work; a standby takes over
// when the lease expires; a clean stop releases the lease so the standby takes over at once.
import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff';
import type { KubeApi } from './client';
import { describeError } from './errors';
import { releaseLease, renewHeldLease, tryAcquireLease, type AcquireReason, type AcquireResult, type LeaseObject } from './lease';
import { silentLogger, type Logger } from './types';

export interface LeaderElectionOptions {
  kube: KubeApi;
  namespace: string;
  name: string;
  identity: string;
  /** How long a lease lives without renewal. */
  durationMs: number;
  /** Renew (and, as standby, retry) interval; must be well below durationMs. */
  renewMs: number;
  /**
   * A leader that could not renew for this long stops leading, before the lease can expire and
   * a standby take over (client-go's renewDeadline). Default: two thirds of durationMs.
   */
  renewDeadlineMs?: number;
  /**
   * Called when we become leader, with a signal that aborts when we stop leading (lost lease,
   * or the election's own signal aborted). May return a promise; it is awaited before release.
   */
  onStartedLeading: (leaderSignal: AbortSignal) => void | Promise<void>;
  onStoppedLeading?: () => void;
  /** Called on every observation, for status displays. */
  onObserve?: (o: { leading: boolean; holder?: string; reason: AcquireReason | 'error' }) => void;
  logger?: Logger;
  now?: () => Date;
}

export interface LeaderElection {
  start(signal: AbortSignal): Promise<void>;
  isLeader(): boolean;
  holder(): string | undefined;
}

export function createLeaderElection(opts: LeaderElectionOptions): LeaderElection {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  let leading: { abort: AbortController; work: Promise<void> } | undefined;
  let holder: string | undefined;
  let lastRenew = 0;
  const renewDeadline = opts.renewDeadlineMs ?? Math.floor((opts.durationMs * 2) / 3);
  const pastDeadline = () => !!leading && Date.now() - lastRenew >= renewDeadline;

  const stopLeading = async (why: string) => {
    if (!leading) return;
    const l = leading;
    leading = undefined;
    logger.info({ op: 'leader.stop', lease: opts.name, reason: why }, 'stopped leading');
    l.abort.abort();
    await l.work;
    opts.onStoppedLeading?.();
  };

  const startLeading = () => {
    const abort = new AbortController();
    logger.info({ op: 'leader.start', lease: opts.name, identity: opts.identity }, 'became leader');
    const work = Promise.resolve()
      .then(() => opts.onStartedLeading(abort.signal))
      .catch((err: unknown) => logger.error({ op: 'leader.work', err: describeError(err) }, 'leader work failed'));
    leading = { abort, work };
  };

  /** The lease as our last write left it, while we lead: renewed without reading it first. */
  let held: LeaseObject | undefined;
  const acquireOrRenew = async (): Promise<AcquireResult> => {
    if (leading && held) {
      try {
        const lease = await renewHeldLease(opts.kube, { ...opts, now }, held);
        return { acquired: true, reason: 'renewed', holder: opts.identity, lease };
      } catch (err) {
        // Someone else wrote the lease (409), or the request failed: read it and decide.
        logger.debug({ op: 'leader.renew', lease: opts.name, err: describeError(err) }, 'renewal without a read failed; reading the lease');
      }
    }
    return tryAcquireLease(opts.kube, { ...opts, now });
  };

  const observe = async (): Promise<boolean> => {
    try {
      const r = await acquireOrRenew();
      held = r.acquired ? r.lease : undefined;
      holder = r.holder ?? holder;
      opts.onObserve?.({ leading: r.acquired, holder, reason: r.reason });
      if (r.acquired) {
        lastRenew = Date.now();
        if (!leading) startLeading();
      } else if (r.reason === 'heldByOther') {
        await stopLeading('heldByOther');
      } else if (pastDeadline()) {
        await stopLeading('renewDeadline');
      }
      return true;
    } catch (err) {
      logger.warn({ op: 'leader.observe', lease: opts.name, err: describeError(err) }, 'lease request failed');
      opts.onObserve?.({ leading: !!leading, holder, reason: 'error' });
      // Without a renewal for this long someone else may soon lead: step down first.
      if (pastDeadline()) await stopLeading('renewDeadline');
      return false;
    }
  };

  return {
    async start(signal) {
      let failures = 0;
      while (!signal.aborted) {
        // A starved event loop may come back after the deadline: step down before renewing late.
        if (pastDeadline()) await stopLeading('renewDeadline');
        failures = (await observe()) ? 0 : failures + 1;
        const wait = failures ? Math.min(opts.renewMs, backoffDelay(DEFAULT_BACKOFF, failures - 1)) : opts.renewMs;
        await sleep(wait, signal);
      }
      const wasLeading = !!leading;
      await stopLeading('shutdown');
      if (wasLeading) {
        await releaseLease(opts.kube, opts, 'clear').catch((err: unknown) =>
          logger.warn({ op: 'leader.release', err: describeError(err) }, 'could not release lease'),
        );
      }
    },
    isLeader: () => !!leading,
    holder: () => holder,
  };
}
